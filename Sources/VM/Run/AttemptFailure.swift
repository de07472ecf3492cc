/// Why one attempt of a step failed: a kind that retry and failover policies test, and a
/// message for people (docs/vm.md §6 lists the kinds).
public struct AttemptFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The documented kinds of failure.
    public enum Kind: String, Sendable, CaseIterable {
        /// The attempt ran past its time limit; its process group was killed.
        case timeout
        /// A process exited with a non-zero status or was killed by a signal.
        case exit
        /// The agent reported an error (`is_error`, an `error` event, an HTTP error body).
        case agentError = "agent_error"
        /// The agent or command answered something that could not be read (not the
        /// protocol's JSON, not UTF-8).
        case invalidOutput = "invalid_output"
        /// The answer did not match the step's `output` schema.
        case schemaMismatch = "schema_mismatch"
        /// The agent or tool refused for rate limiting (HTTP 429).
        case rateLimited = "rate_limited"
        /// The agent, tool or program could not be reached or started.
        case unavailable
        /// The agent's circuit breaker was open, so the attempt did not run.
        case circuitOpen = "circuit_open"
        /// The agent's health check failed.
        case healthCheck = "health_check"
        /// An expression of the step failed (a value of the wrong kind, a division by zero).
        case expression
        /// The tool answered that the call failed: an MCP result with `isError`, or an HTTP
        /// status of 4xx other than 408 and 429.
        case toolError = "tool_error"
    }

    /// What kind of failure.
    public var kind: Kind
    /// What happened, for people.
    public var message: String
    /// How long the server asked to wait before trying again (`Retry-After`), if it did.
    public var retryAfterMilliseconds: Int64?

    /// Creates a failure.
    public init(_ kind: Kind, _ message: String, retryAfterMilliseconds: Int64? = nil) {
        self.kind = kind
        self.message = message
        self.retryAfterMilliseconds = retryAfterMilliseconds
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// What an agent attempt gave back besides its answer: what `runs show` reports.
public struct AgentUsage: Sendable, Equatable {
    /// The agent's session id, when it reports one.
    public var sessionID: String?
    /// The cost in US dollars, when reported.
    public var costUSD: Double?
    /// Input tokens, when reported.
    public var inputTokens: Int64?
    /// Output tokens, when reported.
    public var outputTokens: Int64?
    /// Turns the agent took, when reported.
    public var turns: Int64?

    /// Creates usage figures.
    public init(sessionID: String? = nil, costUSD: Double? = nil, inputTokens: Int64? = nil,
                outputTokens: Int64? = nil, turns: Int64? = nil) {
        self.sessionID = sessionID
        self.costUSD = costUSD
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.turns = turns
    }
}

/// A successful agent attempt: the answer text and what it cost.
public struct AgentReply: Sendable, Equatable {
    /// The answer.
    public var text: String
    /// Session, cost and tokens.
    public var usage: AgentUsage

    /// Creates a reply.
    public init(text: String, usage: AgentUsage = AgentUsage()) {
        self.text = text
        self.usage = usage
    }
}

/// How a child process ended.
public enum ProcessEnd: Sendable, Equatable, CustomStringConvertible {
    /// It exited with this status.
    case exited(Int32)
    /// A signal ended it.
    case signalled(Int32)

    /// Whether it exited with status 0.
    public var succeeded: Bool { self == .exited(0) }

    public var description: String {
        switch self {
        case .exited(let s): "exit status \(s)"
        case .signalled(let s): "killed by signal \(s)"
        }
    }
}
