import Diagnostics
import Sema
import Testing

@testable import aiwc

/// The registry files `aiwc init` writes load clean and define what hello.md uses.
@Suite struct ScaffoldRegistryTests {
    @Test func scaffoldRegistriesLoadClean() throws {
        let (registry, diagnostics) = ProjectRegistry.load(
            agents: SourceFile(path: Catalog.agentsPath, text: Scaffold.capabilities),
            tools: SourceFile(path: Catalog.toolsPath, text: Scaffold.registry))
        #expect(diagnostics.map { "\($0.file.path):\($0.range.start.line): \($0.message)" } == [])
        #expect(registry.agents.keys.sorted() == ["claude-code", "opencode"])
        #expect(registry.agents["claude-code"]?.kind == .claudeCode)
        #expect(registry.agents["claude-code"]?.command == ["claude"])
        #expect(registry.agents["opencode"]?.capabilities == ["tool_use", "mcp", "code_execution"])
        let clock = try #require(registry.tools["clock"])
        #expect(clock.implementations.map(\.type) == [.mcp])
        #expect(clock.implementations.first?.command == ["uvx", "mcp-server-time"])
        #expect(clock.implementations.first?.agentCompatibility == ["claude-code": .native, "opencode": .native])
    }
}
