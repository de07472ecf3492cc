import Diagnostics

/// Finds the frontmatter block: a first line `---` (after an optional byte-order mark) and
/// the next line that is `---` or `...`.
enum FrontmatterSplitter {
    /// Where the frontmatter and body are.
    struct Layout {
        /// Where the file's content starts (3 after a byte-order mark).
        var contentStart: Int
        /// The opening delimiter line, if the file has one.
        var open: Span?
        /// The YAML between the delimiters.
        var yaml: Span?
        /// The closing delimiter line.
        var close: Span?
        /// The 0-based line where the body starts.
        var bodyLine: Int
        /// Whether the opening delimiter was never closed.
        var unterminated: Bool
    }

    static func split(_ file: SourceFile) -> Layout {
        let b = file.bytes
        let bom = b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0
        var layout = Layout(contentStart: bom, open: nil, yaml: nil, close: nil, bodyLine: 0, unterminated: false)
        guard file.lineCount > 0, isDelimiter(file, line: 0, from: bom, dots: false) else { return layout }
        let first = file.lineRange(0)
        layout.open = Span(start: bom, end: first.upperBound)
        var line = 1
        while line < file.lineCount {
            let r = file.lineRange(line)
            if isDelimiter(file, line: line, from: r.lowerBound, dots: true) {
                layout.yaml = Span(start: file.lineStarts[1], end: r.lowerBound)
                layout.close = Span(start: r.lowerBound, end: r.upperBound)
                layout.bodyLine = line + 1
                return layout
            }
            line += 1
        }
        layout.unterminated = true
        layout.bodyLine = file.lineCount
        return layout
    }

    /// Whether a line is `---` (or `...` when allowed) with optional trailing blanks.
    private static func isDelimiter(_ file: SourceFile, line: Int, from start: Int, dots: Bool) -> Bool {
        let r = file.lineRange(line)
        let b = file.bytes
        guard r.upperBound - start >= 3 else { return false }
        let c = b[start]
        guard c == UInt8(ascii: "-") || (dots && c == UInt8(ascii: ".")) else { return false }
        guard b[start + 1] == c, b[start + 2] == c else { return false }
        var i = start + 3
        while i < r.upperBound {
            guard b[i] == 0x20 || b[i] == 0x09 else { return false }
            i += 1
        }
        return true
    }
}
