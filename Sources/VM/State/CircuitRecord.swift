/// A circuit breaker's state (docs/language.md, `circuit`).
public enum CircuitState: String, Sendable, CaseIterable {
    /// Calls go through; failures are counted.
    case closed
    /// Calls are refused until `reset_after` has passed since `openedAt`.
    case open
    /// Trial calls go through; enough successes close it, one failure opens it again.
    case halfOpen = "half_open"
}

/// One agent's circuit breaker: a row of the `circuits` table, shared by every run (and
/// every `aiwvm` process) that uses the database.
public struct CircuitRecord: Sendable, Equatable {
    /// The agent's id.
    public var agent: String
    /// The breaker's state.
    public var state: CircuitState
    /// Consecutive failures counted while closed.
    public var failures: Int
    /// Successes counted while half-open.
    public var successes: Int
    /// When the breaker last opened, in milliseconds since the Unix epoch.
    public var openedAt: Int64?
    /// When the record last changed, in milliseconds since the Unix epoch.
    public var updatedAt: Int64

    /// Creates a circuit record.
    public init(agent: String, state: CircuitState = .closed, failures: Int = 0,
                successes: Int = 0, openedAt: Int64? = nil, updatedAt: Int64) {
        self.agent = agent
        self.state = state
        self.failures = failures
        self.successes = successes
        self.openedAt = openedAt
        self.updatedAt = updatedAt
    }
}
