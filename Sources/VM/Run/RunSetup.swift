import Plan

/// Everything a run needs from the command that starts it (`aiwvm exec` or `resume`).
public struct RunSetup: Sendable {
    /// The verified plan.
    public var plan: VerifiedPlan
    /// Where the plan file is, as given (recorded so `resume` can find it again).
    public var planPath: String
    /// The bound inputs (``InputBinding``).
    public var inputs: [Value.Field]
    /// aiwvm's own environment: where secrets are read from, and the few variables every
    /// child gets (`PATH`, `HOME`, …).
    public var environment: [String: String]
    /// The state folder: attempt folders and execution logs go under it.
    public var stateFolder: String
    /// The state database; nil for a dry run, which records nothing.
    public var store: StateStore?
    /// The `--events` descriptor, if any.
    public var eventsFD: Int32?
    /// Whether progress lines go to standard error.
    public var progress: Bool
    /// The live view that replaces progress lines on a terminal, if any.
    public var view: ProgressView?
    /// Render prompts, argument vectors and tool calls, and run nothing.
    public var dryRun: Bool
    /// The run to continue, for `resume`.
    public var resume: RunRecord?
    /// The cap on captured output per stream of a child process.
    public var outputCap: Int
    /// The time limit of an attempt whose step sets none, in milliseconds.
    public var defaultTimeoutMilliseconds: UInt64

    /// The limit of an attempt whose step gives none: 30 minutes.
    public static let defaultTimeout: UInt64 = 30 * 60 * 1000

    /// Creates a setup.
    public init(plan: VerifiedPlan, planPath: String, inputs: [Value.Field], environment: [String: String],
                stateFolder: String, store: StateStore?, eventsFD: Int32? = nil, progress: Bool = true,
                dryRun: Bool = false, resume: RunRecord? = nil, outputCap: Int = ChildProcess.defaultOutputCap,
                defaultTimeoutMilliseconds: UInt64 = RunSetup.defaultTimeout) {
        self.plan = plan
        self.planPath = planPath
        self.inputs = inputs
        self.environment = environment
        self.stateFolder = stateFolder
        self.store = store
        self.eventsFD = eventsFD
        self.progress = progress
        view = nil
        self.dryRun = dryRun
        self.resume = resume
        self.outputCap = outputCap
        self.defaultTimeoutMilliseconds = defaultTimeoutMilliseconds
    }
}

/// How a run ended.
public struct RunOutcome: Sendable {
    /// The run's id (empty for a dry run).
    public var runID: String
    /// succeeded, failed or interrupted.
    public var status: RunStatus
    /// The workflow's outputs as an object, or, when it declares none, the last step's
    /// output; nil when the run did not succeed.
    public var result: Value?
    /// Why it failed, pointing at the source (`mail.md:21:1: step 'classify' failed …`).
    public var message: String?
    /// What a dry run rendered, one entry per step.
    public var rendered: [Value]
}
