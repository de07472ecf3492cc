import Diagnostics
import Foundation
import Sema
import Testing

/// Edge cases of semantic analysis found in review: each would otherwise be a crash, a
/// false diagnostic, a missed one, or a fix-it that breaks the file.
@Suite struct SemanticEdgeTests {
    /// A workflow with inputs `team` (string) and `limit` (integer), a tool step `t` and a
    /// last step whose action block is `action` and whose prompt is `prompt`.
    static func workflow(front: String = "", prompt: String = "Go.", action: String = "") -> String {
        """
        ---
        name: edge
        version: 1.0.0
        inputs:
          team: { type: string, default: everyone }
          limit: { type: integer, default: 3 }
        tools: [clock]
        \(front)---
        ## Steps

        ### t: Tool
        ```action
        tool: clock.now
        ```

        ### last: Last
        \(prompt)
        ```action
        \(action)
        ```

        """
    }

    static func codes(_ text: String, registry: ProjectRegistry? = nil) -> [String] {
        Checker().check(SourceFile(path: "edge.md", text: text), registry: registry).map(\.code.description)
    }

    @Test func longChainsAreRefusedNotOverflowed() {
        let sum = Array(repeating: "1", count: 5000).joined(separator: "+")
        let path = "run" + String(repeating: ".id", count: 3000)
        let d = Self.codes(Self.workflow(prompt: "Say {{ inputs.team }} {{ \(sum) }} {{ \(path) }}.", action: "if: \"{{ \(sum) == 2 }}\""))
        #expect(d == ["AIW301", "AIW301", "AIW301"])
        // 60 terms is fine.
        let short = Array(repeating: "inputs.limit", count: 60).joined(separator: " + ")
        #expect(Self.codes(Self.workflow(prompt: "Say {{ inputs.team }} {{ \(short) }}.")) == [])
    }

    @Test func onlyAStepsOwnStatusHasStatusWords() {
        let ok = Self.workflow(prompt: "Say {{ inputs.team }} {{ inputs.limit }}.", action: "if: \"{{ steps.t.output.status == 'open' || steps.t.output[0].status != 'closed' }}\"")
        #expect(Self.codes(ok) == [])
        let indexed = Self.workflow(prompt: "Say {{ inputs.team }} {{ inputs.limit }}.", action: "if: \"{{ steps['t'].status == 'sucess' }}\"")
        #expect(Self.codes(indexed) == ["AIW346"])
        // A status of a step that is not there is that one error, not two.
        let missing = Self.workflow(prompt: "Say {{ inputs.team }} {{ inputs.limit }}.", action: "if: \"{{ steps.zz.status == 'sucess' }}\"")
        #expect(Self.codes(missing) == ["AIW312"])
    }

    /// Fix-its are offered only where positions are exact, and quote names as the YAML
    /// value around them allows.
    @Test func fixItsRespectTheYAMLAroundThem() throws {
        func fixes(_ action: String) -> [String] {
            let text = Self.workflow(prompt: "Say {{ inputs.team }} {{ inputs.limit }}.", action: action)
            return Checker().check(SourceFile(path: "edge.md", text: text)).flatMap(\.fixIts).flatMap(\.edits).map(\.replacement)
        }
        #expect(fixes("env: { A: \"{{ inputs[\\\"tema\\\"] }}\" }") == [])    // escapes: not verbatim
        #expect(fixes("env: { A: 'it''s {{ inputs.tem }}' }") == [])      // '' : not verbatim
        #expect(fixes("env: { A: '{{ inputs[\"tema\"] }}' }") == ["\"team\""])
        #expect(fixes("env: { A: \"{{ inputs['tema'] }}\" }") == ["'team'"])
        #expect(fixes("env: { A: \"{{ uper(inputs.team) }}\" }") == ["upper"])
        // A conditional is parenthesised before it is compared.
        #expect(fixes("if: \"{{ inputs.limit > 1 ? inputs.team : 'x' }}\"") == ["(", ") != ''"])
    }

    @Test func anyMayBeAnArray() {
        let text = Self.workflow(prompt: "Say {{ inputs.team }} {{ inputs.limit }} {{ steps.t.output + [1] }} {{ [1] + steps.t.output }}.")
        #expect(Self.codes(text) == [])
    }

    @Test func aBrokenRegistryFileIsReportedOnlyInItself() {
        let broken = ProjectRegistry.load(
            agents: SourceFile(path: "agents.yaml", text: "agents: [claude-code]\n"),
            tools: SourceFile(path: "tools.yaml", text: "tools: [clock\n"))
        #expect(!broken.diagnostics.isEmpty)
        let text = Self.workflow(front: "agent: { preferred: claude-code }\n", prompt: "Say {{ inputs.team }} {{ inputs.limit }}.")
        #expect(Self.codes(text, registry: broken.registry) == [])
    }

    @Test func foreachListItemsAreTemplates() {
        let text = Self.workflow(prompt: "Say {{ item }} {{ inputs.limit }}.", action: "foreach: [\"{{ inputs.team }}\", \"{{ inputs.nope }}\"]")
        #expect(Self.codes(text) == ["AIW311"])
        let typed = Self.workflow(prompt: "Say {{ item + 1 }} {{ inputs.team }}.", action: "foreach: [\"{{ inputs.limit }}\", 2]")
        #expect(Self.codes(typed) == [])
    }

    @Test func readingAWholeRootUsesAllOfIt() {
        let text = Self.workflow(front: "secrets: [TOKEN]\n", prompt: "Go.", action: "run: [echo, \"{{ toJSON(inputs) }}\", \"{{ secrets[inputs.team] }}\"]")
        #expect(Self.codes(text) == [])
    }

    @Test func aSectionOfTheWrongShapeIsOneError() {
        let text = """
            ---
            name: edge
            version: 1.0.0
            inputs: [team]
            secrets: { TOKEN: x }
            triggers: { schedule: "@daily" }
            ---
            ## Steps
            ### a: A
            Say {{ inputs.team }} at {{ trigger.cron }}.
            ```action
            run: [echo, "{{ secrets.TOKEN }}"]
            ```
            """
        #expect(Self.codes(text) == ["AIW203", "AIW203", "AIW203"])
    }

    @Test func smallFixes() {
        let max = Self.workflow(prompt: "Say {{ inputs.team }} {{ max(inputs.limit) + 1 }} {{ min(2) * 2 }}.")
        #expect(Self.codes(max) == [])
        let escape = Self.workflow(prompt: "Say {{ inputs.team }} {{ inputs.limit }} {{ '\\u{+41}' }}.")
        #expect(Self.codes(escape) == ["AIW301"])
    }
}

/// The lookups the language server answers hover and go-to-definition from.
@Suite struct SemanticModelTests {
    @Test func hoverAndDefinitionAtAPosition() throws {
        let text = SemanticEdgeTests.workflow(prompt: "Say {{ upper(inputs.team) }} {{ inputs.limit }}.")
        let file = SourceFile(path: "edge.md", text: text)
        let (diagnostics, model) = Checker().analyze(file)
        #expect(diagnostics.isEmpty)
        let bytes = Array(text.utf8)
        func offset(of needle: String) throws -> Int {
            let n = Array(needle.utf8)
            return try #require((0...(bytes.count - n.count)).first { Array(bytes[$0..<($0 + n.count)]) == n })
        }
        // Inside `team`: the innermost node is `inputs.team`, a string.
        let team = try offset(of: "team)")
        #expect(model.node(at: team)?.type == .string)
        #expect(file.text(try #require(model.node(at: team)).span) == "inputs.team")
        // Inside `upper`: the call, and its name refers to the library.
        let upper = try offset(of: "upper")
        #expect(model.node(at: upper)?.type == .string)
        #expect(model.reference(at: upper)?.kind == .function)
        // The input's reference leads to its declaration.
        let reference = try #require(model.reference(at: team))
        #expect(reference.kind == .input && reference.name == "team")
        #expect(file.text(try #require(reference.definition)) == "team")
        // Outside any expression, nothing.
        #expect(model.node(at: try offset(of: "Say")) == nil)
    }
}
