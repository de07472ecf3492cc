import Diagnostics

/// Text that may hold `{{ }}` expressions, and how its bytes map to the file.
///
/// Prose is file text, so every byte has its offset. A YAML scalar's value is file text only
/// when written verbatim (plain, or quoted without escapes); otherwise every position inside
/// it is reported at the whole scalar.
public struct TemplateSource: Sendable {
    /// The text.
    public var text: [UInt8]
    /// The file offset of the text's first byte, when the text is verbatim file text.
    public var base: Int?
    /// Where to point when the text is not verbatim.
    public var fallback: Span

    /// Text taken verbatim from the file.
    public init(file: SourceFile, span: Span) {
        self.text = Array(file.bytes[span.start..<span.end])
        self.base = span.start
        self.fallback = span
    }

    /// A YAML scalar's value, mapped to the file when it is written verbatim.
    public init(scalar: YAMLScalar, node: YAMLNode, file: SourceFile) {
        let value = Array(scalar.text.utf8)
        self.text = value
        self.fallback = node.span
        let quote = scalar.style == .singleQuoted || scalar.style == .doubleQuoted ? 1 : 0
        let start = node.span.start + quote
        if scalar.style != .literal, scalar.style != .folded, value.count <= file.bytes.count - start,
           file.bytes[start..<(start + value.count)].elementsEqual(value) {
            self.base = start
        } else {
            self.base = nil
        }
    }

    /// The file span of bytes `range` of the text.
    public func span(_ range: Range<Int>) -> Span {
        guard let base else { return fallback }
        return Span(start: base + range.lowerBound, end: base + range.upperBound)
    }
}
