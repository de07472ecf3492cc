/// How a step ended.
public enum StepStatus: String, Sendable, CaseIterable {
    /// The step produced its output.
    case succeeded
    /// Every attempt failed (and the step's policy let the run go on, or the run failed).
    case failed
    /// The step's condition was false.
    case skipped
}

/// A completed step: a row of the `steps` table, keyed by run and step index. Committing
/// it is the checkpoint `aiwvm resume` continues from.
public struct StepRecord: Sendable, Equatable {
    /// The run the step belongs to.
    public var runID: String
    /// The step's index in the plan.
    public var index: Int
    /// The step's id in the workflow.
    public var stepID: String
    /// How the step ended.
    public var status: StepStatus
    /// The step's output, as the VM serialised it; nil when it has none.
    public var outputJSON: String?
    /// How many attempts the step took.
    public var attempts: Int
    /// When the step started, in milliseconds since the Unix epoch.
    public var startedAt: Int64
    /// When the step ended, in milliseconds since the Unix epoch.
    public var endedAt: Int64
    /// Why the step failed.
    public var error: String?
    /// What the step's attempts cost, in US dollars.
    public var costUSD: Double

    /// Creates a step record.
    public init(runID: String, index: Int, stepID: String, status: StepStatus,
                outputJSON: String? = nil, attempts: Int, startedAt: Int64, endedAt: Int64,
                error: String? = nil, costUSD: Double = 0) {
        self.runID = runID
        self.index = index
        self.stepID = stepID
        self.status = status
        self.outputJSON = outputJSON
        self.attempts = attempts
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.error = error
        self.costUSD = costUSD
    }
}
