import Diagnostics
import Syntax

/// The bytes to delete to remove one key and its value from a mapping, for fix-its.
enum PairRemoval {
    /// The span that removes `mapping`'s pair at `index`, or nil when no edit is certain
    /// to leave valid YAML (the mapping's only pair, or an unusual layout).
    static func span(of index: Int, in mapping: YAMLNode, file: SourceFile) -> Span? {
        guard let pairs = mapping.mapping, pairs.count > 1, index < pairs.count else { return nil }
        let pair = pairs[index]
        let b = file.bytes
        if mapping.span.start < b.count, b[mapping.span.start] == UInt8(ascii: "{") {
            // Flow: take the separator before the pair, or after it for the first pair.
            if index > 0 { return Span(start: pairs[index - 1].value.span.end, end: pair.value.span.end) }
            return Span(start: pair.keySpan.start, end: pairs[1].keySpan.start)
        }
        // Block: whole lines, when the key starts its line and nothing follows the value
        // but a comment.
        let first = file.lineIndex(at: pair.keySpan.start)
        let lineStart = file.lineStarts[first]
        guard b[lineStart..<pair.keySpan.start].allSatisfy({ $0 == 0x20 }) else { return nil }
        let last = file.lineIndex(at: max(pair.value.span.end, pair.keySpan.end))
        let end = last + 1 < file.lineCount ? file.lineStarts[last + 1] : b.count
        let rest = b[min(max(pair.value.span.end, pair.keySpan.end), end)..<end].drop { $0 == 0x20 || $0 == 0x09 }
        guard rest.isEmpty || rest.first == UInt8(ascii: "#") || rest.first == 0x0A || rest.first == 0x0D else { return nil }
        return Span(start: lineStart, end: end)
    }

    /// A fix-it removing a pair, when ``span(of:in:file:)`` finds a safe edit.
    static func fixIt(_ index: Int, in mapping: YAMLNode, file: SourceFile, _ message: String) -> [FixIt] {
        span(of: index, in: mapping, file: file).map { [.replace($0, with: "", message)] } ?? []
    }
}
