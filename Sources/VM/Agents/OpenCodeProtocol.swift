/// How the VM runs the OpenCode CLI (`kind: opencode`) and reads what it prints.
///
/// The call is `opencode run --format json [--model PROVIDER/MODEL] MESSAGE`. What it
/// prints, from `packages/opencode/src/cli/cmd/run.ts` (github.com/anomalyco/opencode,
/// formerly sst/opencode): one JSON object per line, each
/// `{"type":T,"timestamp":MS,"sessionID":"ses_…",…}` with
/// - `step_start`, `text`, `tool_use`, `step_finish` (and `reasoning` under `--thinking`):
///   a `part`. A `text` event comes once per finished text part (never a delta), its text
///   in `part.text`; a `step_finish` part has `reason` (`stop`, `tool-calls`), `cost` in
///   dollars and `tokens` `{input, output, reasoning, cache: {read, write}}`.
/// - `error`: an `error` object `{name, data: {message, statusCode?, …}}` (`APIError`,
///   `ProviderAuthError`, `UnknownError`…); the CLI then exits with status 1.
/// - newer versions end with `{"type":"done","reason":"idle",…}`. Other types are skipped.
///
/// The answer is the text parts joined in order with nothing between them, as OpenCode's
/// own SDK clients join a message's text parts (`parts.filter(text).map(text).join("")`);
/// some wrappers keep only the last step's text instead, which would drop what the agent
/// said before a tool call. Cost and tokens are summed over the `step_finish` events.
///
/// Known quirks of the CLI, which callers should know: it joins the message arguments and
/// wraps one that contains a space in double quotes (escaping inner quotes), so the model
/// sees the prompt quoted; and when standard input is not a terminal it reads it to the end
/// and appends it to the message, so the VM must give it an empty, closed standard input.
public enum OpenCodeProtocol {
    /// The arguments that follow the agent's command.
    /// - Parameters:
    ///   - model: `PROVIDER/MODEL` (`anthropic/claude-sonnet-4-5`), or nil for the default.
    ///   - prompt: The prompt, passed as the last argument.
    /// - Returns: `run --format json [--model M] PROMPT`, with `--` before a prompt that
    ///   starts with `-` (the CLI's parser would read it as an option; it takes what
    ///   follows `--` as the message).
    public static func arguments(model: String?, prompt: String) -> [String] {
        var args = ["run", "--format", "json"]
        if let model, !model.isEmpty { args += ["--model", model] }
        if prompt.hasPrefix("-") { args.append("--") }
        args.append(prompt)
        return args
    }

    /// The reply of a finished `opencode run --format json` process.
    /// - Parameters:
    ///   - stdout: Everything it wrote on standard output.
    ///   - end: How it ended.
    ///   - stderr: Everything it wrote on standard error (for messages only).
    /// - Returns: The joined text and summed usage; or `agent_error` (`rate_limited` for a
    ///   429 or a rate-limit message) for an `error` event; `exit` for a non-zero exit
    ///   without one; `invalid_output` for a line that is not a JSON event, or no text.
    public static func reply(stdout: [UInt8], end: ProcessEnd, stderr: [UInt8]) -> Result<AgentReply, AttemptFailure> {
        var events = Events()
        for (index, line) in AgentOutput.lines(stdout).enumerated() {
            let range = AgentOutput.trimmed(stdout, line)
            guard !range.isEmpty else { continue }
            events.read(stdout, range, lineNumber: index + 1)
        }
        if !events.errors.isEmpty {
            let message = AgentOutput.capped(events.errors.joined(separator: "; "))
            return .failure(AttemptFailure(events.rateLimited || AgentOutput.looksRateLimited(message) ? .rateLimited : .agentError, message))
        }
        guard end.succeeded else { return .failure(AgentOutput.exitFailure(end, stderr: stderr)) }
        if let problem = events.problem { return .failure(AttemptFailure(.invalidOutput, problem)) }
        guard events.sawText else {
            let what = stdout.isEmpty ? "the agent wrote nothing on standard output" : "the agent's events hold no text part"
            return .failure(AttemptFailure(.invalidOutput, what))
        }
        return .success(AgentReply(text: events.text, usage: events.usage))
    }

    /// What the events said so far.
    private struct Events {
        var text = ""
        var sawText = false
        var usage = AgentUsage()
        var errors: [String] = []
        var rateLimited = false
        /// The first line that could not be read, for `invalid_output`.
        var problem: String?

        mutating func read(_ bytes: [UInt8], _ range: Range<Int>, lineNumber n: Int) {
            // Only an object can be an event: once a line has been reported, later lines
            // that cannot be one are not worth a copy and a parse (64 MiB of junk lines).
            if problem != nil, bytes[range.lowerBound] != UInt8(ascii: "{") { return }
            let event: Value
            do {
                event = try JSONReader.read(Array(bytes[range]))
            } catch {
                note("line \(n) is not JSON (byte \(error.offset) of the line: \(error.message))")
                return
            }
            guard case .object = event, let type = AgentOutput.string(event[field: "type"]) else {
                note("line \(n) is not an event object with a `type`")
                return
            }
            if usage.sessionID == nil { usage.sessionID = AgentOutput.string(event[field: "sessionID"]) }
            let part = event[field: "part"]
            switch type {
            case "text":
                guard let t = AgentOutput.string(part?[field: "text"]) else {
                    note("line \(n): a text event without `part.text`")
                    return
                }
                text += t
                sawText = true
            case "step_finish":
                usage.costUSD = add(usage.costUSD, AgentOutput.number(part?[field: "cost"]))
                let tokens = part?[field: "tokens"]
                let cache = tokens?[field: "cache"]
                // As for Claude: input counts cached tokens, output counts reasoning.
                usage.inputTokens = AgentOutput.sum(usage.inputTokens, AgentOutput.count(tokens?[field: "input"]),
                                                    AgentOutput.count(cache?[field: "read"]), AgentOutput.count(cache?[field: "write"]))
                usage.outputTokens = AgentOutput.sum(usage.outputTokens, AgentOutput.count(tokens?[field: "output"]),
                                                     AgentOutput.count(tokens?[field: "reasoning"]))
                usage.turns = (usage.turns ?? 0) &+ 1
            case "error":
                let error = event[field: "error"]
                let data = error?[field: "data"]
                let said = AgentOutput.string(data?[field: "message"]) ?? AgentOutput.string(error?[field: "name"])
                // Capped one by one: a stream of huge error events must not grow a huge message.
                if errors.count < 10 { errors.append(AgentOutput.capped(said ?? "an error event without a message")) }
                if AgentOutput.count(data?[field: "statusCode"]) == 429 { rateLimited = true }
            default:
                break
            }
        }

        private mutating func note(_ message: String) {
            if problem == nil { problem = message }
        }

        private func add(_ a: Double?, _ b: Double?) -> Double? {
            guard let b else { return a }
            return (a ?? 0) + b
        }
    }
}
