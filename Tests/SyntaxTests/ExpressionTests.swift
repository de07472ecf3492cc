import Diagnostics
import Syntax
import Testing

/// Parses `{{ text }}` in a one-line prompt and returns the expression or the diagnostics.
func expression(_ text: String) -> (Expr?, [Diagnostic], SourceFile) {
    let file = SourceFile(path: "e.md", text: "{{ " + text + " }}")
    var sink = DiagnosticSink(file: file)
    let parts = TemplateParser.parse(TemplateSource(file: file, span: Span(start: 0, end: file.bytes.count)), into: &sink)
    for part in parts {
        if case .expression(let e, _) = part { return (e, sink.diagnostics, file) }
    }
    return (nil, sink.diagnostics, file)
}

/// A fully parenthesised rendering, to check precedence and associativity.
func render(_ e: Expr) -> String {
    switch e.kind {
    case .null: "null"
    case .bool(let b): "\(b)"
    case .int(let i): "\(i)"
    case .float(let d): "\(d)"
    case .string(let s): "'\(s)'"
    case .array(let items): "[" + items.map(render).joined(separator: ", ") + "]"
    case .name(let n): n
    case .member(let base, let name, _): render(base) + "." + name
    case .index(let base, let i): render(base) + "[" + render(i) + "]"
    case .unary(let op, let x): "(" + op.rawValue + render(x) + ")"
    case .binary(let op, let a, let b): "(" + render(a) + " " + op.rawValue + " " + render(b) + ")"
    case .conditional(let c, let a, let b): "(" + render(c) + " ? " + render(a) + " : " + render(b) + ")"
    case .call(let name, _, let args): name + "(" + args.map(render).joined(separator: ", ") + ")"
    }
}

@Suite struct ExpressionParserTests {
    @Test(arguments: [
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("1 - 2 - 3", "((1 - 2) - 3)"),
        ("a || b && c", "(a || (b && c))"),
        ("a == b != c", "((a == b) != c)"),
        ("!a && -b < c", "((!a) && ((-b) < c))"),
        ("a ? b : c ? d : e", "(a ? b : (c ? d : e))"),
        ("x in [1, 2,] == true", "((x in [1, 2]) == true)"),
        ("len(steps.fetch.output) > 0", "(len(steps.fetch.output) > 0)"),
        ("steps.a.output.items[0].name", "steps.a.output.items[0].name"),
        ("-(1 + 2) % 3", "((-(1 + 2)) % 3)"),
        ("default(inputs.x, 'y') + \"z\"", "(default(inputs.x, 'y') + 'z')"),
        ("1.5e3 >= 2 || null == false", "((1500.0 >= 2) || (null == false))"),
        ("f()", "f()"),
        ("'it\\'s' + \"\\u{1F600}\\n\"", "('it's' + '😀\n')"),
    ])
    func parses(_ text: String, _ expected: String) throws {
        let (e, diagnostics, _) = expression(text)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        #expect(render(try #require(e)) == expected)
    }

    @Test func spansAreExactInTheFile() throws {
        let (e, _, file) = expression("len(steps.fetch.output) > 0")
        let tree = try #require(e)
        #expect(file.text(tree.span) == "len(steps.fetch.output) > 0")
        guard case .binary(_, let call, _) = tree.kind, case .call(_, let nameSpan, let args) = call.kind,
              case .member(_, _, let outputSpan) = args[0].kind else {
            Issue.record("unexpected shape")
            return
        }
        #expect(file.text(nameSpan) == "len")
        #expect(file.text(args[0].span) == "steps.fetch.output")
        #expect(file.text(outputSpan) == "output")
    }

    @Test(arguments: [
        ("1 +", "expected an expression after '+'", "+"),
        ("(a", "expected ')' to close '(', found the end of the expression", ""),
        ("a b", "expected an operator or the end of the expression, found 'b'", "b"),
        ("a = b", "unexpected character '=' (did you mean '=='?)", "="),
        ("a & b", "unexpected character '&' (did you mean '&&' or '||'?)", "&"),
        ("'open", "string is not closed", "'open"),
        ("a.", "expected a name after '.', found the end of the expression", ""),
        ("a ? b", "expected ':', found the end of the expression", ""),
        ("in x", "'in' needs a value on its left", "in"),
        ("\"\\q\"", "unknown escape '\\q' in a string", "\\q"),
        ("99999999999999999999", "integer 99999999999999999999 does not fit in 64 bits", "99999999999999999999"),
        (")", "expected an expression, found ')'", ")"),
        ("é", "unexpected character 'é'", "é"),
    ])
    func reportsTheFirstError(_ text: String, _ message: String, _ at: String) {
        let (e, diagnostics, file) = expression(text)
        #expect(e == nil)
        #expect(diagnostics.map(\.code) == [.expressionSyntax])
        #expect(diagnostics.first?.message == message)
        #expect(diagnostics.first.map { file.text($0.range.span) } == at)
    }

    @Test func nestingIsCapped() {
        let (_, deep, _) = expression(String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000))
        #expect(deep.map(\.code) == [.expressionSyntax])
        let (_, unary, _) = expression(String(repeating: "!", count: 10_000) + "a")
        #expect(unary.map(\.code) == [.expressionSyntax])
    }
}

@Suite struct TemplateTests {
    func parts(_ text: String) -> ([TemplatePart], [Diagnostic], SourceFile) {
        let file = SourceFile(path: "t.md", text: text)
        var sink = DiagnosticSink(file: file)
        let parts = TemplateParser.parse(TemplateSource(file: file, span: Span(start: 0, end: file.bytes.count)), into: &sink)
        return (parts, sink.diagnostics, file)
    }

    @Test func textAndExpressionsAlternate() {
        let (p, d, file) = parts("Hello {{ inputs.name }}, {{ '}}' }} bye")
        #expect(d.isEmpty)
        let shapes = p.map { part -> String in
            switch part {
            case .text(let s, let range):
                // The file span and the template's own range read the same text here.
                file.text(s) == TemplateSource(file: file, span: Span(start: 0, end: file.bytes.count)).text(range)
                    ? "text(\(file.text(s)))" : "text mismatch"
            case .expression(let e, let whole): "expr(\(render(e)) @ \(file.text(whole)))"
            }
        }
        #expect(shapes == ["text(Hello )", "expr(inputs.name @ {{ inputs.name }})", "text(, )", "expr('}}' @ {{ '}}' }})", "text( bye)"])
    }

    @Test func literalBracesAreAnExpression() {
        let (p, d, _) = parts("{{ \"{{\" }} not an expression")
        #expect(d.isEmpty)
        guard case .expression(let e, _)? = p.first, case .string("{{") = e.kind else {
            Issue.record("expected the string '{{'")
            return
        }
    }

    @Test func unclosedAndEmpty() {
        let (_, unclosed, file) = parts("line one\nsee {{ inputs.x and more")
        #expect(unclosed.map(\.code) == [.unclosedExpression])
        #expect(unclosed.first?.range.start == SourceLocation(line: 2, column: 5))
        #expect(unclosed.first.map { file.text($0.range.span) } == "{{")
        let (_, empty, _) = parts("a {{  }} b")
        #expect(empty.map(\.code) == [.emptyExpression])
    }

    @Test func anUnclosedStringIsNotAnUnclosedBrace() {
        let (_, d, _) = parts("{{ it's }}")
        #expect(d.map(\.message) == ["string is not closed"])
    }

    @Test func closingBracesWithoutOpeningAreText() {
        let (p, d, _) = parts("JSON: {\"a\": {\"b\": 1}}")
        #expect(d.isEmpty)
        #expect(p.count == 1)
    }
}
