import Plan

/// One attempt of an agent: for the kinds run as child processes, the command line its
/// kind calls for and its output read by the kind's protocol; for `openai`, one
/// chat-completions request (docs/vm.md §6).
struct AgentInvocation {
    let kind: String
    /// The whole argument vector, program first; for `openai`, `POST` and the URL, which
    /// is what a dry run shows.
    let arguments: [String]
    /// Standard input: the prompt, for the kinds that read it there.
    let input: [UInt8]?
    /// The call, for `openai`; nil for the kinds run as processes.
    let chat: OpenAIProtocol.Call?
    /// The environment variable holding the API key, when the agent names one.
    let apiKeyVariable: String?

    /// The attempt of a plan's agent.
    /// - Parameters:
    ///   - responseSchema: The step's `output` schema as JSON Schema, when it has one:
    ///     `openai` asks the server for Structured Outputs with it.
    init(_ agent: PlanContents.Agent, tables: RunTables, prompt: String, responseSchema: Value? = nil) {
        func optional(_ i: UInt32) -> String? { i == PlanContents.none ? nil : tables.string(i) }
        self.init(kind: tables.string(agent.kind), command: agent.command.map { tables.string($0) },
                  promptInArgument: agent.promptInArgument, endpoint: optional(agent.endpoint), model: optional(agent.model),
                  apiKeyVariable: optional(agent.apiKeyEnv), allowedTools: agent.allowedTools.map { tables.string($0) },
                  mcpConfig: optional(agent.mcpConfig), prompt: prompt, responseSchema: responseSchema)
    }

    /// The attempt of an agent given by its resolved fields.
    init(kind: String, command: [String] = [], promptInArgument: Bool = false, endpoint: String? = nil, model: String? = nil,
         apiKeyVariable: String? = nil, allowedTools: [String] = [], mcpConfig: String? = nil, prompt: String,
         responseSchema: Value? = nil) {
        self.kind = kind
        self.apiKeyVariable = apiKeyVariable
        var chat: OpenAIProtocol.Call?
        switch kind {
        case "claude-code":
            arguments = command + ClaudeCodeProtocol.arguments(model: model, allowedTools: allowedTools, mcpConfig: mcpConfig)
            input = Array(prompt.utf8)
        case "opencode":
            arguments = command + OpenCodeProtocol.arguments(model: model, prompt: prompt)
            input = nil
        case "openai":
            let call = OpenAIProtocol.Call(endpoint: endpoint ?? "", model: model, prompt: prompt, schema: responseSchema)
            arguments = ["POST", OpenAIProtocol.url(endpoint: call.endpoint)]
            input = nil
            chat = call
        default:
            let line = CLIAgentProtocol.commandLine(command, prompt: prompt, inArgument: promptInArgument)
            arguments = line.arguments
            input = line.promptOnStandardInput ? Array(prompt.utf8) : nil
        }
        self.chat = chat
    }

    /// Runs the attempt.
    /// - Parameters:
    ///   - environment: The child's environment; for `openai`, where the API key is read.
    ///   - timeout: The attempt's time limit in milliseconds.
    ///   - outputCap: The cap on a child's standard output, or on a response body.
    func run(environment: [String: String], timeout: UInt64, outputCap: Int) async -> AttemptOutcome {
        if let chat { return await call(chat, environment: environment, timeout: timeout, outputCap: outputCap) }
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

    /// An `openai` attempt: one request, its answer read by ``OpenAIProtocol``.
    private func call(_ chat: OpenAIProtocol.Call, environment: [String: String], timeout: UInt64, outputCap: Int) async -> AttemptOutcome {
        var key: String?
        if let name = apiKeyVariable {
            // An empty key is as good as none: sent, it would only earn a 401.
            guard let value = environment[name], !value.isEmpty else {
                return AttemptOutcome(failure: AttemptFailure(.unavailable, "the agent's API key variable \(name) is not set"))
            }
            key = value
        }
        let request = OpenAIProtocol.request(chat, apiKey: key)
        switch await HTTPAgent.send(request, timeoutMilliseconds: timeout, bodyCap: outputCap) {
        case .failure(let f):
            return AttemptOutcome(failure: f)
        case .success(let response):
            switch OpenAIProtocol.reply(response) {
            case .success(let r): return AttemptOutcome(failure: nil, reply: r)
            case .failure(let f): return AttemptOutcome(failure: f)
            }
        }
    }
}
