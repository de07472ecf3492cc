import Plan

/// `retry`, `failover` and `circuit.check` (docs/vm.md §7): the failure handling the plan
/// carries as opcodes, each with its policy.
extension Machine {
    /// Kinds no retry can mend: the same attempt would fail the same way, or another
    /// mechanism (failover) answers them.
    static let notRetried: Set<AttemptFailure.Kind> = [.expression, .circuitOpen, .healthCheck]

    /// `retry`: when the attempt failed and the policy allows another, wait the backoff and
    /// go back to the attempt.
    mutating func retry(policy p: Int, to attempt: Int, next: Int) async throws(RunStop) -> Int {
        try flushAttempt()
        guard var state = current, let failure = state.failure, !setup.dryRun else { return next }
        let policy = tables.policies[p]
        guard !Self.notRetried.contains(failure.kind), policy.nonRetryable & FailureKinds.bit(failure.kind.rawValue) == 0,
              state.attempt < Int(policy.maxAttempts) else { return next }
        // A server's Retry-After is honoured when longer than the backoff (up to 5 minutes).
        let delay = max(Self.backoff(policy, after: state.attempt), min(failure.retryAfterMilliseconds ?? 0, 300_000))
        try events.emit("step.retrying", [Value.Field("step", .string(stepID(state.index))), Value.Field("attempt", .integer(Int64(state.attempt + 1))),
                                          Value.Field("delay_ms", .integer(delay)), Value.Field("after", .string(failure.kind.rawValue))])
        events.say("step \(stepID(state.index)): attempt \(state.attempt) failed (\(failure.description)); retrying in \(Self.seconds(delay))")
        events.board(stepID(state.index), "waiting", note: "\(failure.kind.rawValue); retry in \(Self.seconds(delay))")
        do {
            try await Task.sleep(for: .milliseconds(delay))
        } catch {
            throw RunStop.interrupted
        }
        _ = stack.pop()
        state.failure = nil
        current = state
        return attempt
    }

    /// The wait before attempt `n + 1`: `initial × multiplierⁿ⁻¹`, at most `max`, then
    /// ±10% jitter when the policy asks for it.
    static func backoff(_ policy: PlanContents.Policy, after n: Int) -> Int64 {
        var delay = Double(policy.initialMilliseconds)
        let multiplier = Double(policy.backoffPermille) / 1000
        for _ in 1..<max(1, n) where delay < Double(policy.maxMilliseconds) { delay *= multiplier }
        delay = min(delay, Double(policy.maxMilliseconds))
        if policy.jitter { delay *= Double.random(in: 0.9...1.1) }
        return Int64(delay.rounded())
    }

    /// `failover`: when the attempt failed for a cause the policy names and switches are
    /// left, move to the next healthy agent in the workflow's order and go back to the
    /// attempt; attempts start again with the new agent.
    mutating func failover(policy p: Int, to attempt: Int, next: Int) async throws(RunStop) -> Int {
        guard var state = current, let failure = state.failure, let from = state.agent, !setup.dryRun else { return next }
        let policy = tables.policies[p]
        let cause: UInt32 = switch failure.kind {
        case .timeout: FailoverCauses.timeout
        case .circuitOpen: FailoverCauses.circuitOpen
        case .healthCheck: FailoverCauses.healthCheck
        case .expression: 0
        default: FailoverCauses.failure
        }
        guard cause != 0, policy.failoverOn & cause != 0, state.switches < Int(policy.failoverMaxSwitches) else { return next }
        var order = tables.agentOrder
        if !order.contains(from) { order.insert(from, at: 0) }
        var chosen: Int?
        for candidate in order where !state.used.contains(candidate) {
            if let reason = try await unusable(candidate, policy: policy) {
                try recordFailover(state, from: from, to: candidate, reason: reason, taken: false)
                continue
            }
            chosen = candidate
            break
        }
        guard let to = chosen else {
            try recordFailover(state, from: from, to: nil, reason: failure.kind.rawValue, taken: false)
            return next
        }
        try recordFailover(state, from: from, to: to, reason: failure.kind.rawValue, taken: true)
        failedOver.insert(from)
        _ = stack.pop()
        state.agent = to
        state.used.append(to)
        state.switches += 1
        state.attempt = 0
        state.failure = nil
        state.feedback = []
        current = state
        return attempt
    }

    /// A step starting on an agent this run failed over from earlier: the agent's health
    /// check runs first, and while it fails the step starts on the next usable agent
    /// instead (recorded as a failover for `health_check`; it counts no switch).
    mutating func recheckFailedOver() async throws(RunStop) {
        guard var state = current, let agent = state.agent, failedOver.contains(agent), !setup.dryRun,
              tables.agents[agent].healthTimeoutMilliseconds > 0 else { return }
        if let problem = await HealthCheck.run(tables.agents[agent], tables: tables, environment: childEnvironment([])) {
            let policy = tables.policies[Int(tables.steps[state.index].policy)]
            var next: Int?
            for candidate in tables.agentOrder where candidate != agent {
                if try await unusable(candidate, policy: policy) == nil {
                    next = candidate
                    break
                }
            }
            guard let next else { return }
            try recordFailover(state, from: agent, to: next, reason: "health_check: \(problem)", taken: true)
            state.agent = next
            state.used = [agent, next]
        } else {
            failedOver.remove(agent)
        }
        current = state
    }

    /// Why an agent cannot take over, or nil: its circuit is open, or its health check fails.
    mutating func unusable(_ agent: Int, policy: PlanContents.Policy) async throws(RunStop) -> String? {
        if let circuit = try circuitRecord(agent), circuit.state == .open,
           WallClock.now() < (circuit.openedAt ?? 0) + Int64(policy.circuitResetMilliseconds) {
            return "circuit_open"
        }
        if let problem = await HealthCheck.run(tables.agents[agent], tables: tables, environment: childEnvironment([])) {
            events.say("agent \(tables.agentID(agent)): health check failed: \(problem)")
            return "health_check: \(problem)"
        }
        return nil
    }

    mutating func recordFailover(_ state: StepState, from: Int, to: Int?, reason: String, taken: Bool) throws(RunStop) {
        let fromID = tables.agentID(from)
        let toID = to.map { tables.agentID($0) }
        try store { s throws(StateError) in
            try s.recordFailover(FailoverRecord(runID: runID, stepIndex: state.index, stepID: stepID(state.index),
                                                fromAgent: fromID, toAgent: taken ? toID : nil,
                                                reason: taken ? reason : "\(toID ?? "no agent left"): \(reason)", at: WallClock.now()))
        }
        try events.emit(taken ? "failover" : "failover.skipped", [
            Value.Field("step", .string(stepID(state.index))), Value.Field("from", .string(fromID)),
            Value.Field("to", toID.map { .string($0) } ?? .null), Value.Field("reason", .string(reason)),
        ])
        if taken {
            events.say("step \(stepID(state.index)): failing over from \(fromID) to \(toID ?? "?") (\(reason))")
            events.board(stepID(state.index), "running", agent: toID, note: "failed over from \(fromID) (\(reason))")
        } else if to == nil {
            events.say("step \(stepID(state.index)): no agent left to fail over to")
        }
    }

    // MARK: Circuit breakers

    /// `circuit.check`: an open circuit whose `reset_after` has not passed fails the next
    /// attempt unrun; one whose time has passed lets a trial attempt through (half-open).
    mutating func checkCircuit(policy p: Int) throws(RunStop) {
        guard var state = current, let agent = state.agent, !setup.dryRun else { return }
        state.circuitOpen = false
        if var circuit = try circuitRecord(agent), circuit.state == .open {
            if WallClock.now() < (circuit.openedAt ?? 0) + Int64(tables.policies[p].circuitResetMilliseconds) {
                state.circuitOpen = true
            } else {
                circuit.state = .halfOpen
                circuit.successes = 0
                circuit.updatedAt = WallClock.now()
                try saveCircuit(circuit)
                try events.emit("circuit.half_open", [Value.Field("agent", .string(tables.agentID(agent)))])
            }
        }
        current = state
    }

    /// The circuit after an attempt of `agent`: a success clears the count of failures,
    /// and closes a half-open circuit after `half_open_successes` of them (default 1); a
    /// failure of the agent itself counts, and at the policy's threshold, or in a half-open
    /// trial, opens it.
    mutating func updateCircuit(_ agent: Int, policy: PlanContents.Policy, failure: AttemptFailure?) throws(RunStop) {
        guard !setup.dryRun, setup.store != nil else { return }
        let now = WallClock.now()
        var circuit = try circuitRecord(agent) ?? CircuitRecord(agent: tables.agentID(agent), state: .closed, failures: 0, successes: 0, openedAt: nil, updatedAt: now)
        let before = circuit.state
        if let failure {
            // An answer that missed its schema, or an expression, says nothing of the agent's health.
            guard failure.kind != .schemaMismatch, failure.kind != .expression, failure.kind != .circuitOpen else { return }
            circuit.failures += 1
            // A threshold of 0 never opens the circuit; a failed half-open trial always does.
            if circuit.state == .halfOpen || (policy.circuitThreshold > 0 && circuit.failures >= Int(policy.circuitThreshold)) {
                circuit.state = .open
                circuit.openedAt = now
            }
        } else {
            circuit.successes += 1
            circuit.failures = 0
            if circuit.state == .open || (circuit.state == .halfOpen && circuit.successes >= max(1, Int(policy.halfOpenSuccesses))) {
                circuit.state = .closed
                circuit.openedAt = nil
            }
        }
        circuit.updatedAt = now
        try saveCircuit(circuit)
        if circuit.state != before {
            try events.emit("circuit.\(circuit.state.rawValue)", [Value.Field("agent", .string(circuit.agent)), Value.Field("failures", .integer(Int64(circuit.failures)))])
            events.say("agent \(circuit.agent): circuit \(circuit.state.rawValue.replacingUnderscores)")
        }
    }

    func circuitRecord(_ agent: Int) throws(RunStop) -> CircuitRecord? {
        guard let s = setup.store, !setup.dryRun else { return nil }
        do throws(StateError) {
            return try s.circuit(agent: tables.agentID(agent))
        } catch {
            throw RunStop.state(error.description)
        }
    }

    func saveCircuit(_ c: CircuitRecord) throws(RunStop) {
        try store { s throws(StateError) in try s.saveCircuit(c) }
    }
}

extension String {
    /// `half_open` → `half open`, for progress lines.
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
