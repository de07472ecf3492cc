import Foundation
import Testing

/// `aiwc check` finds each workflow's project registries by walking up from the file (or
/// takes them from `--config`), reports their own problems in their own files, and checks
/// agents and tools against them.
@Suite struct ProjectTests {
    @Test func projectWorkflowsAreCheckedAgainstTheirRegistries() throws {
        let r = try run(["check", "Tests/Fixtures/project"])
        #expect(r.status == 1)
        let file = "Tests/Fixtures/project/.aiworkflow/workflows/AIW420-424-capabilities.md"
        #expect(r.stdout.contains("\(file):5:14: error[AIW420]: agent 'claude' is not defined in Tests/Fixtures/project/.aiworkflow/agents/capabilities.yaml"))
        // The note points into the agents file, with that file's path.
        #expect(r.stdout.contains("Tests/Fixtures/project/.aiworkflow/agents/capabilities.yaml:10:"))
        #expect(!r.stdout.contains("clean.md"))
    }

    @Test func discoveryWalksUpFromANestedFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let agents = dir.appendingPathComponent(".aiworkflow/agents")
        let deep = dir.appendingPathComponent(".aiworkflow/workflows/team/weekly")
        try FileManager.default.createDirectory(at: agents, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        try "agents:\n  writer: { kind: claude-code, capabilities: [tool_use] }\n"
            .write(to: agents.appendingPathComponent("capabilities.yaml"), atomically: true, encoding: .utf8)
        try "---\nname: w\nversion: 1.0.0\nagent: { preferred: writr, requires: [tool_use] }\n---\n## Steps\n### a: A\nSay.\n"
            .write(to: deep.appendingPathComponent("w.md"), atomically: true, encoding: .utf8)
        // From the project folder, paths are shown as given.
        let inside = try run(["check", ".aiworkflow/workflows/team/weekly/w.md"], in: dir)
        #expect(inside.status == 1)
        #expect(inside.stdout.hasPrefix(".aiworkflow/workflows/team/weekly/w.md:4:21: error[AIW420]: agent 'writr' is not defined in .aiworkflow/agents/capabilities.yaml"))
        #expect(inside.stdout.contains("did you mean 'writer'?"))
        // From a sub-folder, `..` in the path still leads to the same project.
        let below = try run(["check", "../weekly/./w.md"], in: deep)
        #expect(below.status == 1)
        #expect(below.stdout.contains("error[AIW420]"))
        // Without the project, nothing is known of agents: no error.
        let alone = dir.appendingPathComponent("alone.md")
        try FileManager.default.copyItem(at: deep.appendingPathComponent("w.md"), to: alone)
        let outside = try run(["check", "--config", dir.path, alone.path])
        #expect(outside.status == 1)
        let elsewhere = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        try FileManager.default.copyItem(at: alone, to: elsewhere.appendingPathComponent("alone.md"))
        let unrelated = try run(["check", "alone.md"], in: elsewhere)
        #expect(unrelated.status == 0, "\(unrelated.stdout)")
    }

    @Test func registryFilesReportTheirOwnProblems() throws {
        let r = try run(["check", "--config", "Tests/Fixtures/registry", "Tests/Fixtures/ok/minimal.md"])
        #expect(r.status == 1)
        let golden = try String(contentsOf: repo.appendingPathComponent("Tests/Fixtures/registry/registry.out"), encoding: .utf8)
        // Golden lines are `path:L:C-L:C: …`; human output is `path:L:C: …`, under the folder.
        let lines = golden.split(separator: "\n")
        #expect(lines.count >= 10)
        for line in lines {
            let m = try #require(line.wholeMatch(of: /(.*?):(\d+):(\d+)-\d+:\d+: (.*)/))
            // Messages that name the other file name it by its path too.
            let message = String(m.output.4).replacing("which agents/", with: "which Tests/Fixtures/registry/agents/")
            let shown = "Tests/Fixtures/registry/\(m.output.1):\(m.output.2):\(m.output.3): \(message)"
            #expect(r.stdout.contains(shown), "missing \(shown)")
        }
        #expect(!r.stdout.contains("minimal.md"))
        // The front end alone does not read registries.
        let frontEnd = try run(["check", "--no-semantics", "--config", "Tests/Fixtures/registry", "Tests/Fixtures/ok/minimal.md"])
        #expect(frontEnd.status == 0)
    }

    @Test func aRegistryPathThatIsAFolderIsAUsageError() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent(".aiworkflow/agents/capabilities.yaml")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "---\nname: w\nversion: 1.0.0\n---\n## Steps\n### a: A\nSay.\n".write(to: dir.appendingPathComponent("w.md"), atomically: true, encoding: .utf8)
        let r = try run(["check", "w.md"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("capabilities.yaml: is not a regular file"))
    }

    /// A relative path starts from the working folder as the shell names it: through a
    /// link, the project is the one the link is in, not the one its target is in.
    @Test func theWorkingFolderIsTheOneTheShellNames() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("elsewhere/sub")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let agents = dir.appendingPathComponent("elsewhere/.aiworkflow/agents")
        try FileManager.default.createDirectory(at: agents, withIntermediateDirectories: true)
        try "agents:\n  writer: { kind: claude-code }\n".write(to: agents.appendingPathComponent("capabilities.yaml"), atomically: true, encoding: .utf8)
        try "---\nname: w\nversion: 1.0.0\nagent: { preferred: nobody }\n---\n## Steps\n### a: A\nSay.\n"
            .write(to: target.appendingPathComponent("w.md"), atomically: true, encoding: .utf8)
        let link = dir.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        // Lexically, link/w.md is in `dir`, which has no project: nothing is known of agents.
        let viaLink = try run(["check", "w.md"], in: link, environment: ["PWD": link.path])
        #expect(viaLink.status == 0, "\(viaLink.stdout)")
        // In the target folder itself, the project above it applies.
        let direct = try run(["check", "w.md"], in: target, environment: ["PWD": target.path])
        #expect(direct.status == 1)
        #expect(direct.stdout.contains("error[AIW420]"))
    }

    @Test func configMustExist() throws {
        let r = try run(["check", "--config", "no/such/folder", "Tests/Fixtures/ok/minimal.md"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no/such/folder"))
        let notAProject = try run(["check", "--config", "docs", "Tests/Fixtures/ok/minimal.md"])
        #expect(notAProject.status == 2)
        #expect(notAProject.stderr.contains("neither .aiworkflow/ nor agents/ or tools/"))
    }

    @Test func standardInputBelongsToTheProjectOfItsName() throws {
        let r = try run(
            ["check", "--stdin-name", "Tests/Fixtures/project/.aiworkflow/workflows/new.md", "-"],
            input: "---\nname: x\nversion: 1.0.0\nagent: { preferred: opencod }\n---\n## Steps\n### a: A\nSay.\n")
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("Tests/Fixtures/project/.aiworkflow/workflows/new.md:4:21: error[AIW420]: agent 'opencod' is not defined"))
    }

    @Test func dumpTypesShowsTypesAndDefinitions() throws {
        let r = try run(["check", "--dump-types", "Tests/Fixtures/ok/types.md"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "== Tests/Fixtures/ok/types.md")
        #expect(lines.contains("  input limit: integer  (7:3)"))
        #expect(lines.contains("  step classify: output object{count: integer, labels: array<string>, scores: array<number>}  (30:5)"))
        #expect(lines.contains { $0.hasSuffix("  integer  inputs.limit % 2") })
        #expect(lines.contains { $0.hasSuffix("  input team  defined at 6:3") })
        #expect(lines.contains { $0.hasSuffix("  function upper  library function") })
    }
}
