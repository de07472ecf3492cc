import Plan

/// One attempt of an agent: the command line its kind calls for, run as a child process,
/// and its output read by the kind's protocol (docs/vm.md §6).
struct AgentInvocation {
    let kind: String
    /// The whole argument vector, program first.
    let arguments: [String]
    /// Standard input: the prompt, for the kinds that read it there.
    let input: [UInt8]?

    init(_ agent: PlanContents.Agent, tables: RunTables, prompt: String) {
        kind = tables.string(agent.kind)
        let command = agent.command.map { tables.string($0) }
        let model = agent.model == PlanContents.none ? nil : tables.string(agent.model)
        switch kind {
        case "claude-code":
            arguments = command + ClaudeCodeProtocol.arguments(model: model, allowedTools: [], mcpConfig: nil)
            input = Array(prompt.utf8)
        case "opencode":
            arguments = command + OpenCodeProtocol.arguments(model: model, prompt: prompt)
            input = nil
        default:
            arguments = command + CLIAgentProtocol.arguments(prompt: prompt, inArgument: agent.promptInArgument)
            input = agent.promptInArgument ? nil : Array(prompt.utf8)
        }
    }

    /// Runs the attempt.
    func run(environment: [String: String], timeout: UInt64, outputCap: Int) async -> AttemptOutcome {
        guard kind != "openai" else {
            return AttemptOutcome(failure: AttemptFailure(.unavailable, "agents of kind 'openai' cannot be run yet (docs/vm.md §6)"))
        }
        let request = ChildProcess.Request(arguments: arguments, environment: environment, input: input,
                                           timeoutMilliseconds: timeout, outputCap: outputCap)
        switch await ChildProcess.run(request) {
        case .failure(let f):
            return AttemptOutcome(failure: f)
        case .success(let p):
            var outcome = AttemptOutcome(failure: nil, process: p)
            if p.timedOut {
                outcome.failure = AttemptFailure(.timeout, "the agent ran past its time limit of \(Machine.seconds(Int64(clamping: timeout))); its process group was killed")
            } else if p.stdoutDropped > 0 {
                outcome.failure = AttemptFailure(.invalidOutput, "the agent's output passed the \(outputCap)-byte cap (\(p.stdoutDropped) bytes more)")
            } else {
                let reply: Result<AgentReply, AttemptFailure> = switch kind {
                case "claude-code": ClaudeCodeProtocol.reply(stdout: p.stdout, end: p.end, stderr: p.stderr)
                case "opencode": OpenCodeProtocol.reply(stdout: p.stdout, end: p.end, stderr: p.stderr)
                default: CLIAgentProtocol.reply(stdout: p.stdout, end: p.end, stderr: p.stderr)
                }
                switch reply {
                case .success(let r): outcome.reply = r
                case .failure(let f): outcome.failure = f
                }
            }
            return outcome
        }
    }
}

/// An agent's health check: its command must exit 0 within the timeout (docs/vm.md §7).
enum HealthCheck {
    /// nil when the agent is healthy or has no check; else what failed.
    static func run(_ agent: PlanContents.Agent, tables: RunTables, environment: [String: String]) async -> String? {
        guard agent.healthTimeoutMilliseconds > 0, !agent.healthCommand.isEmpty else { return nil }
        let request = ChildProcess.Request(arguments: agent.healthCommand.map { tables.string($0) }, environment: environment,
                                           timeoutMilliseconds: UInt64(agent.healthTimeoutMilliseconds), outputCap: 64 << 10)
        switch await ChildProcess.run(request) {
        case .failure(let f): return f.message
        case .success(let p):
            if p.timedOut { return "no answer within \(Machine.seconds(Int64(agent.healthTimeoutMilliseconds)))" }
            return p.end.succeeded ? nil : "\(p.end)\(Machine.tail(p.stderr))"
        }
    }
}
