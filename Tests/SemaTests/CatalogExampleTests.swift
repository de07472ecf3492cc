import Diagnostics
import Foundation
import Sema
import Testing

/// The examples `aiwc explain` prints are tests too: each triggers its code, each fix is clean.
@Suite struct CatalogExampleTests {
    static let withExamples = Catalog.entries.filter { $0.example != nil }.map(\.code.number)

    @Test(arguments: withExamples)
    func exampleTriggersItsCode(_ number: Int) throws {
        let entry = try #require(DiagnosticCode(number).entry)
        let registry = loadRegistry(agents: entry.agentsExample, tools: entry.toolsExample)
        #expect(registry.diagnostics.map(registryLine) == [], "the registry files of \(entry.code)'s example are clean")
        let codes = Checker().check(SourceFile(path: "test.md", text: try #require(entry.example)), registry: entry.hasRegistryExample ? registry.registry : nil).map(\.code)
        #expect(codes.contains(entry.code), "\(entry.code) example produced \(codes)")
        #expect(codes.allSatisfy { $0 == entry.code }, "\(entry.code) example produced other codes too: \(codes)")
    }

    @Test(arguments: withExamples)
    func fixIsClean(_ number: Int) throws {
        let entry = try #require(DiagnosticCode(number).entry)
        let fix = try #require(entry.fix, "\(entry.code) has an example but no fix")
        let registry = loadRegistry(agents: entry.agentsFix ?? entry.agentsExample, tools: entry.toolsFix ?? entry.toolsExample).registry
        let diagnostics = Checker().check(SourceFile(path: "test.md", text: fix), registry: entry.hasRegistryExample ? registry : nil)
        #expect(diagnostics.map(goldenLine) == [])
    }

    @Test func everyEntryHasAnExampleOrATrigger() {
        for entry in Catalog.entries {
            #expect(entry.example != nil || entry.trigger != nil, "\(entry.code)")
            #expect(!entry.explanation.isEmpty)
        }
    }

    @Test func catalogIsSortedAndUnique() {
        let numbers = Catalog.entries.map(\.code.number)
        #expect(numbers == numbers.sorted())
        #expect(Set(numbers).count == numbers.count)
        #expect(Set(Catalog.entries.map(\.name)).count == numbers.count)
    }

    /// Codes named in any `DiagnosticCode*.swift` all have entries (a new code without docs
    /// fails here).
    @Test func everyNamedCodeHasAnEntry() throws {
        let folder = repositoryRoot.appendingPathComponent("Sources/Diagnostics")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("DiagnosticCode") && $0.hasSuffix(".swift") }
        #expect(names.contains("DiagnosticCode+Registry.swift"))
        var numbers: [Int] = []
        for name in names {
            let source = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            numbers += source.matches(of: /DiagnosticCode\((\d+)\)/).compactMap { Int($0.output.1) }
        }
        #expect(numbers.count >= 30)
        for n in numbers { #expect(DiagnosticCode(n).entry != nil, "AIW\(n) has no catalog entry") }
    }

    /// docs/diagnostics.md is generated from the catalog; this fails when it is stale.
    @Test func diagnosticsDocIsCurrent() throws {
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/diagnostics.md"), encoding: .utf8)
        #expect(doc == CatalogDocument.markdown(), "docs/diagnostics.md is stale: run scripts/gen-docs")
    }

    /// Grammar/frontmatter.schema.json is generated from the checker's own schema.
    @Test func frontmatterSchemaIsCurrent() throws {
        let file = try String(contentsOf: repositoryRoot.appendingPathComponent("Grammar/frontmatter.schema.json"), encoding: .utf8)
        #expect(file == JSONSchemaExport.frontmatter().serialized(indent: 2) + "\n", "Grammar/frontmatter.schema.json is stale: run scripts/gen-docs")
    }

    /// Grammar/agents.schema.json and Grammar/tools.schema.json come from the registry shapes.
    @Test(arguments: [("agents", JSONSchemaExport.agents()), ("tools", JSONSchemaExport.tools())])
    func registrySchemaIsCurrent(_ name: String, _ schema: JSONValue) throws {
        let file = try String(contentsOf: repositoryRoot.appendingPathComponent("Grammar/\(name).schema.json"), encoding: .utf8)
        #expect(file == schema.serialized(indent: 2) + "\n", "Grammar/\(name).schema.json is stale: run scripts/gen-docs")
    }
}
