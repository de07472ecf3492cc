#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics

/// Text that may hold `{{ }}` expressions, and how its bytes map to the file.
///
/// Prose is file text, so every byte has its offset. A YAML scalar's value is file text only
/// when written verbatim (plain, or quoted without escapes); otherwise every position inside
/// it is reported at the whole scalar.
///
/// Verbatim text is read from the file's own bytes (shared, never copied): templates are
/// read for every step of every file checked.
public struct TemplateSource: Sendable {
    /// The bytes holding the text: the file's bytes when the text is verbatim, otherwise the
    /// scalar's value.
    public var storage: [UInt8]
    /// Where the text starts in ``storage``.
    public var start: Int
    /// The text's length in bytes.
    public var count: Int
    /// The file offset of the text's first byte, when the text is verbatim file text.
    public var base: Int?
    /// Where to point when the text is not verbatim.
    public var fallback: Span

    /// Text taken verbatim from the file.
    public init(file: SourceFile, span: Span) {
        self.storage = file.bytes
        self.start = span.start
        self.count = span.end - span.start
        self.base = span.start
        self.fallback = span
    }

    /// A YAML scalar's value, mapped to the file when it is written verbatim.
    public init(scalar: YAMLScalar, node: YAMLNode, file: SourceFile) {
        let value = scalar.text.utf8
        self.count = value.count
        self.fallback = node.span
        let quote = scalar.style == .singleQuoted || scalar.style == .doubleQuoted ? 1 : 0
        let start = node.span.start + quote
        if scalar.style != .literal, scalar.style != .folded, value.count <= file.bytes.count - start,
           Self.isVerbatim(value, in: file.bytes, at: start) {
            self.storage = file.bytes
            self.start = start
            self.base = start
        } else {
            self.storage = Array(value)
            self.start = 0
            self.base = nil
        }
    }

    /// Whether `value` is written at `offset` of `bytes`: one `memcmp` (a byte-by-byte
    /// comparison of a string's UTF-8 view costs ten times more, for every template).
    private static func isVerbatim(_ value: String.UTF8View, in bytes: [UInt8], at offset: Int) -> Bool {
        let fast = value.withContiguousStorageIfAvailable { text in
            bytes.withUnsafeBufferPointer { file in
                guard let t = text.baseAddress, let f = file.baseAddress else { return text.isEmpty }
                return memcmp(t, f + offset, text.count) == 0
            }
        }
        return fast ?? bytes[offset..<(offset + value.count)].elementsEqual(value)
    }

    /// The byte at position `i` of the text.
    @inline(__always)
    public subscript(_ i: Int) -> UInt8 { storage[start + i] }

    /// The template's text in a range of its own positions (clamped to the text).
    public func text(_ range: Range<Int>) -> String {
        let lower = min(max(range.lowerBound, 0), count)
        let upper = min(max(range.upperBound, lower), count)
        return String(decoding: storage[(start + lower)..<(start + upper)], as: UTF8.self)
    }

    /// The position of the next `{{` at or after `position` in the text, if any. Prompts are
    /// long and mostly plain, so this looks for `{` with `memchr` rather than byte by byte.
    public func nextOpenBraces(from position: Int) -> Int? {
        guard position < count else { return nil }
        return storage.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            var p = start + position
            let end = start + count
            while p + 1 < end {
                guard let hit = memchr(base + p, Int32(UInt8(ascii: "{")), end - 1 - p) else { return nil }
                let q = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                if base[q + 1] == UInt8(ascii: "{") { return q - start }
                p = q + 1
            }
            return nil
        }
    }

    /// The file span of bytes `range` of the text.
    public func span(_ range: Range<Int>) -> Span {
        guard let base else { return fallback }
        return Span(start: base + range.lowerBound, end: base + range.upperBound)
    }
}
