/// A step moved from one agent to another: a row of the `failovers` table.
public struct FailoverRecord: Sendable, Equatable {
    /// The run concerned.
    public var runID: String
    /// The step's index in the plan.
    public var stepIndex: Int
    /// The step's id in the workflow.
    public var stepID: String
    /// The agent given up on.
    public var fromAgent: String
    /// The agent tried next; nil when no healthy agent was left.
    public var toAgent: String?
    /// Why (a failure kind, or "circuit_open").
    public var reason: String
    /// When, in milliseconds since the Unix epoch.
    public var at: Int64

    /// Creates a failover record.
    public init(runID: String, stepIndex: Int, stepID: String, fromAgent: String,
                toAgent: String? = nil, reason: String, at: Int64) {
        self.runID = runID
        self.stepIndex = stepIndex
        self.stepID = stepID
        self.fromAgent = fromAgent
        self.toAgent = toAgent
        self.reason = reason
        self.at = at
    }
}
