import Diagnostics
import Foundation
import Sema
import Testing

/// Loads registry texts under their paths in a project.
func loadRegistry(agents: String?, tools: String?) -> (registry: ProjectRegistry, diagnostics: [Diagnostic]) {
    ProjectRegistry.load(
        agents: agents.map { SourceFile(path: Catalog.agentsPath, text: $0) },
        tools: tools.map { SourceFile(path: Catalog.toolsPath, text: $0) })
}

/// `path:line:col-line:col: severity[CODE]: message`: ``goldenLine(_:)`` with the file.
func registryLine(_ d: Diagnostic) -> String { "\(d.file.path):" + goldenLine(d) }

/// The registry files of every project in the repository, and what they define.
@Suite struct RegistrySampleTests {
    /// The repository's own project and every example project.
    static let projects: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Examples").path)) ?? []
        return ["."] + names.sorted().map { "Examples/\($0)" }
    }()

    static func load(_ project: String) throws -> (registry: ProjectRegistry, diagnostics: [Diagnostic]) {
        func file(_ path: String) throws -> SourceFile {
            let url = repositoryRoot.appendingPathComponent(project).appendingPathComponent(path)
            return SourceFile(path: "\(project)/\(path)", bytes: try [UInt8](Data(contentsOf: url)))
        }
        let lock = repositoryRoot.appendingPathComponent(project).appendingPathComponent(".aiworkflow/\(ToolLock.path)")
        return ProjectRegistry.load(agents: try file(Catalog.agentsPath), tools: try file(Catalog.toolsPath),
                                    lock: FileManager.default.fileExists(atPath: lock.path) ? try file(".aiworkflow/\(ToolLock.path)") : nil)
    }

    @Test(arguments: projects)
    func sampleLoadsClean(_ project: String) throws {
        let (registry, diagnostics) = try Self.load(project)
        #expect(diagnostics.map(registryLine) == [])
        #expect(!registry.agents.isEmpty && !registry.tools.isEmpty)
        #expect(registry.brokenAgentIDs.isEmpty && registry.brokenToolIDs.isEmpty)
        for tool in registry.tools.values {
            #expect(!tool.implementations.isEmpty, "\(tool.id)")
            for implementation in tool.implementations {
                for agent in implementation.agentCompatibility.keys { #expect(registry.agents[agent] != nil, "\(tool.id): \(agent)") }
            }
        }
    }

    @Test func healthChecksAreRead() throws {
        let agents = """
            agents:
              both:
                kind: claude-code
                health_check: { command: [claude, --version], url: "http://127.0.0.1:9/up", timeout: 3s }
              url:
                kind: openai
                endpoint: http://127.0.0.1:8000/v1
                models: [m]
                health_check: { url: "http://127.0.0.1:8000/v1/models" }
              plain:
                kind: opencode
            """
        let (registry, diagnostics) = loadRegistry(agents: agents + "\n", tools: nil)
        #expect(diagnostics.isEmpty)
        #expect(registry.agents["both"]?.healthCheck == AgentDefinition.HealthCheck(
            command: ["claude", "--version"], url: "http://127.0.0.1:9/up", timeout: Duration(milliseconds: 3000)))
        #expect(registry.agents["url"]?.healthCheck == AgentDefinition.HealthCheck(
            command: [], url: "http://127.0.0.1:8000/v1/models", timeout: Duration(milliseconds: 10_000)))
        #expect(registry.agents["plain"]?.healthCheck == nil)
    }

    @Test func claudeCodeOptions() {
        let agents = """
            agents:
              reviewer:
                kind: claude-code
                allowed_tools: [Read, "Bash(git log:*)"]
                mcp_config: .aiworkflow/mcp.json
              plain:
                kind: claude-code
            """
        let (registry, diagnostics) = loadRegistry(agents: agents + "\n", tools: nil)
        #expect(diagnostics.isEmpty)
        #expect(registry.agents["reviewer"]?.allowedTools == ["Read", "Bash(git log:*)"])
        #expect(registry.agents["reviewer"]?.mcpConfig == ".aiworkflow/mcp.json")
        #expect(registry.agents["plain"]?.allowedTools == [] && registry.agents["plain"]?.mcpConfig == nil)
    }

    @Test func claudeCodeOptionsOnOtherKindsAndBadValues() {
        let agents = """
            agents:
              oc:
                kind: opencode
                allowed_tools: [Read]
                mcp_config: m.json
              cc:
                kind: claude-code
                allowed_tools: [Read, Read, ""]
                mcp_config: ""
            """
        let lines = loadRegistry(agents: agents + "\n", tools: nil).diagnostics.map(registryLine)
        #expect(lines.contains(".aiworkflow/agents/capabilities.yaml:4:5-4:18: error[AIW402]: 'allowed_tools' does not apply to an agent of kind opencode and would be ignored"))
        #expect(lines.contains(".aiworkflow/agents/capabilities.yaml:5:5-5:15: error[AIW402]: 'mcp_config' does not apply to an agent of kind opencode and would be ignored"))
        // A repeated tool and empty texts are the schema's to report.
        #expect(lines.count == 5, "\(lines)")
    }

    @Test func rootProject() throws {
        let (registry, _) = try Self.load(".")
        #expect(registry.agents.keys.sorted() == ["claude-code", "gemini", "opencode"])
        let claude = try #require(registry.agents["claude-code"])
        #expect(claude.kind == .claudeCode)
        #expect(claude.command == ["claude"])
        #expect(claude.models == ["sonnet", "opus"])
        #expect(claude.capabilities == ["tool_use", "mcp", "structured_output", "reasoning", "code_execution"])
        #expect(claude.contextWindow == 200_000)
        #expect(claude.cost == AgentDefinition.Cost(inputPerMTok: 3, outputPerMTok: 15))
        #expect(claude.idRange.start == SourceLocation(line: 4, column: 3))
        #expect(claude.capabilitiesRange?.start == SourceLocation(line: 8, column: 19))
        let gemini = try #require(registry.agents["gemini"])
        #expect(gemini.kind == .cli)
        #expect(gemini.command == ["gemini", "--output-format", "json", "-p"])
        #expect(gemini.prompt == .argument)
        #expect(gemini.capabilities.contains("web_search"))
        let github = try #require(registry.tools["github"])
        #expect(github.implementations.map(\.type) == [.mcp, .openapi])
        #expect(github.implementations.map(\.priority) == [1, 2])
        #expect(github.implementations[0].command.first == "docker")
        #expect(github.implementations[0].timeout == Duration(milliseconds: 30_000))
        #expect(github.implementations[1].baseURL == "https://api.github.com")
        #expect(github.implementations[1].auth == ToolAuth(kind: .bearer, secret: "GITHUB_TOKEN", header: nil))
        #expect(github.implementations[1].agentCompatibility["gemini"] == .viaBridge)
        #expect(github.implementations[1].rateLimits == ToolImplementation.RateLimits(requestsPerMinute: 80, burst: 10))
        #expect(registry.secretsUsed(byTool: "github") == ["GITHUB_PERSONAL_ACCESS_TOKEN", "GITHUB_TOKEN"])
        #expect(registry.secretsUsed(byTool: "clock") == [])
        #expect(registry.secretsUsed(byTool: "nope") == [])
    }

    @Test func examples() throws {
        let mail = try Self.load("Examples/mail-triage").registry
        let qwen = try #require(mail.agents["local-qwen"])
        #expect(qwen.kind == .openai)
        #expect(qwen.command == [])
        #expect(qwen.endpoint == "http://llm-gpu-01.internal:8000/v1")
        #expect(qwen.apiKeyEnv == "VLLM_API_KEY")
        #expect(qwen.cost == AgentDefinition.Cost(inputPerMTok: 0, outputPerMTok: 0))
        #expect(mail.agents["opencode"]?.cost == nil)
        #expect(mail.tools["gmail"]?.implementations[1].spec == "./specs/gmail-v1.openapi.yaml")

        let review = try Self.load("Examples/pr-review").registry
        #expect(review.agents["codex"]?.kind == .cli)
        #expect(review.agents["codex"]?.prompt == .stdin)
        let github = try #require(review.tools["github"])
        #expect(github.implementations.map(\.type) == [.mcp, .mcp, .openapi])
        #expect(github.implementations[0].url == "https://api.githubcopilot.com/mcp/")
        #expect(github.implementations[0].command == [])

        let incidents = try Self.load("Examples/incident-digest").registry
        #expect(incidents.tools["datadog"]?.implementations.first?.auth == ToolAuth(kind: .apiKey, secret: "DATADOG_API_KEY", header: "DD-API-KEY"))
        #expect(incidents.secretsUsed(byTool: "pagerduty") == ["PAGERDUTY_TOKEN"])

        let report = try Self.load("Examples/weekly-report").registry
        #expect(report.tools["warehouse"]?.implementations.first?.type == .exec)
        #expect(report.tools["warehouse"]?.implementations.first?.timeout == Duration(milliseconds: 120_000))
        #expect(report.agents["azure-o3"]?.models == ["o3"])
    }

    /// The agents and tools shown in docs/configuration.md load clean.
    @Test func documentedRegistriesAreClean() throws {
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        let blocks = doc.matches(of: /```yaml\n((?:.|\n)*?)```/).map { String($0.output.1) }
        let agents = blocks.filter { $0.contains("\nagents:\n") || $0.hasPrefix("agents:") }
        let tools = blocks.filter { $0.contains("\ntools:\n") || $0.hasPrefix("tools:") }
        #expect(!agents.isEmpty && !tools.isEmpty)
        for a in agents {
            for t in tools {
                #expect(loadRegistry(agents: a, tools: t).diagnostics.map(registryLine) == [])
            }
        }
    }
}

/// Tests/Fixtures/registry holds an agents file and a tool registry with every registry
/// rule broken once; `registry.out` is what they produce (`AIW_BLESS=1` rewrites it).
@Suite struct RegistryFixtureTests {
    @Test func goldenDiagnostics() throws {
        let folder = fixtures("registry")
        func file(_ path: String) throws -> SourceFile {
            SourceFile(path: path, bytes: try [UInt8](Data(contentsOf: folder.appendingPathComponent(path))))
        }
        let diagnostics = ProjectRegistry.load(agents: try file("agents/capabilities.yaml"), tools: try file("tools/registry.yaml"),
                                               lock: try file("tools/tools.lock.json")).diagnostics
        let actual = diagnostics.map(registryLine)
        let out = folder.appendingPathComponent("registry.out")
        if ProcessInfo.processInfo.environment["AIW_BLESS"] == "1" {
            try (actual.joined(separator: "\n") + "\n").write(to: out, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(actual == expected)
    }
}
