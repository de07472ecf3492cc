/// How the VM runs the Claude Code CLI (`kind: claude-code`) and reads what it prints.
///
/// The call is `claude -p --output-format json [--model M] [--allowedTools a,b]
/// [--mcp-config FILE]` with the prompt on standard input (the CLI reference at
/// docs.anthropic.com, "CLI reference": `-p`/`--print`, `--output-format text|json|stream-json`,
/// `--allowedTools` taking a comma- or space-separated list, `--mcp-config` a file or JSON
/// string; `cat file | claude -p` reads the prompt from a pipe).
///
/// With `--output-format json` the CLI prints one result object when it is done:
/// `{"type":"result","subtype":"success","is_error":false,"result":"…","session_id":"…",
/// "total_cost_usd":0.01,"usage":{"input_tokens":…,"output_tokens":…,
/// "cache_creation_input_tokens":…,"cache_read_input_tokens":…},"duration_ms":…,
/// "num_turns":1}`. Errors keep the shape: `is_error: true` with the error in `result`
/// (an API error such as `API Error: 429 …` comes with subtype `success`), or an error
/// subtype (`error_max_turns`, `error_during_execution`, `error_max_budget_usd`) which may
/// carry no `result` but an `errors` list. With `--verbose` (or `"verbose": true` in the
/// user's settings) the same flag prints a JSON array of every message instead, the result
/// object last (anthropics/claude-code#84784), so an array is read too; warnings printed
/// before the JSON are skipped.
public enum ClaudeCodeProtocol {
    /// The arguments that follow the agent's command; the prompt goes on standard input.
    /// - Parameters:
    ///   - model: The model (`sonnet`, `claude-sonnet-4-5`…), or nil for the CLI's default.
    ///   - allowedTools: Tools the agent may use without asking (`Read`, `Bash(git log:*)`);
    ///     none adds no flag.
    ///   - mcpConfig: The path of an MCP configuration file, or nil.
    /// - Returns: `-p --output-format json`, then the options given.
    public static func arguments(model: String?, allowedTools: [String], mcpConfig: String?) -> [String] {
        var args = ["-p", "--output-format", "json"]
        if let model, !model.isEmpty { args += ["--model", model] }
        // One argument, commas between: the flag takes a variadic list, and a single word
        // cannot swallow a following argument the way a space-separated list could.
        if !allowedTools.isEmpty { args += ["--allowedTools", allowedTools.joined(separator: ",")] }
        if let mcpConfig, !mcpConfig.isEmpty { args += ["--mcp-config", mcpConfig] }
        return args
    }

    /// The reply of a finished `claude -p --output-format json` process.
    /// - Parameters:
    ///   - stdout: Everything it wrote on standard output.
    ///   - end: How it ended.
    ///   - stderr: Everything it wrote on standard error (for messages only).
    /// - Returns: The answer and its usage; or `agent_error` (`rate_limited` for a 429 or
    ///   a usage limit) when the agent reported an error or exited non-zero after its
    ///   result; `exit` when it died or exited non-zero without a result; `invalid_output`
    ///   when a successful exit left no readable result object.
    public static func reply(stdout: [UInt8], end: ProcessEnd, stderr: [UInt8]) -> Result<AgentReply, AttemptFailure> {
        let found = resultObject(in: stdout)
        guard case .object(let object) = found else {
            // Garbage from a process that failed says less than its standard error does.
            guard end.succeeded else { return .failure(AgentOutput.exitFailure(end, stderr: stderr)) }
            if case .problem(let problem) = found { return .failure(AttemptFailure(.invalidOutput, problem)) }
            return .failure(AttemptFailure(.invalidOutput, "the agent wrote no result object"))
        }
        if case .signalled = end { return .failure(AgentOutput.exitFailure(end, stderr: stderr)) }
        let subtype = AgentOutput.string(object[field: "subtype"])
        let isError = object[field: "is_error"] == .boolean(true)
        let failed = isError || (subtype != nil && subtype != "success") || !end.succeeded
        if failed { return .failure(failure(object, subtype: subtype, end: end, stderr: stderr)) }
        switch object[field: "result"] {
        case .string(let text)?:
            return .success(AgentReply(text: text, usage: usage(object)))
        case nil:
            return .failure(AttemptFailure(.invalidOutput, "the result object has no `result` field"))
        case let other?:
            return .failure(AttemptFailure(.invalidOutput, "the result object's `result` is \(article(other.typeName)), not a string"))
        }
    }

    /// What a search of standard output came to.
    private enum Found {
        case object(Value)
        /// Nothing usable, and why (for `invalid_output`).
        case problem(String)
    }

    /// The result object: the whole output as one JSON value (an object, or an array of
    /// messages ending with it), else the last line that holds one. Each byte is read by the
    /// JSON reader at most twice, so the search stays linear.
    private static func resultObject(in stdout: [UInt8]) -> Found {
        let whole = AgentOutput.trimmed(stdout, 0..<stdout.count)
        guard !whole.isEmpty else { return .problem("the agent wrote nothing on standard output") }
        let wholeOutcome = parse(stdout, whole)
        var problem: String?
        switch wholeOutcome {
        case .object: return wholeOutcome
        case .problem(let p): problem = p
        }
        var lineProblem: String?
        if stdout[whole].contains(0x0A) {
            for line in AgentOutput.lines(stdout).reversed() {
                let t = AgentOutput.trimmed(stdout, line)
                guard let first = t.first.map({ stdout[$0] }), first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { continue }
                let outcome = parse(stdout, t)
                switch outcome {
                case .object: return outcome
                // The last line that looked like JSON says best what went wrong.
                case .problem(let p): if lineProblem == nil { lineProblem = p }
                }
            }
        }
        if let bad = AgentOutput.firstInvalidUTF8(stdout) {
            return .problem("standard output is not UTF-8 (byte \(bad)) and holds no result object")
        }
        if let lineProblem { problem = lineProblem }
        return .problem(problem ?? "standard output holds no JSON result object")
    }

    /// One candidate: a result object, an array whose last result object counts, or why not.
    private static func parse(_ bytes: [UInt8], _ range: Range<Int>) -> Found {
        let value: Value
        do {
            value = try JSONReader.read(Array(bytes[range]))
        } catch {
            // Offsets in the whole output, not in the line: that is what a reader can find.
            return .problem("standard output is not the JSON result object (byte \(range.lowerBound + error.offset): \(error.message))")
        }
        switch value {
        case .object where isResult(value):
            return .object(value)
        case .array(let items):
            if let last = items.last(where: isResult) { return .object(last) }
            return .problem("the JSON array on standard output holds no object of type \"result\"")
        case .object:
            let type = AgentOutput.string(value[field: "type"]).map { "type \"\(AgentOutput.capped($0))\"" } ?? "no type"
            return .problem("the JSON object on standard output has \(type), not type \"result\"")
        default:
            return .problem("standard output is JSON \(value.typeName), not a result object")
        }
    }

    private static func isResult(_ v: Value) -> Bool {
        AgentOutput.string(v[field: "type"]) == "result"
    }

    /// The failure a result object reports: its text (or its `errors`, or standard error),
    /// with the subtype when that is the only clue.
    private static func failure(_ object: Value, subtype: String?, end: ProcessEnd, stderr: [UInt8]) -> AttemptFailure {
        let said = AgentOutput.string(object[field: "result"]).map(AgentOutput.capped).flatMap { $0.isEmpty ? nil : $0 }
        let listed: String? = {
            guard case .array(let items)? = object[field: "errors"] else { return nil }
            let texts = items.prefix(10).compactMap(AgentOutput.string)
            return texts.isEmpty ? nil : AgentOutput.capped(texts.joined(separator: "; "))
        }()
        var message = said ?? listed ?? AgentOutput.stderrTail(stderr) ?? "the agent reported an error"
        if let subtype, subtype != "success", said == nil { message = "\(subtype): \(message)" }
        if !end.succeeded, object[field: "is_error"] != .boolean(true), subtype == nil || subtype == "success" {
            // A result that claims success from a process that failed: the status is the news.
            message = AgentOutput.stderrTail(stderr).map { "\(end): \($0)" } ?? "\(end) after its result"
        }
        return AttemptFailure(AgentOutput.looksRateLimited(message) ? .rateLimited : .agentError, message)
    }

    /// Session, cost, tokens and turns, each when present. Input tokens count the cached
    /// ones too (`cache_creation_input_tokens`, `cache_read_input_tokens`): with prompt
    /// caching `input_tokens` alone is a handful and says nothing of what the model read.
    private static func usage(_ object: Value) -> AgentUsage {
        let u = object[field: "usage"]
        return AgentUsage(
            sessionID: AgentOutput.string(object[field: "session_id"]),
            costUSD: AgentOutput.number(object[field: "total_cost_usd"]),
            inputTokens: AgentOutput.sum(
                AgentOutput.count(u?[field: "input_tokens"]),
                AgentOutput.count(u?[field: "cache_creation_input_tokens"]),
                AgentOutput.count(u?[field: "cache_read_input_tokens"])
            ),
            outputTokens: AgentOutput.count(u?[field: "output_tokens"]),
            turns: AgentOutput.count(object[field: "num_turns"])
        )
    }

    private static func article(_ typeName: String) -> String {
        (typeName.first.map { "aeiou".contains($0) } ?? false) ? "an \(typeName)" : "a \(typeName)"
    }
}
