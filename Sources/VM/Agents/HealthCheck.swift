import Plan

/// An agent's health check (docs/vm.md §7): its command must exit 0, and its URL must
/// answer `GET` with a 2xx status, within the timeout; when it has both, both must pass,
/// the command first, within the one timeout.
enum HealthCheck {
    /// nil when the agent is healthy or has no check; else what failed.
    static func run(_ agent: PlanContents.Agent, tables: RunTables, environment: [String: String]) async -> String? {
        await run(command: agent.healthCommand.map { tables.string($0) },
                  url: agent.healthURL == PlanContents.none ? nil : tables.string(agent.healthURL),
                  timeoutMilliseconds: UInt64(agent.healthTimeoutMilliseconds), environment: environment)
    }

    /// nil when the check passed or there is none (no command nor URL, or a timeout of 0);
    /// else what failed.
    static func run(command: [String], url: String?, timeoutMilliseconds: UInt64, environment: [String: String]) async -> String? {
        guard timeoutMilliseconds > 0 else { return nil }
        let clock = ContinuousClock()
        let started = clock.now
        if !command.isEmpty {
            let request = ChildProcess.Request(arguments: command, environment: environment,
                                               timeoutMilliseconds: timeoutMilliseconds, outputCap: 64 << 10)
            switch await ChildProcess.run(request) {
            case .failure(let f): return f.message
            case .success(let p):
                if p.timedOut { return "no answer within \(Machine.seconds(Int64(clamping: timeoutMilliseconds)))" }
                if !p.end.succeeded { return "\(p.end)\(Machine.tail(p.stderr))" }
            }
        }
        guard let url else { return nil }
        let spent = clock.now - started
        let left = Int64(clamping: timeoutMilliseconds) - spent.components.seconds * 1000 - spent.components.attoseconds / 1_000_000_000_000_000
        guard left > 0 else { return "no answer within \(Machine.seconds(Int64(clamping: timeoutMilliseconds)))" }
        return await HTTPAgent.check(url: url, timeoutMilliseconds: UInt64(left))
    }
}
