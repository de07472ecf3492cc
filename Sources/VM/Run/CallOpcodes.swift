import Plan
import ToolProcesses

/// `call.agent`, `run.command` and `call.tool`: one attempt each, recorded with its files
/// (docs/vm.md §6 and §8).
extension Machine {
    /// Environment variables every child gets from aiwvm's own, besides the declared
    /// secrets: what a program needs to find itself and its user's files, nothing more.
    static let passedThrough = ToolEnvironment.passedThrough

    /// A child's whole environment: the pass-through variables, the declared secrets,
    /// `extra` names (an agent's API key variable), then the workflow's and the step's `env`.
    func childEnvironment(_ extra: [String]) -> [String: String] {
        var env: [String: String] = [:]
        for name in Self.passedThrough + tables.secrets + extra {
            if let v = setup.environment[name] { env[name] = v }
        }
        for field in context.env {
            if case .string(let s) = field.value { env[field.name] = s }
        }
        return env
    }

    /// The prompt an agent is sent: the step's, then, for a step with an `output` schema,
    /// the schema and the problems of the previous answer.
    func fullPrompt(_ prompt: String, step: PlanContents.Step, feedback: [String]) -> String {
        guard step.schema != PlanContents.none else { return prompt }
        var text = prompt
        text += "\n\nAnswer with only a JSON value that matches this JSON Schema:\n```json\n"
        text += JSONWriter.write(SchemaText.value(step.schema, in: plan)) + "\n```\n"
        if !feedback.isEmpty {
            text += "\nThe previous answer did not match the schema:\n"
            text += feedback.map { "- \($0)\n" }.joined()
            text += "Answer again, with only the corrected JSON value.\n"
        }
        return text
    }

    mutating func callAgent(_ index: Int, prompt base: String) async throws(RunStop) -> Value {
        guard var state = current else { return .null }
        let step = tables.steps[index]
        let prompt = fullPrompt(base, step: step, feedback: state.feedback)
        guard let agent = state.agent else {
            state.failure = AttemptFailure(.unavailable, "the workflow names no agent for this step")
            state.attempts += 1
            state.attempt += 1
            current = state
            return .null
        }
        let schema = step.schema != PlanContents.none ? SchemaText.value(step.schema, in: plan) : nil
        let invocation = AgentInvocation(tables.agents[agent], tables: tables, prompt: prompt, responseSchema: schema)
        if setup.dryRun {
            rendered.append(.object([
                Value.Field("step", .string(stepID(index))), Value.Field("kind", .string("agent")),
                Value.Field("agent", .string(tables.agentID(agent))),
                Value.Field("argv", .array(invocation.arguments.map { .string($0) })),
                Value.Field("prompt", .string(prompt)),
            ] + iterationField))
            return .null
        }
        state.attempt += 1
        state.attempts += 1
        current = state
        let started = WallClock.now()
        var outcome: AttemptOutcome
        if state.circuitOpen {
            outcome = AttemptOutcome(failure: AttemptFailure(.circuitOpen, "the circuit of agent '\(tables.agentID(agent))' is open"))
        } else {
            events.say("step \(stepID(index)): attempt \(state.attempts) with \(tables.agentID(agent))")
            events.board(stepID(index), "running", attempt: state.attempts, agent: tables.agentID(agent), note: itemNote)
            let env = childEnvironment(tables.agents[agent].apiKeyEnv == PlanContents.none ? [] : [tables.string(tables.agents[agent].apiKeyEnv)])
            outcome = await invocation.run(environment: env, timeout: timeout(step), outputCap: setup.outputCap)
            if Task.isCancelled { throw RunStop.interrupted }
        }
        var value = Value.null
        if outcome.failure == nil, let reply = outcome.reply {
            if step.schema != PlanContents.none, SchemaText.wantsJSON(step.schema, in: plan) {
                switch SchemaText.json(in: reply.text) {
                case .success(let v): value = v
                case .failure(let e):
                    outcome.failure = AttemptFailure(.schemaMismatch, "the answer is not JSON (\(e))")
                    current?.feedback = ["the answer is not JSON (\(e)); send the JSON value alone"]
                }
            } else {
                value = .string(reply.text)
            }
        }
        try updateCircuit(agent, policy: tables.policies[Int(step.policy)], failure: outcome.failure)
        try recordAttempt(index, agent: tables.agentID(agent), started: started, input: Array(prompt.utf8), inputName: "prompt", outcome: outcome)
        current?.failure = outcome.failure
        if let cost = outcome.reply?.usage.costUSD { current?.cost += cost }
        return value
    }

    mutating func runCommand(_ index: Int, _ argv: [String]) async throws(RunStop) -> Value {
        guard var state = current else { return .null }
        let step = tables.steps[index]
        if setup.dryRun {
            rendered.append(.object([
                Value.Field("step", .string(stepID(index))), Value.Field("kind", .string("command")),
                Value.Field("argv", .array(argv.map { .string($0) })),
            ] + iterationField))
            return .null
        }
        state.attempt += 1
        state.attempts += 1
        current = state
        let started = WallClock.now()
        events.say("step \(stepID(index)): attempt \(state.attempts): \(argv.first ?? "")")
        events.board(stepID(index), "running", attempt: state.attempts, note: itemNote)
        let request = ChildProcess.Request(arguments: argv, environment: childEnvironment([]), input: nil,
                                           timeoutMilliseconds: timeout(step), outputCap: setup.outputCap)
        var outcome = AttemptOutcome(failure: nil)
        var value = Value.null
        switch await ChildProcess.run(request) {
        case .failure(let f): outcome.failure = f
        case .success(let p):
            if Task.isCancelled { throw RunStop.interrupted }
            outcome.process = p
            if p.timedOut {
                outcome.failure = AttemptFailure(.timeout, "ran past its time limit of \(Self.seconds(Int64(clamping: timeout(step)))); its process group was killed")
            } else if !p.end.succeeded {
                outcome.failure = AttemptFailure(.exit, "\(argv.first ?? "the command") ended with \(p.end)\(Self.tail(p.stderr))")
            } else {
                let text = Self.trimmingNewlines(p.stdout)
                if step.schema != PlanContents.none, SchemaText.wantsJSON(step.schema, in: plan) {
                    if p.stdoutDropped > 0 {
                        outcome.failure = AttemptFailure(.invalidOutput, "its output passed the \(setup.outputCap)-byte cap, so it cannot be read as JSON")
                    } else {
                        do throws(JSONError) { value = try JSONReader.read(text) } catch {
                            outcome.failure = AttemptFailure(.invalidOutput, "its output is not JSON (\(error))")
                        }
                    }
                } else if let s = String(validating: text, as: UTF8.self) {
                    value = .string(s)
                } else {
                    outcome.failure = AttemptFailure(.invalidOutput, "its output is not UTF-8 text")
                }
            }
        }
        let argvJSON = Array(JSONWriter.write(.array(argv.map { .string($0) })).utf8)
        try recordAttempt(index, agent: nil, started: started, input: argvJSON, inputName: "argv.json", outcome: outcome)
        current?.failure = outcome.failure
        return value
    }

    mutating func callTool(_ index: Int, arguments: Value) async throws(RunStop) -> Value {
        guard var state = current else { return .null }
        let step = tables.steps[index]
        let tool = step.tool == PlanContents.none ? "" : tables.string(tables.tools[Int(step.tool)].id)
        let operation = tables.string(step.operation)
        if setup.dryRun {
            rendered.append(.object([
                Value.Field("step", .string(stepID(index))), Value.Field("kind", .string("tool")),
                Value.Field("tool", .string(operation.isEmpty ? tool : "\(tool).\(operation)")), Value.Field("with", arguments),
            ] + iterationField))
            return .null
        }
        state.attempt += 1
        state.attempts += 1
        current = state
        let toolIndex = Int(step.tool)
        let argumentsJSON = Array(JSONWriter.write(arguments).utf8)
        guard step.tool != PlanContents.none else {
            try recordAttempt(index, agent: nil, started: WallClock.now(), input: argumentsJSON, inputName: "arguments.json",
                              outcome: AttemptOutcome(failure: AttemptFailure(.unavailable, "the step names no tool")))
            current?.failure = pending?.outcome.failure
            return .null
        }
        try await waitForRateLimit(toolIndex, step: index)
        let started = WallClock.now()
        events.say("step \(stepID(index)): attempt \(state.attempts): \(tool).\(operation)")
        events.board(stepID(index), "running", attempt: state.attempts, note: itemNote.isEmpty ? "\(tool).\(operation)" : itemNote)
        var call = ToolCallOutcome()
        switch toolRuntime.binding(toolIndex) {
        case .failure(let f): call.failure = f
        case .success(let binding):
            let limit = binding.timeoutMilliseconds > 0 ? min(binding.timeoutMilliseconds, timeout(step)) : timeout(step)
            let wantsJSON = step.schema != PlanContents.none && SchemaText.wantsJSON(step.schema, in: plan)
            switch binding.type {
            case "exec": call = await callExec(binding, tool: toolIndex, operation: operation, arguments: arguments, timeout: limit)
            case "mcp": call = await callMCP(binding, tool: toolIndex, operation: operation, arguments: arguments, timeout: limit, wantsJSON: wantsJSON)
            case "openapi": call = await callOpenAPI(binding, tool: toolIndex, operation: operation, arguments: arguments, timeout: limit)
            default: call.failure = AttemptFailure(.unavailable, "tool '\(tool)' has an implementation of unknown type '\(binding.type)'")
            }
        }
        if Task.isCancelled { throw RunStop.interrupted }
        var outcome = AttemptOutcome(failure: call.failure)
        outcome.process = call.process
        outcome.answer = call.answer
        try recordAttempt(index, agent: nil, started: started, input: argumentsJSON, inputName: "arguments.json", outcome: outcome)
        current?.failure = call.failure
        return call.failure == nil ? call.value : .null
    }

    /// Waits for the tool's token bucket, saying so in the events and the live view.
    mutating func waitForRateLimit(_ toolIndex: Int, step index: Int) async throws(RunStop) {
        guard let bucket = toolRuntime.bucket(toolIndex, tables: tables) else { return }
        var wait = bucket.take()
        while wait > 0 {
            let tool = tables.string(tables.tools[toolIndex].id)
            try events.emit("tool.waiting", [Value.Field("step", .string(stepID(index))), Value.Field("tool", .string(tool)),
                                             Value.Field("delay_ms", .integer(wait))])
            events.say("step \(stepID(index)): waiting \(Self.seconds(wait)) for the rate limit of tool '\(tool)'")
            events.board(stepID(index), "waiting", note: "rate limit of \(tool): \(Self.seconds(wait))")
            do {
                try await Task.sleep(for: .milliseconds(wait))
            } catch {
                throw RunStop.interrupted
            }
            wait = bucket.take()
        }
    }

    /// `item 3 of 10` inside a `foreach`, for the live view.
    var itemNote: String {
        guard let item = context.item, let loop = loops.last else { return "" }
        return "item \(item.index + 1) of \(loop.items.count)"
    }

    /// The `iteration` field of a rendered step inside a `foreach`.
    var iterationField: [Value.Field] {
        guard let item = context.item else { return [] }
        return [Value.Field("iteration", .integer(Int64(item.index)))]
    }

    /// An attempt's time limit: the step's `timeout` (else the default), and never past
    /// the run's own deadline.
    func timeout(_ step: PlanContents.Step) -> UInt64 {
        let own = step.timeoutMilliseconds > 0 ? step.timeoutMilliseconds : setup.defaultTimeoutMilliseconds
        guard let deadline else { return own }
        let left = ContinuousClock.now.duration(to: deadline).components
        let ms = max(1, left.seconds * 1000 + left.attoseconds / 1_000_000_000_000_000)
        return min(own, UInt64(ms))
    }

    /// Standard output with its trailing line ends removed, as a shell's `$(…)` gives it.
    static func trimmingNewlines(_ bytes: [UInt8]) -> [UInt8] {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 10 || bytes[end - 1] == 13 { end -= 1 }
        return Array(bytes[0..<end])
    }

    /// `: <last line of standard error>`, at most 300 bytes, or nothing.
    static func tail(_ stderr: [UInt8]) -> String {
        let trimmed = trimmingNewlines(stderr)
        guard !trimmed.isEmpty else { return "" }
        let start = (trimmed.lastIndex(of: 10)).map { $0 + 1 } ?? 0
        let line = String(decoding: trimmed[start...].prefix(300), as: UTF8.self)
        return ": \(line)"
    }

    // MARK: Attempt records

    /// Keeps an attempt to record once its outcome is final: `validate`, which comes after
    /// the call, may still fail it.
    mutating func recordAttempt(_ index: Int, agent: String?, started: Int64, input: [UInt8], inputName: String, outcome: AttemptOutcome) throws(RunStop) {
        try flushAttempt()
        pending = PendingAttempt(index: index, agent: agent, started: started, input: input, inputName: inputName,
                                 outcome: outcome, number: current?.attempts ?? 0, item: context.item?.index)
    }

    /// Writes the pending attempt's folder (`runs/RUN/STEP/N/`: its prompt or argument
    /// vector, standard output and error, `attempt.json`) and its database row, and
    /// reports it.
    mutating func flushAttempt() throws(RunStop) {
        guard let p = pending else { return }
        pending = nil
        let (index, agent, started, input, inputName, outcome) = (p.index, p.agent, p.started, p.input, p.inputName, p.outcome)
        let number = p.number
        let iteration = p.item ?? 0
        let name = p.item == nil ? "\(number)" : "\(iteration)-\(number)"
        let relative = "runs/\(Files.component(runID))/\(Files.component(stepID(index)))/\(name)"
        let folder = setup.stateFolder + "/" + relative
        let milliseconds = outcome.process?.milliseconds ?? max(0, WallClock.now() - started)
        var summary: [Value.Field] = [
            Value.Field("step", .string(stepID(index))), Value.Field("attempt", .integer(Int64(number))),
            Value.Field("status", .string(outcome.failure == nil ? "succeeded" : "failed")),
            Value.Field("started_at", .string(WallClock.iso(started))), Value.Field("milliseconds", .integer(milliseconds)),
        ]
        if let agent { summary.append(Value.Field("agent", .string(agent))) }
        if p.item != nil { summary.append(Value.Field("iteration", .integer(Int64(iteration)))) }
        if let p = outcome.process {
            switch p.end {
            case .exited(let s): summary.append(Value.Field("exit_status", .integer(Int64(s))))
            case .signalled(let s): summary.append(Value.Field("signal", .integer(Int64(s))))
            }
            if p.stdoutDropped > 0 { summary.append(Value.Field("stdout_dropped_bytes", .integer(Int64(p.stdoutDropped)))) }
            if p.stderrDropped > 0 { summary.append(Value.Field("stderr_dropped_bytes", .integer(Int64(p.stderrDropped)))) }
        }
        if let f = outcome.failure {
            summary.append(Value.Field("failure", .string(f.kind.rawValue)))
            summary.append(Value.Field("message", .string(f.message)))
        }
        if let u = outcome.reply?.usage {
            if let c = u.costUSD { summary.append(Value.Field("cost_usd", .number(c))) }
            if let t = u.inputTokens { summary.append(Value.Field("input_tokens", .integer(t))) }
            if let t = u.outputTokens { summary.append(Value.Field("output_tokens", .integer(t))) }
            if let s = u.sessionID { summary.append(Value.Field("session_id", .string(s))) }
        }
        if Files.makeFolders(folder) {
            Files.write(redactor.apply(input), to: folder + "/" + inputName)
            if let p = outcome.process {
                Files.write(redactor.apply(p.stdout), to: folder + "/stdout")
                Files.write(redactor.apply(p.stderr), to: folder + "/stderr")
            }
            if let answer = outcome.answer { Files.write(redactor.apply(answer), to: folder + "/answer") }
            Files.write(Array(redactor.apply(JSONWriter.write(.object(summary)) + "\n").utf8), to: folder + "/attempt.json")
        }
        let exit: Int64? = if case .exited(let s)? = outcome.process?.end { Int64(s) } else { nil }
        let usage = outcome.reply?.usage
        let record = AttemptRecord(
            runID: runID, stepIndex: index, stepID: stepID(index), iteration: iteration, number: number, agent: agent,
            status: outcome.failure == nil ? .succeeded : .failed, failureKind: outcome.failure?.kind.rawValue,
            message: outcome.failure.map { redactor.apply($0.message) }, exitStatus: exit, startedAt: started,
            durationMilliseconds: milliseconds, costUSD: usage?.costUSD, inputTokens: usage?.inputTokens,
            outputTokens: usage?.outputTokens, sessionID: usage?.sessionID, folder: relative)
        // The row and its event in one transaction: one write, and never one without the other.
        try events.emit("attempt.finished", summary) { s, event throws(StateError) in try s.recordAttempt(record, event: event) }
    }
}

/// An attempt whose outcome `validate` may still change.
struct PendingAttempt {
    let index: Int
    let agent: String?
    let started: Int64
    let input: [UInt8]
    let inputName: String
    var outcome: AttemptOutcome
    let number: Int
    /// The `foreach` position, when in one.
    let item: Int?
}

/// What one attempt gave: the process (when one ran), the agent's reply, or the failure.
struct AttemptOutcome {
    var failure: AttemptFailure?
    var process: ChildProcess.Outcome?
    var reply: AgentReply?
    /// What a tool answered over MCP or HTTP, kept in the attempt's folder.
    var answer: [UInt8]?
}
