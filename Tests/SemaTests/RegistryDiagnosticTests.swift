import Diagnostics
import Foundation
import Sema
import Testing

/// Diagnostics of the registry files: each in its file, at its exact span.
@Suite struct RegistryDiagnosticTests {
    /// Codes of the registry files themselves (a workflow example means a workflow's code).
    static let withExamples = Catalog.entries.filter { $0.hasRegistryExample && $0.example == nil }.map(\.code.number)

    /// The one diagnostic each catalog example produces.
    static let expected: [Int: String] = [
        401: ".aiworkflow/agents/capabilities.yaml:3:11-3:14: error[AIW401]: agent 'aider' of kind cli needs a 'command': no program is known for it",
        402: ".aiworkflow/agents/capabilities.yaml:5:5-5:13: error[AIW402]: 'endpoint' does not apply to an agent of kind cli and would be ignored",
        403: ".aiworkflow/tools/registry.yaml:5:15-5:22: error[AIW403]: an openapi implementation of tool 'search' needs 'base_url'",
        404: ".aiworkflow/tools/registry.yaml:6:53-6:60: warning[AIW404]: agent_compatibility names agent 'opencod', which .aiworkflow/agents/capabilities.yaml does not define",
        405: ".aiworkflow/tools/registry.yaml:7:23-7:29: error[AIW405]: auth type bearer needs 'secret'",
        406: ".aiworkflow/tools/registry.yaml:9:19-9:20: warning[AIW406]: implementations 1 and 2 of tool 'slack' both have priority 1, so which is tried first is not said",
        712: ".aiworkflow/tools/registry.yaml:1:1-1:6: error[AIW712]: this tool registry is in the format of aiworkflow 0.1 (v0), which aiwc does not read",
    ]

    @Test(arguments: withExamples)
    func exampleTriggersExactlyItsCode(_ number: Int) throws {
        let entry = try #require(DiagnosticCode(number).entry)
        let diagnostics = loadRegistry(agents: entry.agentsExample, tools: entry.toolsExample).diagnostics
        #expect(diagnostics.map(registryLine) == [try #require(Self.expected[number], "no expected line for \(entry.code)")])
        #expect(entry.example == nil && entry.trigger != nil)
    }

    @Test(arguments: withExamples)
    func fixIsClean(_ number: Int) throws {
        let entry = try #require(DiagnosticCode(number).entry)
        #expect(entry.agentsFix != nil || entry.toolsFix != nil, "\(entry.code) has no fix")
        let fixed = loadRegistry(agents: entry.agentsFix ?? entry.agentsExample, tools: entry.toolsFix ?? entry.toolsExample)
        #expect(fixed.diagnostics.map(registryLine) == [])
    }

    /// Applying a fix-it of a catalog example removes its diagnostic and adds none.
    @Test(arguments: withExamples)
    func fixItsFix(_ number: Int) throws {
        let entry = try #require(DiagnosticCode(number).entry)
        let before = loadRegistry(agents: entry.agentsExample, tools: entry.toolsExample).diagnostics
        for d in before {
            for fix in d.fixIts {
                let isAgents = d.file.path == Catalog.agentsPath
                let text = String(decoding: FixItTests.apply(fix, to: d.file.bytes), as: UTF8.self)
                let after = loadRegistry(agents: isAgents ? text : entry.agentsExample, tools: isAgents ? entry.toolsExample : text).diagnostics
                #expect(after.map(registryLine) == [], "'\(fix.message)' for \(registryLine(d))")
            }
        }
    }

    @Test func syntaxErrorIsInTheRegistryFile() {
        let d = loadRegistry(agents: nil, tools: "tools:\n  clock: [\n").diagnostics
        #expect(d.map(\.code) == [.yamlSyntax])
        #expect(d.first?.file.path == Catalog.toolsPath)
    }

    @Test func unknownKeyGetsDidYouMeanAndNoCascade() throws {
        let d = loadRegistry(agents: "agents:\n  aider:\n    kind: cli\n    comand: [aider]\n", tools: nil).diagnostics
        #expect(d.map(registryLine) == [".aiworkflow/agents/capabilities.yaml:4:5-4:11: error[AIW201]: unknown key 'comand' in 'agents.aider'"])
        #expect(d.first?.help == ["did you mean 'command'?"])
        #expect(d.first?.fixIts.first?.edits.first?.replacement == "command")
    }

    @Test func wrongTypesAndChoices() {
        let agents = """
            version: 2
            agents:
              a:
                kind: cli
                command: [a]
                context_window: big
                prompt: args
                capabilities: tool_use
              B: { kind: opencode }
            """
        #expect(loadRegistry(agents: agents + "\n", tools: nil).diagnostics.map(registryLine) == [
            ".aiworkflow/agents/capabilities.yaml:1:10-1:11: error[AIW209]: 'version' must be at most 1, found 2",
            ".aiworkflow/agents/capabilities.yaml:6:21-6:24: error[AIW203]: 'agents.a.context_window' must be an integer, found a string",
            ".aiworkflow/agents/capabilities.yaml:7:13-7:17: error[AIW208]: 'args' is not a valid value for 'agents.a.prompt'",
            ".aiworkflow/agents/capabilities.yaml:8:19-8:27: error[AIW203]: 'agents.a.capabilities' must be a list, found a string",
            ".aiworkflow/agents/capabilities.yaml:9:3-9:4: error[AIW224]: 'B' is not a valid agent or tool id",
        ])
    }

    @Test func agentRules() {
        let agents = """
            agents:
              gpt:
                kind: openai
                command: gpt
              local:
                kind: openai
                endpoint: http://localhost:8000/v1
                models: []
              empty:
                kind: cli
                command: []
            """
        #expect(loadRegistry(agents: agents + "\n", tools: nil).diagnostics.map(registryLine) == [
            ".aiworkflow/agents/capabilities.yaml:3:11-3:17: error[AIW401]: agent 'gpt' of kind openai needs 'endpoint' and at least one model in 'models'",
            ".aiworkflow/agents/capabilities.yaml:4:5-4:12: error[AIW402]: 'command' does not apply to an agent of kind openai and would be ignored",
            ".aiworkflow/agents/capabilities.yaml:8:13-8:15: error[AIW401]: agent 'local' of kind openai needs at least one model",
            ".aiworkflow/agents/capabilities.yaml:11:14-11:16: error[AIW227]: 'agents.empty.command' cannot be empty",
        ])
    }

    @Test func healthCheckRules() {
        let agents = """
            agents:
              none:
                kind: claude-code
                health_check: { timeout: 5s }
              empty:
                kind: claude-code
                health_check: { command: [] }
              typo:
                kind: claude-code
                health_check: { url: "http://127.0.0.1:9/health", timeout: soon }
            """
        #expect(loadRegistry(agents: agents + "\n", tools: nil).diagnostics.map(registryLine) == [
            ".aiworkflow/agents/capabilities.yaml:4:19-4:34: error[AIW401]: the health check of agent 'none' needs a 'command' or a 'url'",
            ".aiworkflow/agents/capabilities.yaml:7:30-7:32: error[AIW227]: 'agents.empty.health_check.command' cannot be empty",
            ".aiworkflow/agents/capabilities.yaml:10:64-10:65: error[AIW206]: expected a number in duration 'soon'",
        ])
    }

    @Test func toolRules() {
        let tools = """
            tools:
              both:
                implementations:
                  - type: mcp
                    command: [srv]
                    url: https://mcp.example.com
                    spec: ./api.json
                  - type: mcp
                    priority: 3
                  - type: exec
                    auth: { type: none }
                    priority: 3
              keys:
                implementations:
                  - type: openapi
                    spec: ./api.json
                    base_url: https://api.example.com
                    auth: { type: api_key, secret: KEY }
                  - type: openapi
                    spec: ./api.json
                    base_url: https://api.example.com
                    auth: { type: none, secret: KEY }
                  - type: mcp
                    command: [srv]
                    auth: { type: bearer, secret: KEY }
              none:
                implementations: []
            """
        #expect(loadRegistry(agents: nil, tools: tools + "\n").diagnostics.map(registryLine) == [
            ".aiworkflow/tools/registry.yaml:6:9-6:12: error[AIW403]: an mcp implementation of tool 'both' has both 'command' and 'url'",
            ".aiworkflow/tools/registry.yaml:7:9-7:13: error[AIW402]: 'spec' does not apply to an implementation of type mcp and would be ignored",
            ".aiworkflow/tools/registry.yaml:8:15-8:18: error[AIW403]: an mcp implementation of tool 'both' needs 'command' (a local server) or 'url' (a remote one)",
            ".aiworkflow/tools/registry.yaml:10:15-10:19: error[AIW403]: an exec implementation of tool 'both' needs a 'command'",
            ".aiworkflow/tools/registry.yaml:11:9-11:13: error[AIW402]: 'auth' does not apply to an implementation of type exec and would be ignored",
            ".aiworkflow/tools/registry.yaml:12:19-12:20: warning[AIW406]: implementations 2 and 3 of tool 'both' both have priority 3, so which is tried first is not said",
            ".aiworkflow/tools/registry.yaml:18:23-18:30: error[AIW405]: auth type api_key needs 'header' or 'query'",
            ".aiworkflow/tools/registry.yaml:22:29-22:35: error[AIW405]: 'secret' has no meaning with auth type none",
            ".aiworkflow/tools/registry.yaml:25:9-25:13: error[AIW402]: 'auth' does not apply to an implementation of type mcp and would be ignored",
            ".aiworkflow/tools/registry.yaml:27:22-27:24: error[AIW227]: 'tools.none.implementations' cannot be empty",
        ])
    }

    /// `env` belongs to local processes; an api_key goes in a header or in the query, not both.
    @Test func envAndQueryAuthRules() {
        let tools = """
            tools:
              api:
                implementations:
                  - type: openapi
                    spec: ./api.json
                    base_url: https://api.example.com
                    env: { MODE: test }
                    auth: { type: api_key, secret: KEY, header: X-Key, query: key }
                  - type: exec
                    command: [tool]
                    env: { MODE: test, "1BAD": x }
                  - type: openapi
                    spec: ./api.json
                    base_url: https://api.example.com
                    auth: { type: bearer, secret: KEY, query: key }
                  - type: openapi
                    spec: ./api.json
                    base_url: https://api.example.com
                    auth: { type: api_key, secret: KEY, query: key }
            """
        let codes = loadRegistry(agents: nil, tools: tools + "\n").diagnostics.map { "\($0.range.start.line) \($0.code)" }
        #expect(codes.contains("7 AIW402"), "env on openapi: \(codes)")
        #expect(codes.contains("8 AIW405"), "header and query: \(codes)")
        #expect(codes.contains("11 AIW224"), "a bad variable name: \(codes)")
        #expect(codes.contains("15 AIW405"), "query with bearer: \(codes)")
        #expect(!codes.contains { $0.hasPrefix("19 ") }, "api_key with query alone is clean: \(codes)")
    }

    @Test func compatibilityIsCheckedOnlyAgainstAReadableAgentsFile() throws {
        let tools = "tools:\n  clock:\n    implementations:\n      - type: mcp\n        command: [uvx, mcp-server-time]\n        agent_compatibility: { claude: native }\n"
        #expect(loadRegistry(agents: nil, tools: tools).diagnostics.isEmpty)
        #expect(loadRegistry(agents: "agents: [\n", tools: tools).diagnostics.map(\.code) == [.yamlSyntax])
        // An agent whose kind is broken is reported once, in the agents file.
        let broken = loadRegistry(agents: "agents:\n  claude:\n    command: claude\n", tools: tools)
        #expect(broken.diagnostics.map(\.code) == [.missingKey])
        #expect(broken.registry.brokenAgentIDs == ["claude"])
        let d = try #require(loadRegistry(agents: "agents:\n  claude-code: { kind: claude-code }\n", tools: tools).diagnostics.first)
        #expect(d.code == .unknownCompatibilityAgent)
        #expect(d.notes.first?.range?.file.path == Catalog.agentsPath)
        #expect(d.notes.first?.range?.start == SourceLocation(line: 1, column: 1))
        #expect(d.fixIts.first?.edits.first?.replacement == "claude-code")
    }

    @Test func defaultsAndStringCommands() throws {
        let (registry, diagnostics) = loadRegistry(
            agents: "agents:\n  c: { kind: claude-code }\n  o: { kind: opencode, command: /opt/bin/opencode }\n  x: { kind: cli, command: aider }\n",
            tools: "tools:\n  t:\n    implementations:\n      - { type: exec, command: [t] }\n      - { type: exec, command: [u] }\n")
        #expect(diagnostics.isEmpty)
        #expect(registry.agents["c"]?.command == ["claude"])
        #expect(registry.agents["o"]?.command == ["/opt/bin/opencode"])
        #expect(registry.agents["x"]?.command == ["aider"])
        #expect(registry.agents["x"]?.prompt == .stdin)
        #expect(registry.agents["c"]?.capabilitiesRange == nil)
        #expect(registry.tools["t"]?.implementations.map(\.priority) == [1, 2])
        #expect(registry.tools["t"]?.description == "")
    }

    @Test func absentFilesAreNotAProblem() {
        let (registry, diagnostics) = ProjectRegistry.load(agents: nil, tools: nil)
        #expect(diagnostics.isEmpty && registry.agents.isEmpty && registry.tools.isEmpty)
    }
}

/// No registry file crashes the loader; each mangled one gets an error in its own file.
@Suite struct MangledRegistryTests {
    static func errors(agents: [UInt8]) -> [Diagnostic] {
        ProjectRegistry.load(agents: SourceFile(path: Catalog.agentsPath, bytes: agents), tools: nil).diagnostics
    }

    @Test(arguments: [
        ("", "1:1-1:1: error[AIW202]: missing required key 'agents' in the agents file"),
        ("# nothing yet\n", "1:1-1:1: error[AIW202]: missing required key 'agents' in the agents file"),
        ("- claude\n", "1:1-1:9: error[AIW203]: the agents file must be a mapping of keys to values, found a list"),
        ("agents:\n", "1:8-1:8: error[AIW203]: 'agents' must be a mapping, found null"),
        ("agents:\n  a: 1\n", "2:6-2:7: error[AIW203]: 'agents.a' must be a mapping (agent), found an integer"),
        ("agents: !!set {}\n", "1:9-1:16: error[AIW108]: YAML tag '!!set' is not supported in workflows"),
        ("\u{FEFF}agents:\n  a: { kind: nope }\n", "2:14-2:18: error[AIW208]: 'nope' is not a valid value for 'agents.a.kind'"),
    ])
    func mangledText(_ text: String, _ expected: String) {
        #expect(Self.errors(agents: Array(text.utf8)).map(goldenLine) == [expected])
    }

    @Test func encodingProblems() {
        #expect(Self.errors(agents: Array("agents:\n  a: ".utf8) + [0xFF]).map(\.code) == [.invalidUTF8])
        #expect(Self.errors(agents: Array("agents:\n".utf8) + [0]).map(\.code) == [.nulByte])
    }

    @Test func deepNestingAndAliasBombs() {
        let deep = "agents: " + String(repeating: "[", count: 100_000) + "\n"
        #expect(Self.errors(agents: Array(deep.utf8)).map(\.code) == [.yamlTooComplex])
        var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<8 { bomb += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        #expect(Self.errors(agents: Array(bomb.utf8)).map(\.code) == [.yamlTooComplex])
    }

    /// Every prefix of the real samples loads without a crash, with spans inside the file.
    @Test func everyPrefixOfTheSamples() throws {
        for path in [Catalog.agentsPath, Catalog.toolsPath] {
            let bytes = try [UInt8](Data(contentsOf: repositoryRoot.appendingPathComponent(path)))
            for end in stride(from: 0, through: bytes.count, by: 3) {
                let file = SourceFile(path: path, bytes: Array(bytes[..<end]))
                let isAgents = path == Catalog.agentsPath
                let (_, diagnostics) = ProjectRegistry.load(agents: isAgents ? file : nil, tools: isAgents ? nil : file)
                for d in diagnostics { #expect(d.range.span.start >= 0 && d.range.span.end <= end) }
            }
        }
    }
}
