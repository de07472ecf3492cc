import Plan

/// Block 0: the step opcodes here, the expression opcodes on ``ExpressionMachine``.
extension Machine {
    mutating func runSteps() async throws(RunStop) {
        var pc = 0
        while true {
            if Task.isCancelled { throw RunStop.interrupted }
            if let deadline, ContinuousClock.now >= deadline {
                throw RunStop.failed("\(tables.location(current?.beginPC ?? pc)): the run passed its timeout of \(Self.seconds(Int64(tables.runTimeoutMilliseconds)))\(current.map { " in step '\(stepID($0.index))'" } ?? "")")
            }
            let i = plan.withInstructions(block: 0) { $0[pc] }
            switch i.opcode {
            case .end:
                return
            case .stepBegin:
                pc = try await beginStep(Int(i.b), at: pc, end: Int(i.a))
            case .skip:
                try skipStep(Int(i.a))
                pc += 1
            case .circuitCheck:
                try checkCircuit(policy: Int(i.a))
                pc += 1
            case .callAgent:
                let prompt = Text.of(stack.pop())
                stack.push(try await callAgent(Int(i.a), prompt: prompt), depth: JSONReader.maxDepth + 1)
                pc += 1
            case .callTool:
                let arguments = stack.pop()
                stack.push(try await callTool(Int(i.a), arguments: arguments), depth: JSONReader.maxDepth + 1)
                pc += 1
            case .runCommand:
                let (argv, _) = stack.pop(Int(i.b))
                stack.push(try await runCommand(Int(i.a), argv.map { Text.of($0) }), depth: JSONReader.maxDepth + 1)
                pc += 1
            case .validate:
                validate(schema: i.a)
                pc += 1
            case .retry:
                pc = try await retry(policy: Int(i.b), to: Int(i.a), next: pc + 1)
            case .failover:
                pc = try await failover(policy: Int(i.b), to: Int(i.a), next: pc + 1)
            case .commit:
                pc = try commit(Int(i.a), next: pc + 1)
            case .foreachBegin:
                pc = try beginLoop(Int(i.a), at: pc)
            case .foreachNext:
                pc = try nextElement(to: Int(i.a), next: pc + 1)
            case .foreachCollect:
                try collect(at: pc)
                pc += 1
            case .envSet:
                setEnvironment(plan.string(i.a), Text.of(stack.pop()))
                pc += 1
            case .foreachEnd:
                let frame = loops.removeLast()
                context.item = frame.outer
                stack.push(.array(frame.collected), depth: JSONReader.maxDepth + 2)
                pc += 1
            default:
                do throws(ExpressionError) {
                    pc = try expressions.step(i, at: pc, &stack, context)
                } catch {
                    pc = try expressionFailed(error, at: pc)
                }
            }
        }
    }

    // MARK: Steps

    /// `step.begin`: a step a resumed run committed is loaded and passed over.
    mutating func beginStep(_ index: Int, at pc: Int, end: Int) async throws(RunStop) -> Int {
        let id = stepID(index)
        if let done = committed[index] {
            context.steps[index] = Self.record(output: done.outputJSON.flatMap { try? JSONReader.read($0) } ?? .null, status: done.status.rawValue)
            events.say("step \(id): \(done.status.rawValue) before the interruption, not run again")
            return end
        }
        let step = tables.steps[index]
        var state = StepState(index: index, beginPC: pc, endPC: end, startedAt: WallClock.now())
        if step.kind == .agent {
            state.agent = step.agent != PlanContents.none ? Int(step.agent) : tables.agentOrder.first
            if let agent = state.agent { state.used = [agent] }
        }
        current = state
        try await recheckFailedOver()
        state = current ?? state
        try events.emit("step.started", [Value.Field("step", .string(id)), Value.Field("kind", .string(Self.kindName(step.kind)))])
        events.say("step \(id): started (\(Self.kindName(step.kind))\(state.agent.map { ", agent \(tables.agentID($0))" } ?? ""))")
        return pc + 1
    }

    mutating func skipStep(_ index: Int) throws(RunStop) {
        let now = WallClock.now()
        context.steps[index] = Self.record(output: .null, status: "skipped")
        let record = StepRecord(runID: runID, index: index, stepID: stepID(index), status: .skipped, outputJSON: nil,
                                attempts: 0, startedAt: current?.startedAt ?? now, endedAt: now, error: nil, costUSD: 0)
        try commit(record, "step.skipped", [Value.Field("step", .string(stepID(index)))])
        events.say("step \(stepID(index)): skipped (its condition is false)")
        endStep()
    }

    /// `validate`: a successful attempt's value against the step's schema; a mismatch fails
    /// the attempt and keeps the problems for the retry's prompt.
    mutating func validate(schema: UInt32) {
        guard current?.failure == nil, !setup.dryRun else { return }
        let problems = SchemaCheck.problems(stack.top, schema, in: plan)
        guard !problems.isEmpty else { return }
        _ = stack.pop()
        stack.push(.null, depth: 0)
        let failure = AttemptFailure(.schemaMismatch, "the output does not match its schema: " + problems.joined(separator: "; "))
        current?.failure = failure
        current?.feedback = problems
        pending?.outcome.failure = failure
    }

    /// `commit`: the step's output, durably, before anything else runs.
    mutating func commit(_ index: Int, next: Int) throws(RunStop) -> Int {
        try flushAttempt()
        let value = stack.pop()
        guard let state = current else { return next }
        let step = tables.steps[index]
        let now = WallClock.now()
        if setup.dryRun {
            context.steps[index] = Self.record(output: .null, status: "succeeded")
            endStep()
            return next
        }
        if let failure = state.failure {
            let message = "step '\(stepID(index))' failed after \(state.attempts) attempt\(state.attempts == 1 ? "" : "s"): \(failure.message)"
            let record = StepRecord(runID: runID, index: index, stepID: stepID(index), status: .failed, outputJSON: nil,
                                    attempts: state.attempts, startedAt: state.startedAt, endedAt: now,
                                    error: redactor.apply(failure.description), costUSD: state.cost)
            try commit(record, "step.failed", [Value.Field("step", .string(stepID(index))), Value.Field("kind", .string(failure.kind.rawValue)),
                                               Value.Field("error", .string(failure.message)), Value.Field("continues", .boolean(step.continueOnError))])
            events.board(stepID(index), "failed", note: failure.message, done: true)
            endStep()
            guard step.continueOnError else { throw RunStop.failed("\(tables.location(state.beginPC)): \(message)") }
            events.say("step \(stepID(index)): failed, the run goes on (continue_on_error): \(failure.message)")
            context.steps[index] = Self.record(output: .null, status: "failed")
            return next
        }
        let json = redactor.apply(JSONWriter.write(value))
        let record = StepRecord(runID: runID, index: index, stepID: stepID(index), status: .succeeded, outputJSON: json,
                                attempts: state.attempts, startedAt: state.startedAt, endedAt: now, error: nil, costUSD: state.cost)
        try commit(record, "step.committed", [Value.Field("step", .string(stepID(index))), Value.Field("attempts", .integer(Int64(state.attempts))),
                                              Value.Field("milliseconds", .integer(now - state.startedAt))])
        context.steps[index] = Self.record(output: value, status: "succeeded")
        events.say("step \(stepID(index)): succeeded in \(Self.seconds(now - state.startedAt))\(state.attempts > 1 ? " after \(state.attempts) attempts" : "")")
        events.board(stepID(index), "succeeded", done: true)
        endStep()
        return next
    }

    /// An expression of the step failed: a failure no retry can mend. The step ends
    /// failed; with `continue_on_error` the run goes on after it.
    mutating func expressionFailed(_ error: ExpressionError, at pc: Int) throws(RunStop) -> Int {
        guard var state = current else {
            throw RunStop.failed("\(tables.location(pc)): \(error.message)")
        }
        state.failure = AttemptFailure(.expression, error.message)
        if setup.dryRun {
            rendered.append(.object([Value.Field("step", .string(stepID(state.index))), Value.Field("error", .string(error.message))]))
            events.say("step \(stepID(state.index)): cannot be rendered before the run: \(error.message)")
        }
        // The stack and loops go back to what they were when the step began.
        while let last = loops.last, last.step == state.index {
            context.item = last.outer
            loops.removeLast()
        }
        while stack.count > 0 { _ = stack.pop() }
        current = state
        if setup.dryRun {
            endStep()
            return state.endPC
        }
        _ = try commit(state.index, pushing: .null)
        return state.endPC
    }

    /// Commits the current step with a value, as the `commit` opcode would.
    mutating func commit(_ index: Int, pushing value: Value) throws(RunStop) -> Int {
        stack.push(value, depth: 0)
        return try commit(index, next: 0)
    }

    // MARK: foreach

    mutating func beginLoop(_ index: Int, at pc: Int) throws(RunStop) -> Int {
        let list = stack.pop()
        guard case .array(let items) = list else {
            return try expressionFailed(ExpressionError("foreach needs an array, not \(Text.article(list))"), at: pc)
        }
        loops.append(LoopFrame(step: index, items: items, outer: context.item))
        return pc + 1
    }

    mutating func nextElement(to exit: Int, next: Int) throws(RunStop) -> Int {
        guard var frame = loops.popLast() else { return exit }
        frame.position += 1
        let more = frame.position < frame.items.count
        if more {
            context.item = (frame.items[frame.position], frame.position)
            if var state = current {
                state.failure = nil
                state.feedback = []
                state.attempt = 0
                state.switches = 0
                // Each element starts on the step's own agent, with every fallback open to it.
                if let first = state.used.first, tables.steps[state.index].kind == .agent {
                    state.agent = first
                    state.used = [first]
                }
                current = state
            }
        }
        loops.append(frame)
        return more ? next : exit
    }

    /// `foreach.collect`: an element whose attempts all failed fails the step, unless
    /// `continue_on_error`, when it is collected as null.
    mutating func collect(at pc: Int) throws(RunStop) {
        try flushAttempt()
        let value = stack.pop()
        guard var frame = loops.popLast() else { return }
        guard current?.failure != nil, !setup.dryRun else {
            frame.collected.append(value)
            loops.append(frame)
            return
        }
        if tables.steps[frame.step].continueOnError {
            frame.collected.append(.null)
            current?.failure = nil
            loops.append(frame)
            return
        }
        // The element's failure is the step's: the commit records it and ends the run.
        context.item = frame.outer
        while stack.count > 0 { _ = stack.pop() }
        _ = try commit(frame.step, pushing: .null)
    }

    // MARK: Environment

    /// `env.set`: a variable of the step that has begun, or, before any step, of the run.
    mutating func setEnvironment(_ name: String, _ value: String) {
        if current == nil {
            workflowEnv.removeAll { Text.same($0.name, name) }
            workflowEnv.append(Value.Field(name, .string(value)))
        } else {
            stepEnv.removeAll { Text.same($0.name, name) }
            stepEnv.append(Value.Field(name, .string(value)))
        }
        context.env = stepEnv + workflowEnv.filter { w in !stepEnv.contains { Text.same($0.name, w.name) } }
    }

    /// The step is over: its environment goes with it.
    mutating func endStep() {
        current = nil
        if !stepEnv.isEmpty {
            stepEnv = []
            context.env = workflowEnv
        }
    }

    // MARK: Helpers

    func stepID(_ index: Int) -> String { tables.string(tables.steps[index].id) }

    static func record(output: Value, status: String) -> Value {
        .object([Value.Field("output", output), Value.Field("status", .string(status))])
    }

    static func kindName(_ kind: PlanContents.StepKind) -> String {
        switch kind {
        case .agent: "agent"
        case .tool: "tool"
        case .command: "command"
        }
    }

    /// `1.5s`: milliseconds as seconds with one decimal, for progress lines and reports.
    public static func seconds(_ ms: Int64) -> String {
        let tenths = max(0, ms) / 100
        return "\(tenths / 10).\(tenths % 10)s"
    }

    /// A step's record and the event that announces it, durably in one transaction.
    mutating func commit(_ record: StepRecord, _ type: String, _ fields: [Value.Field]) throws(RunStop) {
        try events.emit(type, fields) { s, event throws(StateError) in try s.commitStep(record, event: event) }
    }

    /// Runs a store operation, unless this is a dry run.
    func store(_ body: (StateStore) throws(StateError) -> Void) throws(RunStop) {
        guard let s = setup.store, !setup.dryRun else { return }
        do throws(StateError) {
            try body(s)
        } catch {
            throw RunStop.state(error.description)
        }
    }
}
