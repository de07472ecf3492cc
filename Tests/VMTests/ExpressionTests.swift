import Diagnostics
import Lowering
import Plan
import Sema
import Syntax
import Testing
@testable import VM

/// Expressions at run time (docs/vm.md §4): workflows compiled by the real compiler, their
/// outputs computed by the VM from inputs and step records; and the operators one by one.
@Suite struct ExpressionTests {
    /// Compiles a workflow (it must check clean) and verifies its plan.
    static func compile(_ source: String) throws -> VerifiedPlan {
        let file = SourceFile(path: "w.md", text: source)
        let (diagnostics, workflow) = Checker().checkKeepingSyntax(file, registry: nil)
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        let syntax = try #require(workflow)
        let input = LoweringInput(workflow: syntax, registry: nil, path: "w.md", registryFiles: [], compilerVersion: "test")
        return try PlanVerifier.verify(try PlanWriter.encode(try Lowering.lower(input)))
    }

    static func workflow(inputs: String, outputs: String) -> String {
        """
        ---
        name: calc
        version: 1.2.0
        inputs:
        \(inputs)
        outputs:
        \(outputs)
        ---

        # Calc

        ## Steps

        ### fetch: Fetch
        ```action
        run: [echo, "{{ inputs.team }}"]
        ```
        """
    }

    func outputs(_ plan: VerifiedPlan, _ pairs: [String], steps: [Value?] = []) throws -> String {
        var context = RunContext()
        context.inputs = try InputBinding.bind(plan, pairs: pairs)
        context.steps = steps
        return JSONWriter.write(.object(try ExpressionMachine(plan).outputs(context)))
    }

    @Test func outputsAreComputedFromInputsAndSteps() throws {
        let plan = try Self.compile(Self.workflow(
            inputs: """
              team: { type: string, default: core }
              limit: { type: integer, default: 3 }
              ratio: { type: number, default: 0.5 }
            """,
            outputs: """
              greeting: "Hello {{ upper(inputs.team) }}: {{ inputs.limit * 2 + 1 }} of {{ [1, 2] }}"
              short: "{{ inputs.limit > 2 && startsWith(inputs.team, 'co') ? 'yes' : 'no' }}"
              ratio: "{{ inputs.ratio / 4 }}"
              fetched: "{{ steps.fetch.output }}"
              status: "{{ steps.fetch.status }}"
              name: "{{ workflow.name }}-{{ workflow.version }}"
              pieces: "{{ join(split('a-b-c', '-'), '+') }} {{ len('né') }} {{ 7 % 3 }} {{ -inputs.limit }}"
              missing: "[{{ default(null, 'x') }}]"
            """))
        let fetch = Value.object([Value.Field("output", .string("core\n")), Value.Field("status", .string("succeeded"))])
        let got = try outputs(plan, ["limit=4"], steps: [fetch])
        #expect(got == #"{"greeting":"Hello CORE: 9 of [1,2]","short":"yes","ratio":0.125,"fetched":"core\n","status":"succeeded","name":"calc-1.2.0","pieces":"a+b+c 2 1 -4","missing":"[x]"}"#)
        // A value that is one `{{ }}` keeps its type; a step that has not run reads as null.
        #expect(try outputs(plan, ["team=ops"]).contains(#""short":"no","ratio":0.125,"fetched":null,"status":null,"#))
    }

    @Test func shortCircuitsSkipTheRightSide() throws {
        // `fromJSON` of text that is not JSON would fail the run; && and || never reach it.
        let plan = try Self.compile(Self.workflow(
            inputs: "  team: { type: string, default: core }",
            outputs: """
              a: "{{ inputs.team == 'x' && fromJSON('{') == 1 }}"
              b: "{{ inputs.team != 'x' || fromJSON('{') == 1 }}"
            """))
        #expect(try outputs(plan, []) == #"{"a":false,"b":true}"#)
    }

    @Test func aValueTypedAnyIsCheckedAtRunTime() throws {
        let plan = try Self.compile(Self.workflow(
            inputs: "  team: { type: string, default: '{\"n\": \"7\"}' }",
            outputs: "  n: \"{{ fromJSON(inputs.team).n + 1 }}\""))
        do {
            let got = try outputs(plan, [])
            Issue.record("computed \(got)")
        } catch let error as ExpressionError {
            #expect(error.message == "'+' needs two numbers, two strings or two arrays, not a string and an integer")
        }
    }

    @Test(arguments: [
        (Opcode.add, Value.integer(.max), Value.integer(1), "does not fit in a 64-bit integer"),
        (.multiply, .integer(.min), .integer(-1), "does not fit in a 64-bit integer"),
        (.divide, .integer(1), .integer(0), "division by zero"),
        (.remainder, .integer(1), .integer(0), "remainder of a division by zero"),
        (.multiply, .number(1e300), .number(1e300), "too large for a number"),
        (.less, .boolean(true), .boolean(false), "cannot compare a boolean with a boolean by order"),
        (.contains, .integer(1), .object([]), "'in' an object needs a field name"),
        (.contains, .integer(1), .integer(2), "needs an array, an object or a string on its right"),
    ])
    func operatorErrors(_ op: Opcode, _ a: Value, _ b: Value, _ fragment: String) {
        do {
            let v = try Operators.binary(op, a, b)
            Issue.record("gave \(v)")
        } catch {
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test func operatorResults() throws {
        #expect(try Operators.binary(.add, .integer(2), .number(0.5)) == .number(2.5))
        #expect(try Operators.binary(.add, .string("a"), .string("b")) == .string("ab"))
        #expect(try Operators.binary(.add, .array([.null]), .array([.integer(1)])) == .array([.null, .integer(1)]))
        #expect(try Operators.binary(.divide, .integer(7), .integer(2)) == .number(3.5))
        #expect(try Operators.binary(.remainder, .integer(-7), .integer(3)) == .integer(-1))
        #expect(try Operators.binary(.remainder, .integer(.min), .integer(-1)) == .integer(0))
        #expect(try Operators.binary(.remainder, .number(7.5), .integer(2)) == .number(1.5))
        #expect(try Operators.binary(.less, .string("B"), .string("a")) == .boolean(true))
        #expect(try Operators.binary(.greaterOrEqual, .integer(2), .number(2.0)) == .boolean(true))
        #expect(try Operators.binary(.contains, .string("ell"), .string("hello")) == .boolean(true))
        #expect(try Operators.binary(.contains, .string("k"), .object([Value.Field("k", .null)])) == .boolean(true))
        #expect(try Operators.index(.string("né\u{1F600}"), .integer(2)) == .string("\u{1F600}"))
        #expect(try Operators.index(.array([.integer(1)]), .integer(-1)) == .null)
        #expect(try Operators.field(.null, "x") == .null)
        #expect(throws: ExpressionError.self) { try Operators.field(.string("s"), "x") }
        #expect(Operators.text([.string("a"), .null, .integer(1), .array([.boolean(true)])]) == "a1[true]")
        #expect(throws: ExpressionError.self) { try Operators.condition(.string("yes")) }
    }
}
