import Diagnostics
import Foundation
import Sema
import Testing

/// actionlint-style golden folders: `ok/` must produce nothing; each `err/x.md` must produce
/// exactly the diagnostics in `err/x.out`, one per line, sorted. Set AIW_BLESS=1 to rewrite
/// the `.out` files from the current output (then review the diff before committing).
@Suite struct GoldenFixtureTests {
    @Test(arguments: markdownFiles(in: fixtures("ok")).map(\.lastPathComponent))
    func okFixtureIsClean(_ name: String) throws {
        let diagnostics = try check(file: fixtures("ok").appendingPathComponent(name))
        #expect(diagnostics.map(goldenLine) == [])
    }

    @Test(arguments: markdownFiles(in: fixtures("err")).map(\.lastPathComponent))
    func errFixtureMatchesGolden(_ name: String) throws {
        let url = fixtures("err").appendingPathComponent(name)
        let actual = try check(file: url).map(goldenLine)
        let outURL = url.deletingPathExtension().appendingPathExtension("out")
        if ProcessInfo.processInfo.environment["AIW_BLESS"] == "1" {
            try (actual.joined(separator: "\n") + "\n").write(to: outURL, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: outURL, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        #expect(!expected.isEmpty, "an err fixture must expect at least one diagnostic")
        #expect(actual == expected)
    }

    /// Tests/Fixtures/project is a project: its workflows are checked against its registries.
    /// A workflow with a `.out` beside it must produce exactly that; the others nothing.
    @Test(arguments: markdownFiles(in: Self.projectWorkflows).map(\.lastPathComponent))
    func projectWorkflowMatchesGolden(_ name: String) throws {
        let root = fixtures("project/.aiworkflow")
        func file(_ path: String) throws -> SourceFile {
            SourceFile(path: path, bytes: try [UInt8](Data(contentsOf: root.appendingPathComponent(path))))
        }
        let loaded = ProjectRegistry.load(agents: try file("agents/capabilities.yaml"), tools: try file("tools/registry.yaml"),
                                          lock: try file("tools/tools.lock.json"))
        #expect(loaded.diagnostics.map(registryLine) == [])
        let url = Self.projectWorkflows.appendingPathComponent(name)
        let source = SourceFile(path: name, bytes: try [UInt8](Data(contentsOf: url)))
        let actual = Checker().check(source, registry: loaded.registry).map(goldenLine)
        let outURL = url.deletingPathExtension().appendingPathExtension("out")
        if ProcessInfo.processInfo.environment["AIW_BLESS"] == "1", name.hasPrefix("AIW") {
            try (actual.joined(separator: "\n") + "\n").write(to: outURL, atomically: true, encoding: .utf8)
        }
        let expected = ((try? String(contentsOf: outURL, encoding: .utf8)) ?? "")
            .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        #expect(name.hasPrefix("AIW") == !expected.isEmpty, "AIW… fixtures expect diagnostics, the others none")
        #expect(actual == expected)
    }

    static let projectWorkflows = fixtures("project/.aiworkflow/workflows")

    /// Every code in the catalog is exercised, with its line and column, by some golden file.
    @Test func everyCodeHasAGoldenFixture() throws {
        var seen = Set<String>()
        for folder in ["err", "mangled", "registry", "project/.aiworkflow/workflows", "migrate"] {
            let dir = fixtures(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where name.hasSuffix(".out") {
                let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
                for match in text.matches(of: /\[(AIW\d+)\]/) { seen.insert(String(match.output.1)) }
            }
        }
        let missing = Catalog.entries.map(\.code.description).filter { !seen.contains($0) }
        #expect(missing == [], "codes without a golden fixture: \(missing)")
    }

    /// A file named after a code (`AIW201-….md`) must produce that code.
    @Test(arguments: markdownFiles(in: fixtures("err")).map(\.lastPathComponent).filter { $0.hasPrefix("AIW") })
    func errFixtureNamedForACodeProducesIt(_ name: String) throws {
        let code = String(name.prefix(6))
        let codes = try check(file: fixtures("err").appendingPathComponent(name)).map(\.code.description)
        #expect(codes.contains(code))
    }
}
