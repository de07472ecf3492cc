import Diagnostics
import Sema
import Testing

/// The tools lock as the checker reads it (docs/tools.md §3–4): its own problems (AIW407),
/// the implementation choice, and tool calls typed by the operations' schemas.
@Suite struct ToolLockTests {
    static let registry = """
        tools:
          api:
            implementations:
              - type: exec
                command: [api-tool]
                priority: 2
              - type: mcp
                command: [api-server]
                priority: 1
                agent_compatibility: { slow: via_bridge, fast: native }
              - type: mcp
                command: [api-legacy]
                priority: 1
                agent_compatibility: { slow: supported, fast: not_supported }
        """

    static let lock = """
        {
          "version": 1,
          "digest": "sha256:test",
          "tools": {
            "api": {
              "implementations": [
                {
                  "type": "mcp",
                  "command": ["api-server"],
                  "operations": {
                    "search": {
                      "input_schema": {
                        "type": "object",
                        "properties": {
                          "q": {"type": "string"},
                          "limit": {"type": "number"},
                          "tags": {"type": "array", "items": {"type": "string"}},
                          "filter": {"type": "object"}
                        },
                        "required": ["q"]
                      },
                      "output_schema": {
                        "type": "object",
                        "properties": {"hits": {"type": "array", "items": {"type": "object", "properties": {"url": {"type": "string"}}}}, "total": {"type": "integer"}}
                      }
                    },
                    "open": {
                      "input_schema": {"type": "object", "properties": {"id": {"type": "integer"}}, "additionalProperties": true}
                    }
                  }
                }
              ]
            }
          }
        }
        """

    static func load(lock: String = lock) -> (ProjectRegistry, [Diagnostic]) {
        let loaded = ProjectRegistry.load(agents: nil, tools: SourceFile(path: "tools/registry.yaml", text: registry),
                                          lock: SourceFile(path: "tools/tools.lock.json", text: lock))
        return (loaded.registry, loaded.diagnostics)
    }

    static func check(_ steps: String, front: String = "") -> [String] {
        let source = "---\nname: t\nversion: 1.0.0\ntools: [api]\n\(front)---\n## Steps\n\n\(steps)\n"
        return Checker().check(SourceFile(path: "w.md", text: source), registry: load().0).map { "\($0.code) \($0.message)" }
    }

    @Test func theChoiceIsPriorityThenCompatibilityAmongTheAgentsInPlay() throws {
        let api = try #require(Self.load().0.tools["api"])
        // No agent in play: the two priority-1 servers tie; the first in the file wins.
        #expect(ToolChoice(api, agents: []).index == 1)
        // `fast` cannot use the legacy server, and the other is native to it.
        #expect(ToolChoice(api, agents: ["fast"]).index == 1)
        // For `slow` the legacy server is `supported`, better than `via_bridge`.
        let slow = ToolChoice(api, agents: ["slow"])
        #expect(slow.index == 2)
        #expect(slow.reasons == [
            "#1 exec (priority 2): passed over, supported for the agents in play",
            "#2 mcp (priority 1): passed over, via_bridge for the agents in play",
            "#3 mcp (priority 1): chosen, supported for the agents in play",
        ])
        // Both agents: each implementation counts at the best level any of them has.
        #expect(ToolChoice(api, agents: ["slow", "fast"]).index == 1)
    }

    @Test func aCleanCallIsTypedByTheOutputSchema() {
        let codes = Self.check("""
            ### find: Find
            ```action
            tool: api.search
            with: { q: "x", limit: 3, tags: [a, b], filter: { lang: en } }
            ```

            ### use: Use
            Total {{ steps.find.output.total + 1 }}: {{ steps.find.output.hits[0].url }} {{ steps.find.output.hits[0].nope }}
            """, front: "agent: { preferred: fast }\n")
        #expect(codes == ["AIW316 'steps.find.output.hits[0]' has no field 'nope'"])
    }

    @Test func argumentsAreChecked() {
        let codes = Self.check("""
            ### find: Find
            ```action
            tool: api.search
            with:
              limit: "{{ 'many' }}"
              tags: "{{ [1, 2] }}"
              qq: x
            ```

            ### open: Open
            ```action
            tool: api.open
            with: { id: 1, extra: "allowed by additionalProperties" }
            ```
            """, front: "agent: { preferred: fast }\n")
        // Sorted by position: the missing argument is reported at `with`.
        #expect(codes == [
            "AIW427 operation 'search' requires argument 'q'",
            "AIW429 argument 'limit' must be a number, but this is a string",
            "AIW429 argument 'tags' must be an array (array<string>), but this is an array (array<integer>)",
            "AIW428 operation 'search' takes no argument 'qq'",
        ])
    }

    @Test func anotherImplementationChosenIsNotSynced() {
        // For `slow` the legacy server is chosen, and the lock knows only the other.
        let codes = Self.check("""
            ### find: Find
            ```action
            tool: api.search
            with: { q: x }
            ```
            """, front: "agent: { preferred: slow }\n")
        #expect(codes == ["AIW425 the mcp implementation of tool 'api' was synced from other settings than the registry has now: its operations cannot be checked"])
    }

    @Test func noUsableImplementationIsAnErrorWithoutALockToo() {
        let text = "tools:\n  api:\n    implementations:\n      - type: exec\n        command: [api-tool]\n        agent_compatibility: { fast: not_supported }\n"
        let registry = ProjectRegistry.load(agents: nil, tools: SourceFile(path: "tools/registry.yaml", text: text)).registry
        let source = "---\nname: t\nversion: 1.0.0\nagent: { preferred: fast }\ntools: [api]\n---\n## Steps\n\n### s: S\n```action\ntool: api.search\n```\n"
        let codes = Checker().check(SourceFile(path: "w.md", text: source), registry: registry).map(\.code)
        #expect(codes == [.noUsableImplementation])
    }

    @Test(arguments: [
        ("[1, 2]", "the tools lock must be a JSON object"),
        ("{\"tools\": {}}", "the tools lock has no version 1 (found none)"),
        ("{\"version\": 1, \"tools\": {\"api\": {\"implementations\": [{\"type\": \"soap\"}]}}}", "an implementation of tool 'api' has no known type"),
        ("{\"version\": 1, \"tools\": {\"api\": ", "YAML"),
    ])
    func aBrokenLockIsReportedInItself(_ text: String, _ message: String) {
        let (registry, diagnostics) = Self.load(lock: text)
        #expect(diagnostics.contains { $0.message.contains(message) && $0.range.file.path == "tools/tools.lock.json" }, "\(diagnostics.map(\.message))")
        // Its tools then count as not synced.
        #expect(registry.lock?.tools["api"]?.first?.operations.isEmpty ?? true)
    }
}
