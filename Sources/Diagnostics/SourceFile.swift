/// A file's bytes with a table of line starts, so that byte offsets (what every span
/// stores) turn into lines and columns only when something is printed.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`, as CommonMark counts them.
public struct SourceFile: Sendable {
    /// The path as the user named it (never made absolute, so output is reproducible).
    public let path: String
    /// The file's raw bytes, exactly as read.
    public let bytes: [UInt8]
    /// The byte offset at which each line starts; `lineStarts[0] == 0`.
    public let lineStarts: [Int]
    /// Whether every byte is ASCII, so a column is a byte distance (no walk along the line).
    public let isASCII: Bool

    /// Every `checkpointStride` bytes, the column there, counted from its line's start
    /// (empty for ASCII files): a column is then found by walking at most one stride, however
    /// long the line.
    private let checkpoints: [Int32]
    private static let checkpointStride = 4096

    /// Creates a source file and indexes its lines.
    /// - Parameters:
    ///   - path: The path to show in diagnostics.
    ///   - bytes: The file's contents.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts = [0]
        var checkpoints: [Int32] = []
        var high: UInt8 = 0
        bytes.withUnsafeBufferPointer { b in
            let n = b.count
            var i = 0
            var scalars: Int32 = 0
            while i < n {
                if i & (Self.checkpointStride - 1) == 0 { checkpoints.append(scalars) }
                let c = b[i]
                high |= c
                if c & 0xC0 != 0x80 { scalars &+= 1 }
                if c == 0x0A {
                    starts.append(i + 1)
                    scalars = 0
                } else if c == 0x0D {
                    if i + 1 < n, b[i + 1] == 0x0A {
                        i += 1
                        if i & (Self.checkpointStride - 1) == 0 { checkpoints.append(scalars) }
                    }
                    starts.append(i + 1)
                    scalars = 0
                }
                i += 1
            }
        }
        self.lineStarts = starts
        self.isASCII = high < 0x80
        self.checkpoints = high < 0x80 ? [] : checkpoints
    }

    /// Creates a source file from text (tests and generated examples).
    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The number of lines (a final line without a terminator counts).
    public var lineCount: Int { lineStarts.count }

    /// The 0-based index of the line holding a byte offset.
    public func lineIndex(at offset: Int) -> Int {
        let target = max(0, min(offset, bytes.count))
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= target { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The 1-based line and column of a byte offset. Columns count Unicode scalars, so a
    /// caret lines up under the character whatever its encoded width.
    public func location(at offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        let line = lineIndex(at: clamped)
        // A byte-order mark is invisible in editors: column 1 is the character after it.
        let lineStart = min(lineRange(line).lowerBound, clamped)
        if isASCII { return SourceLocation(line: line + 1, column: 1 + clamped - lineStart) }
        var i = lineStart
        var column = 1
        let checkpoint = clamped / Self.checkpointStride
        let checkpointOffset = checkpoint * Self.checkpointStride
        if checkpointOffset > lineStart, checkpoint < checkpoints.count, lineStarts[line] < checkpointOffset {
            // The stored count runs from the line's first byte; a mark at the file's start
            // is one scalar that does not count as a column.
            i = checkpointOffset
            column = 1 + Int(checkpoints[checkpoint]) - (lineStart > lineStarts[line] ? 1 : 0)
        }
        while i < clamped {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourceLocation(line: line + 1, column: column)
    }

    /// The byte range of a 0-based line, without its terminator (and, on the first line,
    /// without a byte-order mark, which is not content).
    public func lineRange(_ index: Int) -> Range<Int> {
        var start = lineStarts[index]
        if index == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var end = max(start, index + 1 < lineStarts.count ? lineStarts[index + 1] : bytes.count)
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return start..<end
    }

    /// The text of a 0-based line, without its terminator; invalid UTF-8 is replaced.
    public func lineText(_ index: Int) -> String {
        String(decoding: bytes[lineRange(index)], as: UTF8.self)
    }

    /// The text of a byte range; invalid UTF-8 is replaced.
    public func text(_ span: Span) -> String {
        let lo = max(0, min(span.start, bytes.count))
        let hi = max(lo, min(span.end, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}

/// A 1-based line and column, computed from a byte offset for printing.
public struct SourceLocation: Sendable, Hashable, Comparable {
    /// The 1-based line.
    public var line: Int
    /// The 1-based column, in Unicode scalars.
    public var column: Int

    /// Creates a location.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// Widths of UTF-8 sequences by their lead byte.
package enum UTF8Width {
    /// The number of bytes a sequence starting with `lead` takes (1 for a stray byte, so
    /// that walking invalid text always advances).
    @inline(__always)
    package static func of(_ lead: UInt8) -> Int {
        if lead < 0xC0 { return 1 }
        if lead < 0xE0 { return 2 }
        if lead < 0xF0 { return 3 }
        return lead < 0xF8 ? 4 : 1
    }
}
