import Plan
import ToolProcesses

/// What a run keeps for its tools (docs/vm.md §6, docs/tools.md): each tool's binding, read
/// once when the run is prepared (the redactor needs the secrets they name), one MCP server per tool started on first use and reused by every later step, and
/// a token bucket per tool with a rate limit. A class: the machine is a value, and these
/// live as long as the run.
final class ToolRuntime: @unchecked Sendable {
    private let bindings: [Result<ToolBinding, AttemptFailure>]
    private var sessions: [Int: MCPBridgeSession] = [:]
    private var buckets: [Int: TokenBucket] = [:]

    /// Reads every tool's binding.
    init(tables: RunTables) {
        bindings = tables.tools.map { tool in
            guard tool.implementation != PlanContents.none else {
                return .failure(AttemptFailure(.unavailable, "tool '\(tables.string(tool.id))' has no implementation: the registry did not define it when the plan was compiled"))
            }
            return ToolBinding.read(tool, tables: tables)
        }
    }

    /// A tool's binding, or why it cannot be called.
    func binding(_ index: Int) -> Result<ToolBinding, AttemptFailure> { bindings[index] }

    /// The environment variables the bindings read as secrets (`secrets`, `auth.secret`).
    var secretNames: Set<String> {
        Set(bindings.flatMap { result -> [String] in
            guard case .success(let b) = result else { return [] }
            return b.secrets + (b.authSecret.map { [$0] } ?? [])
        })
    }

    /// The tool's bucket, when it has a rate limit.
    func bucket(_ index: Int, tables: RunTables) -> TokenBucket? {
        let tool = tables.tools[index]
        guard tool.requestsPerMinute > 0 else { return nil }
        if let b = buckets[index] { return b }
        let b = TokenBucket(perMinute: Int(tool.requestsPerMinute), burst: Int(max(tool.burst, 1)))
        buckets[index] = b
        return b
    }

    /// The tool's MCP session: the one already started, unless its server has ended.
    func session(_ index: Int) -> MCPBridgeSession? {
        guard let s = sessions[index] else { return nil }
        if s.hasEnded {
            s.close()
            sessions[index] = nil
            return nil
        }
        return s
    }

    /// Keeps a started session for later steps.
    func keep(_ session: MCPBridgeSession, for index: Int) { sessions[index] = session }

    /// Ends a session whose server failed, so that the next attempt starts a new one.
    func drop(_ index: Int) {
        sessions[index]?.close()
        sessions[index] = nil
    }

    /// Ends every server (at the end of the run).
    func closeAll() {
        for s in sessions.values { s.close() }
        sessions = [:]
    }
}

/// A token bucket: `burst` requests at once, refilled at `perMinute` a minute.
final class TokenBucket: @unchecked Sendable {
    private let perMinute: Double
    private let burst: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant

    init(perMinute: Int, burst: Int) {
        self.perMinute = Double(perMinute)
        self.burst = Double(burst)
        tokens = Double(burst)
        last = .now
    }

    /// Takes a token, or says how long until one is there (milliseconds; 0 when taken).
    func take() -> Int64 {
        let now = ContinuousClock.now
        let elapsed = last.duration(to: now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(burst, tokens + seconds * perMinute / 60)
        last = now
        if tokens >= 1 {
            tokens -= 1
            return 0
        }
        return Int64(((1 - tokens) * 60_000 / perMinute).rounded(.up))
    }
}
