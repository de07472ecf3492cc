import Testing
@testable import VM

/// The agent protocol adapters on literal outputs: what Claude Code, OpenCode and a plain
/// CLI agent print when they succeed, fail, die, or print something else entirely.
@Suite struct AgentProtocolTests {
    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    static func failure(_ r: Result<AgentReply, AttemptFailure>) -> AttemptFailure? {
        if case .failure(let f) = r { return f }
        return nil
    }

    static func reply(_ r: Result<AgentReply, AttemptFailure>) throws -> AgentReply {
        try r.get()
    }

    /// What Claude Code 2.x prints for a short answer.
    static let claudeSuccess = """
    {"type":"result","subtype":"success","is_error":false,"duration_ms":2412,"duration_api_ms":2300,"num_turns":2,\
    "result":"Three mails are urgent.","stop_reason":"end_turn","session_id":"5f0c7e2a-1b1e-4f7e-9a57-0c1d2e3f4a5b",\
    "total_cost_usd":0.0123,"usage":{"input_tokens":12,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000,\
    "output_tokens":42,"service_tier":"standard"}}
    """

    // MARK: Claude Code

    @Test func claudeArguments() {
        #expect(ClaudeCodeProtocol.arguments(model: nil, allowedTools: [], mcpConfig: nil) == ["-p", "--output-format", "json"])
        #expect(ClaudeCodeProtocol.arguments(model: "sonnet", allowedTools: ["Read", "Bash(git log:*)"], mcpConfig: "/tmp/mcp.json")
            == ["-p", "--output-format", "json", "--model", "sonnet", "--allowedTools", "Read,Bash(git log:*)", "--mcp-config", "/tmp/mcp.json"])
        #expect(ClaudeCodeProtocol.arguments(model: "", allowedTools: [], mcpConfig: "") == ["-p", "--output-format", "json"])
    }

    @Test func claudeSuccess() throws {
        let r = try Self.reply(ClaudeCodeProtocol.reply(stdout: Self.bytes(Self.claudeSuccess + "\n"), end: .exited(0), stderr: []))
        #expect(r.text == "Three mails are urgent.")
        #expect(r.usage == AgentUsage(sessionID: "5f0c7e2a-1b1e-4f7e-9a57-0c1d2e3f4a5b", costUSD: 0.0123,
                                      inputTokens: 2112, outputTokens: 42, turns: 2))
    }

    @Test func claudeToleratesSpaceWarningsAndTheVerboseArray() throws {
        let spaced = "\n  \t" + Self.claudeSuccess + " \r\n\n"
        #expect(try Self.reply(ClaudeCodeProtocol.reply(stdout: Self.bytes(spaced), end: .exited(0), stderr: [])).text == "Three mails are urgent.")
        // Warnings before the result, and a JSON line that is not the result.
        let warned = "Warning: settings file not found\n{\"type\":\"system\",\"subtype\":\"init\"}\n" + Self.claudeSuccess + "\n"
        #expect(try Self.reply(ClaudeCodeProtocol.reply(stdout: Self.bytes(warned), end: .exited(0), stderr: [])).text == "Three mails are urgent.")
        // `--verbose` turns the output into an array of messages, the result last.
        let array = "[{\"type\":\"system\",\"subtype\":\"init\"},{\"type\":\"assistant\"}," + Self.claudeSuccess + "]"
        #expect(try Self.reply(ClaudeCodeProtocol.reply(stdout: Self.bytes(array), end: .exited(0), stderr: [])).text == "Three mails are urgent.")
        // Pretty-printed over several lines.
        let pretty = "{\n  \"type\": \"result\",\n  \"subtype\": \"success\",\n  \"is_error\": false,\n  \"result\": \"ok\"\n}\n"
        let r = try Self.reply(ClaudeCodeProtocol.reply(stdout: Self.bytes(pretty), end: .exited(0), stderr: []))
        #expect(r.text == "ok")
        #expect(r.usage == AgentUsage())
    }

    @Test func claudeErrorResult() {
        let out = #"{"type":"result","subtype":"error_during_execution","is_error":true,"result":"  Tool Bash failed: permission denied  ","session_id":"s"}"#
        let f = Self.failure(ClaudeCodeProtocol.reply(stdout: Self.bytes(out), end: .exited(1), stderr: Self.bytes("trace\n")))
        #expect(f == AttemptFailure(.agentError, "Tool Bash failed: permission denied"))
        // is_error with a successful exit is still an error.
        let f2 = Self.failure(ClaudeCodeProtocol.reply(stdout: Self.bytes(out), end: .exited(0), stderr: []))
        #expect(f2?.kind == .agentError)
    }

    @Test func claudeErrorSubtypeWithoutResult() {
        let out = #"{"type":"result","subtype":"error_max_turns","is_error":false,"num_turns":10,"session_id":"s"}"#
        let f = Self.failure(ClaudeCodeProtocol.reply(stdout: Self.bytes(out), end: .exited(0), stderr: Self.bytes("first\nReached max turns (10)\n\n")))
        #expect(f == AttemptFailure(.agentError, "error_max_turns: Reached max turns (10)"))
        let listed = #"{"type":"result","subtype":"error_during_execution","is_error":true,"errors":["boom","again"]}"#
        #expect(Self.failure(ClaudeCodeProtocol.reply(stdout: Self.bytes(listed), end: .exited(1), stderr: []))
            == AttemptFailure(.agentError, "error_during_execution: boom; again"))
        let bare = #"{"type":"result","subtype":"error_max_budget_usd","is_error":true}"#
        #expect(Self.failure(ClaudeCodeProtocol.reply(stdout: Self.bytes(bare), end: .exited(1), stderr: []))
            == AttemptFailure(.agentError, "error_max_budget_usd: the agent reported an error"))
    }

    @Test func claudeRateLimit() {
        let out = #"{"type":"result","subtype":"success","is_error":true,"result":"API Error: 429 {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\"}}"}"#
        #expect(Self.failure(ClaudeCodeProtocol.reply(stdout: Self.bytes(out), end: .exited(1), stderr: []))?.kind == .rateLimited)
        let usage = #"{"type":"result","subtype":"success","is_error":true,"result":"Claude AI usage limit reached|1760000000"}"#
        #expect(Self.failure(ClaudeCodeProtocol.reply(stdout: Self.bytes(usage), end: .exited(1), stderr: []))?.kind == .rateLimited)
        let other = #"{"type":"result","subtype":"success","is_error":true,"result":"Read 1429 files, then failed"}"#
        #expect(Self.failure(ClaudeCodeProtocol.reply(stdout: Self.bytes(other), end: .exited(1), stderr: []))?.kind == .agentError)
    }

    @Test func claudeSuccessResultFromAFailedProcess() {
        let f = Self.failure(ClaudeCodeProtocol.reply(stdout: Self.bytes(Self.claudeSuccess), end: .exited(2), stderr: Self.bytes("lost the lock\n")))
        #expect(f == AttemptFailure(.agentError, "exit status 2: lost the lock"))
        let killed = Self.failure(ClaudeCodeProtocol.reply(stdout: Self.bytes(Self.claudeSuccess), end: .signalled(9), stderr: []))
        #expect(killed == AttemptFailure(.exit, "killed by signal 9"))
    }

    @Test func claudeNonZeroExitWithGarbage() {
        let f = Self.failure(ClaudeCodeProtocol.reply(stdout: Self.bytes("Segmentation fault?"), end: .exited(3),
                                                      stderr: Self.bytes("Error: ENOENT\n  at spawn\nfatal: cannot reach api.anthropic.com\n")))
        #expect(f == AttemptFailure(.exit, "exit status 3: fatal: cannot reach api.anthropic.com"))
        #expect(Self.failure(ClaudeCodeProtocol.reply(stdout: [], end: .exited(1), stderr: [])) == AttemptFailure(.exit, "exit status 1"))
        #expect(Self.failure(ClaudeCodeProtocol.reply(stdout: [], end: .signalled(11), stderr: [])) == AttemptFailure(.exit, "killed by signal 11"))
    }

    @Test func claudeInvalidOutput() {
        func kindAndMessage(_ s: [UInt8]) -> (AttemptFailure.Kind?, String) {
            let f = Self.failure(ClaudeCodeProtocol.reply(stdout: s, end: .exited(0), stderr: []))
            return (f?.kind, f?.message ?? "")
        }
        let empty = kindAndMessage(Self.bytes(" \n\t\n"))
        #expect(empty.0 == .invalidOutput && empty.1 == "the agent wrote nothing on standard output")
        let garbage = kindAndMessage(Self.bytes("Hello, I am not JSON"))
        #expect(garbage.0 == .invalidOutput && garbage.1.contains("byte 0"))
        let truncated = kindAndMessage(Self.bytes(#"{"type":"result","subtype":"success","result":"Three ma"#))
        #expect(truncated.0 == .invalidOutput && truncated.1.contains("ends inside a string"))
        let noResult = kindAndMessage(Self.bytes(#"{"type":"result","subtype":"success","is_error":false}"#))
        #expect(noResult.0 == .invalidOutput && noResult.1 == "the result object has no `result` field")
        let numberResult = kindAndMessage(Self.bytes(#"{"type":"result","subtype":"success","result":3}"#))
        #expect(numberResult.0 == .invalidOutput && numberResult.1.contains("an integer, not a string"))
        let other = kindAndMessage(Self.bytes(#"{"type":"assistant","message":{}}"#))
        #expect(other.0 == .invalidOutput && other.1.contains("type \"assistant\""))
        let array = kindAndMessage(Self.bytes(#"[{"type":"system"}]"#))
        #expect(array.0 == .invalidOutput && array.1.contains("array"))
        let notUTF8 = kindAndMessage(Self.bytes("{\"type\":\"result\",\"result\":\"caf") + [0xE9] + Self.bytes("\"}"))
        #expect(notUTF8.0 == .invalidOutput && notUTF8.1.contains("not UTF-8 (byte 30)"))
        let scalar = kindAndMessage(Self.bytes("42"))
        #expect(scalar.0 == .invalidOutput && scalar.1.contains("JSON integer"))
    }

    @Test func claudeSurvivesDeepNestingAndHugeOutput() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let f = Self.failure(ClaudeCodeProtocol.reply(stdout: Self.bytes(deep + "\n" + deep), end: .exited(0), stderr: []))
        #expect(f?.kind == .invalidOutput)
        #expect(f?.message.contains("deeper than") == true)
        let big = String(repeating: "abcdefghij", count: 2_000_000)
        let out = #"{"type":"result","subtype":"success","is_error":false,"result":""# + big + #""}"#
        let r = try Self.reply(ClaudeCodeProtocol.reply(stdout: Self.bytes(out), end: .exited(0), stderr: []))
        #expect(r.text.utf8.count == 20_000_000)
        // A huge error text is cut to a short message.
        let hugeError = #"{"type":"result","subtype":"success","is_error":true,"result":""# + big + #""}"#
        let e = Self.failure(ClaudeCodeProtocol.reply(stdout: Self.bytes(hugeError), end: .exited(1), stderr: []))
        #expect(e?.message.count == AgentOutput.messageCap + 1)
        // 20 MB of lines, none JSON.
        let lines = String(repeating: String(repeating: "x", count: 99) + "\n", count: 200_000)
        #expect(Self.failure(ClaudeCodeProtocol.reply(stdout: Self.bytes(lines), end: .exited(0), stderr: []))?.kind == .invalidOutput)
    }

    // MARK: OpenCode

    /// What `opencode run --format json` prints for an answer in two text parts over two
    /// steps (a tool call between them).
    static let openCodeSuccess = """
    {"type":"step_start","timestamp":1767036059338,"sessionID":"ses_494719016ffe85dkDMj0FPRbHK","part":{"id":"prt_1","sessionID":"ses_494719016ffe85dkDMj0FPRbHK","messageID":"msg_1","type":"step-start","snapshot":"4b825dc6"}}
    {"type":"text","timestamp":1767036060000,"sessionID":"ses_494719016ffe85dkDMj0FPRbHK","part":{"id":"prt_2","sessionID":"ses_494719016ffe85dkDMj0FPRbHK","messageID":"msg_1","type":"text","text":"Let me check. ","time":{"start":1,"end":2}}}
    {"type":"tool_use","timestamp":1767036061000,"sessionID":"ses_494719016ffe85dkDMj0FPRbHK","part":{"id":"prt_3","type":"tool","tool":"read","callID":"c1","state":{"status":"completed","input":{"filePath":"a"},"output":"x"}}}
    {"type":"step_finish","timestamp":1767036062000,"sessionID":"ses_494719016ffe85dkDMj0FPRbHK","part":{"id":"prt_4","type":"step-finish","reason":"tool-calls","cost":0.001,"tokens":{"total":130,"input":100,"output":20,"reasoning":5,"cache":{"read":5,"write":0}}}}
    {"type":"step_start","timestamp":1767036063000,"sessionID":"ses_494719016ffe85dkDMj0FPRbHK","part":{"id":"prt_5","type":"step-start"}}
    {"type":"text","timestamp":1767036064000,"sessionID":"ses_494719016ffe85dkDMj0FPRbHK","part":{"id":"prt_6","type":"text","text":"Three mails\\nare urgent.","time":{"start":3,"end":4}}}
    {"type":"step_finish","timestamp":1767036065000,"sessionID":"ses_494719016ffe85dkDMj0FPRbHK","part":{"id":"prt_7","type":"step-finish","reason":"stop","cost":0.002,"tokens":{"total":60,"input":40,"output":10,"reasoning":0,"cache":{"read":10,"write":0}}}}
    {"type":"done","timestamp":1767036065001,"sessionID":"ses_494719016ffe85dkDMj0FPRbHK","reason":"idle","rejected":[]}

    """

    @Test func openCodeArguments() {
        #expect(OpenCodeProtocol.arguments(model: nil, prompt: "Sort the mail") == ["run", "--format", "json", "Sort the mail"])
        #expect(OpenCodeProtocol.arguments(model: "anthropic/claude-sonnet-4-5", prompt: "Sort")
            == ["run", "--format", "json", "--model", "anthropic/claude-sonnet-4-5", "Sort"])
        #expect(OpenCodeProtocol.arguments(model: nil, prompt: "- a list item") == ["run", "--format", "json", "--", "- a list item"])
    }

    @Test func openCodeSuccess() throws {
        let r = try Self.reply(OpenCodeProtocol.reply(stdout: Self.bytes(Self.openCodeSuccess), end: .exited(0), stderr: []))
        #expect(r.text == "Let me check. Three mails\nare urgent.")
        #expect(r.usage.sessionID == "ses_494719016ffe85dkDMj0FPRbHK")
        #expect(abs((r.usage.costUSD ?? 0) - 0.003) < 1e-12)
        #expect(r.usage.inputTokens == 155)
        #expect(r.usage.outputTokens == 35)
        #expect(r.usage.turns == 2)
        // CRLF line ends and blank lines are tolerated.
        let crlf = Self.openCodeSuccess.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n\r\n")
        #expect(try Self.reply(OpenCodeProtocol.reply(stdout: Self.bytes(crlf), end: .exited(0), stderr: [])).text == r.text)
    }

    @Test func openCodeErrorEvent() {
        let out = #"""
        {"type":"step_start","timestamp":1,"sessionID":"ses_x","part":{"type":"step-start"}}
        {"type":"error","timestamp":2,"sessionID":"ses_x","error":{"name":"ProviderAuthError","data":{"providerID":"anthropic","message":"No API key for anthropic"}}}
        """#
        #expect(Self.failure(OpenCodeProtocol.reply(stdout: Self.bytes(out), end: .exited(1), stderr: []))
            == AttemptFailure(.agentError, "No API key for anthropic"))
        let named = #"{"type":"error","timestamp":2,"sessionID":"ses_x","error":{"name":"MessageOutputLengthError","data":{}}}"#
        #expect(Self.failure(OpenCodeProtocol.reply(stdout: Self.bytes(named), end: .exited(1), stderr: []))
            == AttemptFailure(.agentError, "MessageOutputLengthError"))
        let limited = #"{"type":"error","timestamp":2,"sessionID":"ses_x","error":{"name":"APIError","data":{"message":"Overloaded","statusCode":429,"isRetryable":true}}}"#
        #expect(Self.failure(OpenCodeProtocol.reply(stdout: Self.bytes(limited), end: .exited(1), stderr: []))?.kind == .rateLimited)
        // An error event wins over text printed before it.
        let both = Self.openCodeSuccess + named + "\n"
        #expect(Self.failure(OpenCodeProtocol.reply(stdout: Self.bytes(both), end: .exited(1), stderr: []))?.kind == .agentError)
    }

    @Test func openCodeExitAndInvalidOutput() {
        let f = Self.failure(OpenCodeProtocol.reply(stdout: [], end: .exited(1), stderr: Self.bytes("Error: You must provide a message or a command\n")))
        #expect(f == AttemptFailure(.exit, "exit status 1: Error: You must provide a message or a command"))
        let garbage = Self.failure(OpenCodeProtocol.reply(stdout: Self.bytes(Self.openCodeSuccess + "oops\n"), end: .exited(0), stderr: []))
        #expect(garbage?.kind == .invalidOutput)
        #expect(garbage?.message.hasPrefix("line 9 is not JSON") == true)
        let notObject = Self.failure(OpenCodeProtocol.reply(stdout: Self.bytes("[1]\n"), end: .exited(0), stderr: []))
        #expect(notObject == AttemptFailure(.invalidOutput, "line 1 is not an event object with a `type`"))
        let noText = #"{"type":"step_start","timestamp":1,"sessionID":"ses_x","part":{}}"#
        #expect(Self.failure(OpenCodeProtocol.reply(stdout: Self.bytes(noText), end: .exited(0), stderr: []))
            == AttemptFailure(.invalidOutput, "the agent's events hold no text part"))
        #expect(Self.failure(OpenCodeProtocol.reply(stdout: [], end: .exited(0), stderr: []))
            == AttemptFailure(.invalidOutput, "the agent wrote nothing on standard output"))
        let textless = #"{"type":"text","timestamp":1,"sessionID":"ses_x","part":{"type":"text"}}"#
        #expect(Self.failure(OpenCodeProtocol.reply(stdout: Self.bytes(textless), end: .exited(0), stderr: []))
            == AttemptFailure(.invalidOutput, "line 1: a text event without `part.text`"))
        let notUTF8 = Self.bytes("{\"type\":\"text\",\"part\":{\"text\":\"a\"}}\n{\"type\":\"text\",\"part\":{\"text\":\"") + [0xC3, 0x28] + Self.bytes("\"}}\n")
        let bad = Self.failure(OpenCodeProtocol.reply(stdout: notUTF8, end: .exited(0), stderr: []))
        #expect(bad?.kind == .invalidOutput)
        #expect(bad?.message.contains("line 2") == true)
        #expect(bad?.message.contains("UTF-8") == true)
    }

    @Test func openCodeHugeAndDeep() throws {
        let big = String(repeating: "abcdefghij", count: 2_000_000)
        let out = #"{"type":"text","sessionID":"s","part":{"text":""# + big + "\"}}\n" + #"{"type":"text","sessionID":"s","part":{"text":"!"}}"#
        let r = try Self.reply(OpenCodeProtocol.reply(stdout: Self.bytes(out), end: .exited(0), stderr: []))
        #expect(r.text.utf8.count == 20_000_001)
        let deep = String(repeating: "{\"a\":", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        let f = Self.failure(OpenCodeProtocol.reply(stdout: Self.bytes(deep), end: .exited(0), stderr: []))
        #expect(f?.kind == .invalidOutput)
        #expect(f?.message.contains("line 1") == true)
    }

    // MARK: CLI

    @Test func cliArguments() {
        #expect(CLIAgentProtocol.arguments(prompt: "Hi there", inArgument: true) == ["Hi there"])
        #expect(CLIAgentProtocol.arguments(prompt: "Hi there", inArgument: false) == [])
    }

    @Test func cliArgumentTemplate() {
        let line = { (command: [String], inArgument: Bool) in
            CLIAgentProtocol.commandLine(command, prompt: "Hi {prompt} there", inArgument: inArgument)
        }
        // The placeholder's argument gets the prompt, every occurrence; nothing else does.
        let a = line(["aider", "--message={prompt}", "--yes", "{prompt}/{prompt}"], false)
        #expect(a.arguments == ["aider", "--message=Hi {prompt} there", "--yes", "Hi {prompt} there/Hi {prompt} there"])
        #expect(!a.promptOnStandardInput)
        #expect(line(["gemini", "-p", "{prompt}"], true).arguments == ["gemini", "-p", "Hi {prompt} there"])
        // The program is never a template.
        let program = line(["{prompt}", "--x"], false)
        #expect(program.arguments == ["{prompt}", "--x"] && program.promptOnStandardInput)
        // Without a placeholder, `prompt:` decides, as before.
        #expect(line(["agent", "--quiet"], true) == (["agent", "--quiet", "Hi {prompt} there"], false))
        #expect(line(["agent", "--quiet"], false) == (["agent", "--quiet"], true))
    }

    @Test func cliSuccess() throws {
        #expect(try Self.reply(CLIAgentProtocol.reply(stdout: Self.bytes("answer\n\n"), end: .exited(0), stderr: [])).text == "answer\n")
        #expect(try Self.reply(CLIAgentProtocol.reply(stdout: Self.bytes("  answer"), end: .exited(0), stderr: [])).text == "  answer")
        #expect(try Self.reply(CLIAgentProtocol.reply(stdout: Self.bytes("answer\r\n"), end: .exited(0), stderr: [])).text == "answer")
        #expect(try Self.reply(CLIAgentProtocol.reply(stdout: Self.bytes("é\n"), end: .exited(0), stderr: Self.bytes("warn\n"))).usage == AgentUsage())
        let big = String(repeating: "abcdefghij", count: 2_000_000)
        #expect(try Self.reply(CLIAgentProtocol.reply(stdout: Self.bytes(big), end: .exited(0), stderr: [])).text.utf8.count == 20_000_000)
    }

    @Test func cliFailures() {
        #expect(Self.failure(CLIAgentProtocol.reply(stdout: Self.bytes("partial"), end: .exited(1), stderr: Self.bytes("one\ntwo  \n\n")))
            == AttemptFailure(.exit, "exit status 1: two"))
        #expect(Self.failure(CLIAgentProtocol.reply(stdout: [], end: .signalled(6), stderr: []))
            == AttemptFailure(.exit, "killed by signal 6"))
        #expect(Self.failure(CLIAgentProtocol.reply(stdout: Self.bytes("ok ") + [0xFF], end: .exited(0), stderr: []))
            == AttemptFailure(.invalidOutput, "standard output is not UTF-8 (byte 3)"))
        #expect(Self.failure(CLIAgentProtocol.reply(stdout: [], end: .exited(0), stderr: []))
            == AttemptFailure(.invalidOutput, "the agent wrote nothing on standard output"))
        #expect(Self.failure(CLIAgentProtocol.reply(stdout: Self.bytes(" \n"), end: .exited(0), stderr: []))
            == AttemptFailure(.invalidOutput, "the agent wrote only white space on standard output"))
    }

    // MARK: Shared

    @Test func stderrTailIsShortOnAnyBytes() {
        let long = [UInt8](repeating: UInt8(ascii: "e"), count: 10_000_000)
        let tail = AgentOutput.stderrTail(Self.bytes("first\n") + long + Self.bytes("\n"))
        #expect(tail?.count == AgentOutput.messageCap + 1)
        #expect(tail?.hasSuffix("…") == true)
        #expect(AgentOutput.stderrTail([0xFF, 0xFE, 0x0A]) == "\u{FFFD}\u{FFFD}")
        #expect(AgentOutput.stderrTail(Self.bytes(" \n\t\n")) == nil)
        #expect(AgentOutput.capped("  a  ") == "a")
        #expect(AgentOutput.capped(" \n ") == "")
    }
}
