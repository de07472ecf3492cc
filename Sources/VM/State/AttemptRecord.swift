/// How one attempt ended.
public enum AttemptStatus: String, Sendable, CaseIterable {
    /// The attempt gave an answer the step accepted.
    case succeeded
    /// The attempt failed; `failureKind` says how.
    case failed
}

/// One attempt of a step (of one iteration of a `foreach` step): a row of the `attempts`
/// table. Recording it also adds its cost and tokens to the run's totals.
public struct AttemptRecord: Sendable, Equatable {
    /// The run the attempt belongs to.
    public var runID: String
    /// The step's index in the plan.
    public var stepIndex: Int
    /// The step's id in the workflow.
    public var stepID: String
    /// The position in a `foreach`; 0 for other steps.
    public var iteration: Int
    /// The attempt's number within the step (within the iteration), from 1.
    public var number: Int
    /// The agent that ran it, for agent steps.
    public var agent: String?
    /// How the attempt ended.
    public var status: AttemptStatus
    /// The failure's kind (an ``AttemptFailure/Kind`` raw value) when it failed.
    public var failureKind: String?
    /// What happened, for people.
    public var message: String?
    /// The exit status of the attempt's process, when it had one.
    public var exitStatus: Int64?
    /// When the attempt started, in milliseconds since the Unix epoch.
    public var startedAt: Int64
    /// How long it took, in milliseconds.
    public var durationMilliseconds: Int64
    /// Its cost in US dollars, when reported.
    public var costUSD: Double?
    /// Its input tokens, when reported.
    public var inputTokens: Int64?
    /// Its output tokens, when reported.
    public var outputTokens: Int64?
    /// The agent's session id, when reported.
    public var sessionID: String?
    /// The attempt's folder (prompt, transcript, stderr), relative to the state folder.
    public var folder: String?

    /// Creates an attempt record.
    public init(runID: String, stepIndex: Int, stepID: String, iteration: Int = 0, number: Int,
                agent: String? = nil, status: AttemptStatus, failureKind: String? = nil,
                message: String? = nil, exitStatus: Int64? = nil, startedAt: Int64,
                durationMilliseconds: Int64, costUSD: Double? = nil, inputTokens: Int64? = nil,
                outputTokens: Int64? = nil, sessionID: String? = nil, folder: String? = nil) {
        self.runID = runID
        self.stepIndex = stepIndex
        self.stepID = stepID
        self.iteration = iteration
        self.number = number
        self.agent = agent
        self.status = status
        self.failureKind = failureKind
        self.message = message
        self.exitStatus = exitStatus
        self.startedAt = startedAt
        self.durationMilliseconds = durationMilliseconds
        self.costUSD = costUSD
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.sessionID = sessionID
        self.folder = folder
    }
}
