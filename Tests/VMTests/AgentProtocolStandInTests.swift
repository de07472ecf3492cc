import Foundation
import Testing
@testable import VM

/// The stand-in agent run as a real child process in each protocol and failure style, its
/// real output fed to the protocol adapters; and its call counting across processes.
@Suite struct AgentProtocolStandInTests {
    /// The build folder: the stand-in sits beside the test bundle.
    static let binDirectory: URL = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent()
    }()

    /// What a finished stand-in left.
    struct Finished {
        var stdout: [UInt8]
        var end: ProcessEnd
        var stderr: [UInt8]
    }

    enum Kind: String, CaseIterable, Sendable {
        case claudeCode, openCode, cli
    }

    /// Runs the stand-in; its output goes to files, so that 64 MiB cannot fill a pipe.
    static func run(_ arguments: [String], stdin: String = "") throws -> Finished {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aiw-stand-in-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = binDirectory.appendingPathComponent("aiw-agent-stand-in")
        process.arguments = arguments
        let input = Pipe()
        process.standardInput = input
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // The stand-in reads its input to the end before it answers: write it all, then close.
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let end: ProcessEnd = process.terminationReason == .uncaughtSignal
            ? .signalled(process.terminationStatus) : .exited(process.terminationStatus)
        return Finished(stdout: Array(try Data(contentsOf: outURL)), end: end, stderr: Array(try Data(contentsOf: errURL)))
    }

    /// Runs a call the way the VM will: the protocol's arguments after the stand-in's own
    /// options, the prompt where the protocol puts it; then reads the reply.
    static func call(_ kind: Kind, options: [String] = [], prompt: String) throws -> (Result<AgentReply, AttemptFailure>, Finished) {
        switch kind {
        case .claudeCode:
            let f = try run(options + ClaudeCodeProtocol.arguments(model: "sonnet", allowedTools: ["Read", "Bash(git log:*)"], mcpConfig: #"{"mcpServers":{}}"#), stdin: prompt)
            return (ClaudeCodeProtocol.reply(stdout: f.stdout, end: f.end, stderr: f.stderr), f)
        case .openCode:
            let f = try run(options + OpenCodeProtocol.arguments(model: "anthropic/claude-sonnet-4-5", prompt: prompt))
            return (OpenCodeProtocol.reply(stdout: f.stdout, end: f.end, stderr: f.stderr), f)
        case .cli:
            let f = try run(options + CLIAgentProtocol.arguments(prompt: prompt, inArgument: false), stdin: prompt)
            return (CLIAgentProtocol.reply(stdout: f.stdout, end: f.end, stderr: f.stderr), f)
        }
    }

    static func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("aiw-stand-in-state-\(UUID().uuidString)")
    }

    static let prompt = "Sort these mails by urgency\nmail one\nmail two"
    static let expected = "stand-in answer (9 words of prompt): Sort these mails by urgency"

    @Test func version() throws {
        let f = try Self.run(["--version"])
        #expect(f.end == .exited(0))
        #expect(String(decoding: f.stdout, as: UTF8.self).hasPrefix("aiw-agent-stand-in "))
        let g = try Self.run(["--stand-in-state", "/nonexistent/dir/state", "--version"])
        #expect(g.end == .exited(0))
    }

    @Test func badOptionsExitTwo() throws {
        for args in [["--stand-in-bogus", "1"], ["--stand-in-fail"], ["--stand-in-fail", "-1"], ["--stand-in-failure", "melt"],
                     ["--stand-in-state", "/nonexistent/dir/state", "-p"]] {
            let f = try Self.run(args)
            #expect(f.end == .exited(2), "\(args)")
            #expect(f.stdout.isEmpty)
            #expect(AgentProtocolTests.failure(CLIAgentProtocol.reply(stdout: f.stdout, end: f.end, stderr: f.stderr))?.kind == .exit)
        }
    }

    @Test(arguments: Kind.allCases) func answers(_ kind: Kind) throws {
        let (result, f) = try Self.call(kind, prompt: Self.prompt)
        let reply = try result.get()
        #expect(reply.text == Self.expected)
        if kind == .cli {
            #expect(reply.usage == AgentUsage())
        } else {
            #expect(reply.usage.sessionID != nil)
            #expect((reply.usage.costUSD ?? 0) > 0)
            #expect(reply.usage.inputTokens == Int64(Self.prompt.utf8.count / 4))
            #expect(reply.usage.outputTokens == Int64(Self.expected.utf8.count / 4))
            #expect(reply.usage.turns == 1)
        }
        if kind == .openCode {
            // Two text parts, so that the reader's joining is exercised.
            let lines = String(decoding: f.stdout, as: UTF8.self).split(separator: "\n")
            #expect(lines.filter { $0.hasPrefix(#"{"type":"text""#) }.count == 2)
        }
    }

    @Test func promptsAsArgumentsAndFixedAnswers() throws {
        let cli = try Self.run(CLIAgentProtocol.arguments(prompt: "one two three", inArgument: true), stdin: "")
        #expect(try CLIAgentProtocol.reply(stdout: cli.stdout, end: cli.end, stderr: cli.stderr).get().text
            == "stand-in answer (3 words of prompt): one two three")
        let (dashed, _) = try Self.call(.openCode, prompt: "- first item\n- second")
        #expect(try dashed.get().text == "stand-in answer (5 words of prompt): - first item")
        for kind in Kind.allCases {
            let (fixed, _) = try Self.call(kind, options: ["--stand-in-answer", "Fixed \"answer\"\nline two é"], prompt: "x")
            #expect(try fixed.get().text == "Fixed \"answer\"\nline two é", "\(kind)")
        }
    }

    static let schemaPrompt = """
    Classify the mail.

    Answer with JSON only. It must match this JSON Schema:

    ```json
    {"type":"object","properties":{"label":{"type":"string","enum":["urgent","later"]},"score":{"type":"integer","minimum":3},
     "tags":{"type":"array","items":{"type":"string"}},"reply":{"type":["string","null"]},
     "meta":{"type":"object","properties":{"ok":{"type":"boolean"},"ratio":{"type":"number"}},"required":["ok"],"additionalProperties":false}},
     "required":["label","score","tags","meta"],"additionalProperties":false}
    ```
    """

    @Test(arguments: Kind.allCases) func structuredAnswers(_ kind: Kind) throws {
        let (result, _) = try Self.call(kind, prompt: Self.schemaPrompt)
        let value = try JSONReader.read(try result.get().text)
        #expect(value == (try JSONReader.read(#"{"label":"urgent","score":3,"tags":["stand-in"],"reply":"stand-in","meta":{"ok":true,"ratio":0}}"#)))
    }

    @Test func badJSONFirstThenFeedback() throws {
        let state = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(at: state) }
        let options = ["--stand-in-state", state.path, "--stand-in-bad-json-first", "1"]
        let (first, _) = try Self.call(.claudeCode, options: options, prompt: Self.schemaPrompt)
        let bad = try JSONReader.read(try first.get().text)
        #expect(bad[field: "label"] == nil)
        #expect(bad[field: "score"] == .integer(3))
        let retry = Self.schemaPrompt + "\n\nThe previous answer did not match the schema:\n$: the required field 'label' is missing\n"
        let (second, _) = try Self.call(.claudeCode, options: options, prompt: retry)
        #expect(try JSONReader.read(try second.get().text)[field: "label"] == .string("urgent"))
        let lines = try String(contentsOf: state, encoding: .utf8).split(separator: "\n")
        #expect(lines == ["1\tclaude-code\tbad-json\tfeedback:no\tClassify the mail.", "2\tclaude-code\tok\tfeedback:yes\tClassify the mail."])
    }

    @Test(arguments: Kind.allCases) func failTwiceThenSucceed(_ kind: Kind) throws {
        let state = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(at: state) }
        let options = ["--stand-in-fail", "2", "--stand-in-state", state.path, "--stand-in-delay", "5"]
        for n in 1...3 {
            let (result, _) = try Self.call(kind, options: options, prompt: "call \(n)\tof three")
            if n <= 2 {
                #expect(AgentProtocolTests.failure(result)?.kind == (kind == .cli ? .exit : .agentError), "call \(n)")
            } else {
                #expect(try result.get().text == "stand-in answer (4 words of prompt): call 3\tof three")
            }
        }
        let lines = try String(contentsOf: state, encoding: .utf8).split(separator: "\n")
        #expect(lines.map { $0.split(separator: "\t").prefix(3).joined(separator: " ") }
            == ["1 \(Self.name(kind)) fail", "2 \(Self.name(kind)) fail", "3 \(Self.name(kind)) ok"])
        #expect(lines.first?.hasSuffix("\tcall 1 of three") == true)
    }

    @Test func withoutStateEveryCallFails() throws {
        for _ in 1...2 {
            let (result, _) = try Self.call(.claudeCode, options: ["--stand-in-fail", "1"], prompt: "x")
            #expect(AgentProtocolTests.failure(result)?.kind == .agentError)
        }
        let (ok, _) = try Self.call(.claudeCode, options: ["--stand-in-fail", "0"], prompt: "x")
        #expect((try? ok.get()) != nil)
    }

    static func name(_ kind: Kind) -> String {
        switch kind {
        case .claudeCode: "claude-code"
        case .openCode: "opencode"
        case .cli: "cli"
        }
    }

    /// Every failure style that ends by itself, in every protocol: the kind the VM sees.
    @Test(arguments: Kind.allCases, ["error", "exit", "garbage", "crash", "rate-limit"])
    func failureStyles(_ kind: Kind, _ style: String) throws {
        let (result, f) = try Self.call(kind, options: ["--stand-in-fail", "1", "--stand-in-failure", style], prompt: "Sort the mail")
        let failure = try #require(AgentProtocolTests.failure(result))
        switch (style, kind) {
        case ("error", .cli), ("rate-limit", .cli):
            #expect(failure.kind == .exit)
            #expect(failure.message.hasPrefix("exit status 1: "))
        case ("error", _):
            #expect(failure.kind == .agentError)
            #expect(failure.message.contains("fails as asked"))
        case ("rate-limit", _):
            #expect(failure.kind == .rateLimited)
        case ("exit", _):
            #expect(failure == AttemptFailure(.exit, "exit status 3: stand-in: call 1 fails as asked (--stand-in-failure exit)"))
            #expect(f.stdout.isEmpty)
        case ("garbage", _):
            #expect(failure.kind == .invalidOutput)
            #expect(f.end == .exited(0))
        case ("crash", _):
            #expect(failure.kind == .exit)
            #expect(f.end == .signalled(SIGSEGV) || f.end == .signalled(SIGABRT))
        default:
            Issue.record("untested style \(style)")
        }
    }

    /// 64 MiB of output: each reader refuses it or takes it, without trapping.
    @Test func hugeOutput() throws {
        let (claude, f) = try Self.call(.claudeCode, options: ["--stand-in-fail", "1", "--stand-in-failure", "huge"], prompt: "x")
        #expect(f.stdout.count == 64 << 20)
        #expect(AgentProtocolTests.failure(claude)?.kind == .invalidOutput)
        #expect(AgentProtocolTests.failure(OpenCodeProtocol.reply(stdout: f.stdout, end: f.end, stderr: f.stderr))
            == AttemptFailure(.invalidOutput, "line 1 is not JSON (byte 0 of the line: unexpected character 'x' where a value should start)"))
        #expect(try CLIAgentProtocol.reply(stdout: f.stdout, end: f.end, stderr: f.stderr).get().text.utf8.count == (64 << 20) - 1)
    }

    /// A large prompt on standard input (more than a pipe holds) is read whole.
    @Test func largePrompt() throws {
        let big = "Summarize\n" + String(repeating: "word ", count: 400_000)
        let (result, _) = try Self.call(.claudeCode, prompt: big)
        let reply = try result.get()
        #expect(reply.text == "stand-in answer (400001 words of prompt): Summarize")
        #expect(reply.usage.inputTokens == Int64(big.utf8.count / 4))
    }
}
