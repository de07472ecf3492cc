import Foundation
import Testing

@testable import aiwc

/// The built executables, beside the test bundle (swift test builds every product).
let binDirectory: URL = {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: exe).deletingLastPathComponent()
}()

let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The result of running a command.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a built executable as a real child process, with `input` on its standard input.
func run(_ arguments: [String], tool: String = "aiwc", in directory: URL = repo, environment: [String: String] = [:], input: String? = nil,
         executable: String? = nil) throws -> Run {
    let process = Process()
    process.executableURL = executable.map { URL(fileURLWithPath: $0) } ?? binDirectory.appendingPathComponent(tool)
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { $1 }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let stdin = input.map { _ in Pipe() }
    if let stdin { process.standardInput = stdin }
    try process.run()
    if let stdin, let input {
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
    }
    // Read both pipes before waiting, so a large output cannot fill a pipe and deadlock.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("aiwc-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct ExitStatusTests {
    @Test func cleanFilesExitZeroAndPrintNothing() throws {
        let r = try run(["check", "--config", "Tests/Fixtures/project", "Tests/Fixtures/ok"])
        #expect(r.status == 0)
        #expect(r.stdout == "")
        #expect(r.stderr == "")
    }

    @Test func problemsExitOne() throws {
        let r = try run(["check", "Tests/Fixtures/err/AIW201-unknown-key.md"])
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("Tests/Fixtures/err/AIW201-unknown-key.md:4:1: error[AIW201]: unknown key 'retyr' in the frontmatter\n"))
        #expect(r.stdout.hasSuffix("8 errors and 1 warning generated.\n"))
    }

    @Test func warningsAloneExitZeroUnlessWerror() throws {
        let file = "Tests/Fixtures/err/AIW250-stray-content.md"
        #expect(try run(["check", file]).status == 0)
        let strict = try run(["check", "--werror", file])
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("error[AIW250]"))
    }

    @Test func optionsAndPathsInAnyOrder() throws {
        let file = "Tests/Fixtures/err/AIW204-invalid-name.md"
        let r = try run(["check", file, "--format=json", "--ignore", "AIW204", "--", "Tests/Fixtures/ok/minimal.md"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"diagnostics\": []"))
        let dashed = try run(["check", "--", "--not-an-option.md"])
        #expect(dashed.status == 2)
        #expect(dashed.stderr.contains("--not-an-option.md: no such file or folder"))
    }

    @Test func noSemanticsRunsTheFrontEndAlone() throws {
        let file = "Tests/Fixtures/err/AIW310-318-names.md"
        #expect(try run(["check", file]).status == 1)
        let front = try run(["check", "--no-semantics", file])
        #expect(front.status == 0)
        #expect(front.stdout == "")
    }

    @Test func ignoreDropsACode() throws {
        let r = try run(["check", "--ignore", "AIW204", "Tests/Fixtures/err/AIW204-invalid-name.md"])
        #expect(r.status == 0)
        #expect(r.stdout == "")
    }

    @Test(arguments: [
        ["check", "--format", "xml", "Tests/Fixtures/ok"],
        ["check", "--bogus"],
        ["check", "no/such/file.md"],
        ["check", "--ignore", "AIW999", "Tests/Fixtures/ok"],
        ["explain", "AIW999"],
        ["frobnicate"],
    ])
    func badCommandLinesExitTwo(_ arguments: [String]) throws {
        let r = try run(arguments)
        #expect(r.status == 2, "\(arguments): \(r.stderr)")
        #expect(!r.stderr.isEmpty)
        #expect(r.stdout == "")
    }

    @Test func standardInputIsNamedAsAsked() throws {
        let r = try run(["check", "--stdin-name", "piped.md", "-"], input: "---\nname: x\nversion: 1\n---\n## Steps\n### a: A\nSay.\n")
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("piped.md:3:10: error[AIW205]: '1' is not a semantic version"))
    }

    @Test func unreadableFileExitsThree() throws {
        // /proc/self/mem is a regular file that fails to read at offset 0, even for root.
        let r = try run(["check", "/proc/self/mem"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("cannot read /proc/self/mem"))
    }

    @Test func emptyWorkflowFolderExitsTwo() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".aiworkflow/workflows"), withIntermediateDirectories: true)
        let r = try run(["check"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr == "aiwc: error: no workflow files found in .aiworkflow/workflows\n")
    }

    @Test func noWorkflowsFoundExitsTwo() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["check"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("no such file or folder"))
    }

    @Test func subcommandHelp() throws {
        for arguments in [["check", "--help"], ["help", "check"]] {
            let r = try run(arguments)
            #expect(r.status == 0)
            #expect(r.stdout.hasPrefix("OVERVIEW: Check workflow files and report problems."))
        }
        let vm = try run(["--bogus"], tool: "aiwvm")
        #expect(vm.status == 2)
    }

    @Test func nodeModulesAreSkippedEverywhere() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let workflows = dir.appendingPathComponent(".aiworkflow/workflows")
        try FileManager.default.createDirectory(at: workflows.appendingPathComponent("node_modules"), withIntermediateDirectories: true)
        try "broken".write(to: workflows.appendingPathComponent("node_modules/x.md"), atomically: true, encoding: .utf8)
        try "---\nname: a\nversion: 1.0.0\n---\n## Steps\n### a: A\nSay.\n".write(to: workflows.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
        #expect(try run(["check"], in: dir).status == 0)
        #expect(try run(["check", "."], in: dir).status == 0)
    }

    @Test func helpAndVersionExitZero() throws {
        let help = try run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: aiwc"))
        let version = try run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "0.1.0\n")
        let vm = try run(["--version"], tool: "aiwvm")
        #expect(vm.status == 0)
    }
}

@Suite struct FormatTests {
    static let file = "Tests/Fixtures/err/AIW212-duplicate-step-id.md"

    @Test func jsonIsStable() throws {
        let r = try run(["check", "--format", "json", Self.file])
        #expect(r.status == 1)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["version"] as? Int == 1)
        let diags = try #require(doc["diagnostics"] as? [[String: Any]])
        #expect(diags.count == 2)
        let first = diags[0]
        #expect(first["code"] as? String == "AIW212")
        #expect(first["line"] as? Int == 11)
        #expect(first["column"] as? Int == 5)
        #expect(first["file"] as? String == Self.file)
        let note = try #require((first["notes"] as? [[String: Any]])?.first)
        #expect(note["line"] as? Int == 8)
    }

    @Test func githubAnnotations() throws {
        let r = try run(["check", "--format", "github", Self.file])
        #expect(r.stdout.hasPrefix("::error file=\(Self.file),line=11,col=5,endLine=11,endColumn=10,title=AIW212::duplicate step id 'greet' (made from the title)%0Anote: 'greet' is first used here (\(Self.file):8:5)"))
    }

    @Test func colourOnlyWhenAsked() throws {
        let plain = try run(["check", Self.file])
        #expect(!plain.stdout.contains("\u{1B}["))
        let forced = try run(["check", "--color", "always", Self.file])
        #expect(forced.stdout.contains("\u{1B}[1;31merror[AIW212]"))
    }

    /// Every err fixture's SARIF log is valid against the official 2.1.0 schema (python jsonschema).
    @Test func sarifIsValidAgainstTheSchema() throws {
        let r = try run(["check", "--format", "sarif", "Tests/Fixtures/err"])
        #expect(r.status == 1)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("out.sarif")
        try r.stdout.write(to: log, atomically: true, encoding: .utf8)
        let schema = repo.deletingLastPathComponent().appendingPathComponent("shared/schemas/sarif-schema-2.1.0.json")
        try #require(FileManager.default.fileExists(atPath: schema.path), "the SARIF schema is read from ../shared/schemas beside the repository")
        let v = try runPython(["scripts/validate-json.py", schema.path, log.path])
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
    }
}

func runPython(_ arguments: [String]) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    process.currentDirectoryURL = repo
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: "")
}

@Suite struct ExampleTests {
    /// Every shipped example and the project's own workflows check clean.
    @Test func examplesAreClean() throws {
        let r = try run(["check", "Examples", "."])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout == "")
    }

    @Test func sixExamplesAtLeast() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: repo.appendingPathComponent("Examples").path)
        let projects = names.filter { FileManager.default.fileExists(atPath: repo.appendingPathComponent("Examples/\($0)/.aiworkflow/workflows").path) }
        #expect(projects.count >= 6)
    }

    /// The JSON Schema for editors accepts every clean workflow's frontmatter (python jsonschema).
    @Test func frontmatterSchemaAcceptsEveryExample() throws {
        let v = try runPython(["scripts/validate-frontmatter.py", "Grammar/frontmatter.schema.json", "Examples", ".aiworkflow/workflows", "Tests/Fixtures/ok"])
        #expect(v.status == 0, "\(v.stdout)")
        #expect(v.stdout.contains("valid"))
    }
}

@Suite struct InitAndExplainTests {
    @Test func initScaffoldsACleanProjectAndNeverOverwrites() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try run(["init", "proj"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        for path in ["agents/capabilities.yaml", "tools/registry.yaml", "workflows/hello.md"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("proj/.aiworkflow/\(path)").path))
        }
        let check = try run(["check", "proj"], in: dir)
        #expect(check.status == 0, "\(check.stdout)")
        let hello = dir.appendingPathComponent("proj/.aiworkflow/workflows/hello.md")
        try "edited".write(to: hello, atomically: true, encoding: .utf8)
        let second = try run(["init", "proj"], in: dir)
        #expect(second.status == 1)
        #expect(second.stderr.contains("hello.md already exists"))
        #expect(try String(contentsOf: hello, encoding: .utf8) == "edited")
    }

    @Test func explainEveryCode() throws {
        let list = try run(["explain", "--list"])
        let codes = list.stdout.split(separator: "\n").map { String($0.prefix(6)) }
        #expect(codes.count >= 30)
        for code in codes {
            let r = try run(["explain", code.lowercased()])
            #expect(r.status == 0)
            #expect(r.stdout.hasPrefix("\(code) ("))
        }
    }

    @Test func schemaCommandPrintsTheGrammarFile() throws {
        let r = try run(["schema"])
        let file = try String(contentsOf: repo.appendingPathComponent("Grammar/frontmatter.schema.json"), encoding: .utf8)
        #expect(r.stdout == file)
    }

    /// aiwvm never links the front end: no symbol of the Syntax or Sema modules (Swift
    /// mangles them as `6Syntax`/`4Sema`) is in its binary, while aiwc has plenty.
    @Test func aiwvmDoesNotLinkTheFrontEnd() throws {
        func frontEndSymbols(_ tool: String) throws -> Int {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["nm", binDirectory.appendingPathComponent(tool).path]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return text.split(separator: "\n").count { $0.contains("$s6Syntax") || $0.contains("$s4Sema") }
        }
        #expect(try frontEndSymbols("aiwc") > 100)
        #expect(try frontEndSymbols("aiwvm") == 0)
    }
}

/// The CLI is a function of its arguments and injected streams (STYLE.md), so these run it
/// in-process, without a child process.
@Suite struct InProcessCLITests {
    final class Captured: @unchecked Sendable {
        var stdout = ""
        var stderr = ""
    }

    static func run(_ arguments: [String], terminal: Bool = false, variables: [String: String] = [:]) -> (Int32, Captured) {
        let captured = Captured()
        let env = CLIEnvironment(
            stdout: { captured.stdout += $0 }, stderr: { captured.stderr += $0 },
            stdoutIsTerminal: terminal, variables: variables)
        let status = AiwcCLI.run(arguments, environment: env)
        return (status, captured)
    }

    @Test func colourFollowsTheTerminalAndNoColor() {
        let file = repo.appendingPathComponent("Tests/Fixtures/err/AIW204-invalid-name.md").path
        let (status, onTerminal) = Self.run(["check", file], terminal: true)
        #expect(status == 1)
        #expect(onTerminal.stdout.contains("\u{1B}[1;31merror[AIW204]"))
        let (_, noColor) = Self.run(["check", file], terminal: true, variables: ["NO_COLOR": "1"])
        #expect(!noColor.stdout.contains("\u{1B}["))
        let (_, piped) = Self.run(["check", file], terminal: false)
        #expect(!piped.stdout.contains("\u{1B}["))
    }

    @Test func splitPathsKeepOptionValues() {
        let (options, paths) = AiwcCLI.splitCheckPaths(["check", "a.md", "--format", "json", "-", "--werror", "--ignore=AIW201", "--", "-b.md"])
        #expect(options == ["check", "--format", "json", "--werror", "--ignore=AIW201"])
        #expect(paths == ["a.md", "-", "-b.md"])
        #expect(AiwcCLI.splitCheckPaths(["explain", "AIW201"]) == (["explain", "AIW201"], []))
    }

    @Test func usageErrorsGoToStandardError() {
        let (status, out) = Self.run(["check", "--format", "yaml"])
        #expect(status == 2)
        #expect(out.stdout.isEmpty)
        #expect(out.stderr.contains("yaml"))
    }
}
