import Diagnostics

/// A piece of a template: literal text or an expression.
public enum TemplatePart: Sendable {
    /// Text, copied as is: where it is in the file, and which bytes of the template's own
    /// text it is (the two differ in a YAML value with escapes or folding, whose text is
    /// not verbatim in the file; ``TemplateSource/text(_:)`` reads it).
    case text(Span, Range<Int>)
    /// `{{ expr }}`: the expression and the span of the whole `{{ … }}`.
    case expression(Expr, Span)
}

/// Finds and parses the `{{ }}` expressions in text: prompts, string values of action
/// blocks, workflow outputs. A literal `{{` is written `{{ "{{" }}`.
public enum TemplateParser {
    /// Parses a template, reporting AIW301 (syntax), AIW302 (unclosed `{{`) and AIW303 (empty).
    /// - Returns: The parts, in order; a broken expression leaves no part.
    public static func parse(_ source: TemplateSource, into sink: inout DiagnosticSink) -> [TemplatePart] {
        // The source's bytes are read in place by the lexers, for as long as this runs.
        source.storage.withUnsafeBufferPointer { storage in parse(source, storage, into: &sink) }
    }

    private static func parse(_ b: TemplateSource, _ storage: UnsafeBufferPointer<UInt8>, into sink: inout DiagnosticSink) -> [TemplatePart] {
        let source = b
        var parts: [TemplatePart] = []
        // Room for four parts at once (text, expression, text, expression): appended one by
        // one, a prose template's array would be allocated and moved again at the second
        // and the third part.
        parts.reserveCapacity(4)
        var textStart = 0
        var i = 0
        while i + 1 < b.count {
            guard let next = b.nextOpenBraces(from: i) else { break }
            i = next
            if i > textStart { parts.append(.text(source.span(textStart..<i), textStart..<i)) }
            let open = i
            guard let close = closing(b, storage, from: i + 2) else {
                sink.report(
                    .unclosedExpression, "'{{' is not closed by '}}'", at: source.span(open..<(open + 2)),
                    help: ["close the expression with '}}', or write a literal '{{' as {{ \"{{\" }}"])
                return parts
            }
            let whole = source.span(open..<(close + 2))
            let inner = (open + 2)..<close
            if inner.allSatisfy({ b[$0] == 0x20 || b[$0] == 0x09 || b[$0] == 0x0A || b[$0] == 0x0D }) {
                sink.report(.emptyExpression, "'{{ }}' holds no expression", at: whole)
            } else {
                var parser = ExpressionParser(source: source, bytes: storage, range: inner)
                do throws(ExpressionParser.Failure) {
                    parts.append(.expression(try parser.parseAll(), whole))
                } catch {
                    sink.report(
                        .expressionSyntax, error.message, at: error.span,
                        notes: error.related.map { [Note($0.message, at: sink.range($0.span))] } ?? [])
                }
            }
            i = close + 2
            textStart = i
        }
        if textStart < b.count { parts.append(.text(source.span(textStart..<b.count), textStart..<b.count)) }
        return parts
    }

    /// The offset of the `}}` that closes an expression starting at `start`, skipping quoted
    /// strings (so `{{ "}}" }}` is one expression). `storage` is the source's storage, read
    /// in place: through the source's subscript every byte would cost a bounds check on the
    /// array and on the text, and this scans every expression of every file.
    static func closing(_ source: TemplateSource, _ storage: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let b = UnsafeBufferPointer(rebasing: storage[source.start..<(source.start + source.count)])
        var i = start
        var quote: UInt8?
        while i < b.count {
            let c = b[i]
            if let q = quote {
                if c == UInt8(ascii: "\\") {
                    i += 2
                    continue
                }
                if c == q { quote = nil }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: "}"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "}") {
                return i
            }
            i += 1
        }
        // A quote that is never closed (`{{ it's }}`): close at the first `}}` anyway, so the
        // lexer reports the unclosed string rather than an unclosed `{{`.
        var j = start
        while j + 1 < b.count {
            if b[j] == UInt8(ascii: "}"), b[j + 1] == UInt8(ascii: "}") { return j }
            j += 1
        }
        return nil
    }
}
