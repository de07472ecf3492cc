/// Where a run stands.
public enum RunStatus: String, Sendable, CaseIterable {
    /// A process is running it, or died without saying so (its owner tells which).
    case running
    /// Every step finished and the outputs were computed.
    case succeeded
    /// A step or the outputs failed; `error` says which.
    case failed
    /// Stopped by a signal or a shutdown; `aiwvm resume` can continue it.
    case interrupted
}

/// One run of a plan: a row of the `runs` table.
public struct RunRecord: Sendable, Equatable {
    /// The run's id, unique in the database.
    public var id: String
    /// The workflow's name.
    public var workflow: String
    /// The plan file the run executes.
    public var planPath: String
    /// The plan's digest in lowercase hex, so resume can refuse a plan that changed.
    public var planDigest: String
    /// The bound inputs, as the VM serialised them.
    public var inputsJSON: String
    /// The trigger that started the run, as the VM serialised it.
    public var triggerJSON: String
    /// Where the run stands.
    public var status: RunStatus
    /// When the run started, in milliseconds since the Unix epoch.
    public var startedAt: Int64
    /// When the run ended, in milliseconds since the Unix epoch; nil while running.
    public var endedAt: Int64?
    /// Why the run failed or stopped.
    public var error: String?
    /// The run's outputs, once computed.
    public var outputsJSON: String?
    /// The process that runs (or last ran) it.
    public var ownerPID: Int64
    /// The host of that process, since a PID means nothing on another machine.
    public var ownerHost: String
    /// What the run's agent attempts cost so far, in US dollars.
    public var costUSD: Double
    /// Input tokens of the run's agent attempts so far.
    public var inputTokens: Int64
    /// Output tokens of the run's agent attempts so far.
    public var outputTokens: Int64

    /// Creates a run record; a new run is `running`, with no usage yet.
    public init(id: String, workflow: String, planPath: String, planDigest: String,
                inputsJSON: String, triggerJSON: String, status: RunStatus = .running,
                startedAt: Int64, endedAt: Int64? = nil, error: String? = nil,
                outputsJSON: String? = nil, ownerPID: Int64, ownerHost: String,
                costUSD: Double = 0, inputTokens: Int64 = 0, outputTokens: Int64 = 0) {
        self.id = id
        self.workflow = workflow
        self.planPath = planPath
        self.planDigest = planDigest
        self.inputsJSON = inputsJSON
        self.triggerJSON = triggerJSON
        self.status = status
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.error = error
        self.outputsJSON = outputsJSON
        self.ownerPID = ownerPID
        self.ownerHost = ownerHost
        self.costUSD = costUSD
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}
