import Diagnostics
import Sema
import Testing

/// The type rules, one expression at a time: each case puts an expression in the prompt of
/// the last step of a workflow that declares values of every type, and checks the type the
/// checker gives it, or the one error it reports.
@Suite struct TypeTests {
    static let workflow = """
        ---
        name: types
        version: 1.0.0
        inputs:
          s: { type: string, default: a }
          i: { type: integer, default: 1 }
          n: { type: number, default: 1.5 }
          b: { type: boolean, default: true }
          arr: { type: array, default: [] }
          obj: { type: object, default: {} }
        tools: [clock]
        triggers:
          - webhook: { path: /hook }
        ---
        ## Steps

        ### text: Text
        Write.

        ### data: Data
        Get data.
        ```action
        output:
          type: object
          properties:
            names: { type: array, items: { type: string } }
            count: { type: integer }
            nested: { type: object, properties: { flag: { type: boolean } } }
        ```

        ### call: Call
        ```action
        tool: clock.now
        ```

        ### probe: Probe
        Value: {{ EXPR }}

        """

    /// The type of the whole expression and the codes reported (unused inputs aside).
    static func analyze(_ expression: String) -> (type: String?, codes: [String]) {
        let text = workflow.replacing("EXPR", with: expression)
        let (diagnostics, model) = Checker().analyze(SourceFile(path: "types.md", text: text))
        let codes = diagnostics.filter { $0.code != .unusedInput }.map(\.code.description)
        let start = text.utf8.count - "\(expression) }}\n".utf8.count
        let top = model.nodes.first { $0.depth == 0 && $0.span.start == start }
        return (top?.type.description, codes)
    }

    static let typed: [(String, String)] = [
        ("inputs.s", "string"), ("inputs.i", "integer"), ("inputs.n", "number"), ("inputs.b", "boolean"),
        ("inputs.arr", "array<any>"), ("inputs.obj", "object"),
        ("inputs['s']", "string"), ("steps['data'].output['count']", "integer"), ("inputs[\"i\"] + 1", "integer"),
        ("steps.text.output", "string"), ("steps.text.status", "string"),
        ("steps.text.status == 'success'", "boolean"), ("steps.text.status != 'skipped'", "boolean"), ("'failure' == steps.text.status", "boolean"),
        ("steps.data.output.names", "array<string>"), ("steps.data.output.names[0]", "string"),
        ("steps.data.output.nested.flag", "boolean"), ("steps.data.output['count']", "integer"),
        ("steps.call.output.anything[3].deep", "any"),
        ("trigger.body.pull_request.number", "any"), ("trigger.headers['x-signature']", "string"),
        ("trigger.kind", "string"), ("trigger.method", "string"),
        ("run.id", "string"), ("run.started_at", "string"), ("workflow.name", "string"), ("workflow.version", "string"),
        ("null", "null"), ("true", "boolean"), ("1", "integer"), ("1.5", "number"), ("'x'", "string"),
        ("[1, 2]", "array<integer>"), ("[1, 2.5]", "array<number>"), ("['a', 1]", "array<any>"), ("[]", "array<any>"),
        ("[[1], [2]]", "array<array<integer>>"),
        // Arithmetic.
        ("inputs.i + 1", "integer"), ("inputs.i + inputs.n", "number"), ("inputs.i - 1", "integer"),
        ("inputs.i * inputs.i", "integer"), ("inputs.i / 2", "number"), ("inputs.i % 2", "integer"),
        ("inputs.n % 2", "number"), ("-inputs.i", "integer"), ("-inputs.n", "number"),
        ("inputs.s + 'x'", "string"), ("inputs.arr + [1]", "array<any>"), ("[1] + [2]", "array<integer>"),
        ("steps.call.output + 1", "any"), ("steps.call.output * 2", "number"), ("steps.call.output + 'x'", "string"),
        // Comparison and logic.
        ("inputs.i < inputs.n", "boolean"), ("inputs.s >= 'a'", "boolean"), ("inputs.i == inputs.n", "boolean"),
        ("inputs.s == null", "boolean"), ("inputs.arr != []", "boolean"), ("steps.call.output == 3", "boolean"),
        ("inputs.b && !inputs.b || false", "boolean"), ("!steps.call.output", "boolean"),
        ("'a' in steps.data.output.names", "boolean"), ("'k' in inputs.obj", "boolean"), ("'x' in inputs.s", "boolean"),
        ("1 in inputs.arr", "boolean"), ("1 in steps.call.output", "boolean"),
        ("inputs.b ? 1 : 2.5", "number"), ("inputs.b ? 'a' : null", "string"), ("inputs.b ? 'a' : 1", "any"),
        // Functions.
        ("len(inputs.s)", "integer"), ("len(inputs.arr)", "integer"), ("len(inputs.obj)", "integer"), ("len(trigger.body)", "integer"),
        ("lower(inputs.s)", "string"), ("upper(steps.call.output)", "string"), ("trim(inputs.s)", "string"),
        ("contains(inputs.s, 'a')", "boolean"), ("contains(steps.data.output.names, 'a')", "boolean"),
        ("startsWith(inputs.s, 'a')", "boolean"), ("endsWith(inputs.s, 'a')", "boolean"),
        ("join(steps.data.output.names)", "string"), ("join(inputs.arr, ', ')", "string"),
        ("split(inputs.s, ',')", "array<string>"), ("replace(inputs.s, 'a', 'b')", "string"),
        ("format('{0} and {1}', inputs.s, inputs.i)", "string"), ("format('{{0}}')", "string"),
        ("toJSON(inputs.obj)", "string"), ("fromJSON(inputs.s)", "any"),
        ("keys(inputs.obj)", "array<string>"), ("values(steps.data.output.nested)", "array<boolean>"),
        ("first(steps.data.output.names)", "string"), ("last([1, 2])", "integer"),
        ("slice(inputs.s, 0, 2)", "string"), ("slice(steps.data.output.names, 1)", "array<string>"),
        ("default(trigger.body.n, inputs.i)", "any"), ("default(null, inputs.s)", "string"), ("default(inputs.i, inputs.n)", "number"),
        ("min(inputs.i, 2)", "integer"), ("max(inputs.n, 2)", "number"), ("min([1, 2])", "integer"), ("max(inputs.arr)", "any"),
        ("round(inputs.n)", "integer"), ("round(inputs.n, 2)", "number"),
    ]

    @Test(arguments: typed)
    func hasType(_ expression: String, _ type: String) {
        let result = Self.analyze(expression)
        #expect(result.codes == [], "\(expression)")
        #expect(result.type == type, "\(expression)")
    }

    static let refused: [(String, String)] = [
        // Operators.
        ("inputs.s - 1", "AIW340"), ("inputs.s + 1", "AIW340"), ("inputs.b + 1", "AIW340"), ("inputs.obj * 2", "AIW340"),
        ("-inputs.s", "AIW340"), ("!inputs.s", "AIW340"), ("inputs.s && inputs.b", "AIW340"), ("inputs.b || 1", "AIW340"),
        ("inputs.s < 1", "AIW340"), ("inputs.arr < inputs.arr", "AIW340"), ("inputs.b > false", "AIW340"),
        ("inputs.s ? 1 : 2", "AIW340"), ("'a' in 5", "AIW340"), ("1 in inputs.s", "AIW340"), ("1 in inputs.obj", "AIW340"),
        ("inputs.arr['x']", "AIW340"), ("inputs.s[true]", "AIW340"), ("inputs.obj[1]", "AIW340"),
        ("inputs.s == 1", "AIW346"), ("inputs.b != 'true'", "AIW346"), ("1 in steps.data.output.names", "AIW346"),
        ("inputs.arr == 'x'", "AIW346"), ("steps.data.output.count == '0'", "AIW346"),
        // Fields.
        ("inputs.s.x", "AIW345"), ("inputs.i[0]", "AIW345"), ("steps.text.output.subject", "AIW345"), ("inputs.b.x", "AIW345"),
        ("steps.data.output.names.first", "AIW345"),
        ("steps.data.output.nmes", "AIW316"), ("steps.data.output.nested.flg", "AIW316"), ("trigger.time", "AIW316"),
        ("steps.data.output['cont']", "AIW316"), ("run.finished_at", "AIW316"),
        ("inputs['nope']", "AIW311"), ("steps['probe'].output", "AIW313"), ("steps['nope']", "AIW312"), ("secrets['X']", "AIW314"),
        ("steps.text.status == 'sucess'", "AIW346"), ("'done' != steps.data.status", "AIW346"),
        // Arity.
        ("len()", "AIW343"), ("len(inputs.s, 1)", "AIW343"), ("slice(inputs.s)", "AIW343"), ("round(1, 2, 3)", "AIW343"),
        ("format()", "AIW343"), ("min()", "AIW343"), ("default(1)", "AIW343"), ("replace(inputs.s, 'a')", "AIW343"),
        // Argument types.
        ("len(5)", "AIW344"), ("upper(inputs.i)", "AIW344"), ("lower(null)", "AIW344"), ("trim(inputs.arr)", "AIW344"),
        ("join(inputs.s)", "AIW344"), ("join(inputs.arr, 1)", "AIW344"), ("keys(inputs.arr)", "AIW344"), ("values(inputs.s)", "AIW344"),
        ("split(inputs.s, 1)", "AIW344"), ("replace(inputs.s, 'a', 1)", "AIW344"), ("startsWith(inputs.i, 'a')", "AIW344"),
        ("endsWith(inputs.s, [])", "AIW344"), ("fromJSON(1)", "AIW344"), ("first(inputs.s)", "AIW344"), ("last(inputs.obj)", "AIW344"),
        ("slice(inputs.s, 'a')", "AIW344"), ("slice(inputs.i, 0)", "AIW344"), ("round('1')", "AIW344"), ("round(1.5, 0.5)", "AIW344"),
        ("min(inputs.s)", "AIW344"), ("max(1, 'a')", "AIW344"), ("min([1], 2)", "AIW344"), ("max(['a'])", "AIW344"),
        ("format('{0} {1}', 1)", "AIW344"), ("format('{', 1)", "AIW344"), ("format('}')", "AIW344"), ("format(1)", "AIW344"),
        ("contains(inputs.s, 1)", "AIW344"), ("contains(steps.data.output.names, 1)", "AIW344"), ("contains(inputs.i, 1)", "AIW344"),
    ]

    @Test(arguments: refused)
    func isRefused(_ expression: String, _ code: String) {
        let result = Self.analyze(expression)
        #expect(result.codes == [code], "\(expression)")
    }

    /// A wrong sub-expression is one error: its parents are `any`, not more errors.
    @Test func oneMistakeOneDiagnostic() {
        #expect(Self.analyze("upper(inputs.i) + 1 > 'x' || lower(inputs.i) == 'y'").codes == ["AIW344", "AIW344"])
        #expect(Self.analyze("inputs.s.x.y.z").codes == ["AIW345"])
        #expect(Self.analyze("(inputs.s - 1) * 2").codes == ["AIW340"])
    }
}
