import Plan
#if canImport(Glibc)
import Glibc
#endif

/// Runs a verified plan (docs/vm.md §6): block 0's step opcodes, with the expression
/// opcodes on ``ExpressionMachine``, then block 1 for the outputs. Every committed step is
/// durable before the next instruction runs; a resumed run skips the steps it committed.
public struct Machine {
    let plan: VerifiedPlan
    let tables: RunTables
    let setup: RunSetup
    let expressions: ExpressionMachine
    let redactor: Redactor
    let runID: String
    var context = RunContext()
    var events: EventLog
    var stack: ValueStack
    /// The step being run.
    var current: StepState?
    /// The `foreach` loops being run, innermost last.
    var loops: [LoopFrame] = []
    /// Steps a resumed run committed before, by index.
    var committed: [Int: StepRecord] = [:]
    /// What a dry run rendered.
    var rendered: [Value] = []
    /// Variables of the frontmatter's `env`, and of the running step's (`env.set`).
    var workflowEnv: [Value.Field] = []
    var stepEnv: [Value.Field] = []
    /// When the workflow's `timeout` runs out (counted from this process's start of the
    /// run, so a resumed run gets the whole time again).
    var deadline: ContinuousClock.Instant?
    /// Agents this run failed over from: checked for health before a later step uses them.
    var failedOver: Set<Int> = []
    /// The last attempt, recorded once its outcome is final.
    var pending: PendingAttempt?
    /// The run's tool servers, bindings and rate limits.
    let toolRuntime: ToolRuntime

    /// Prepares a run: a new run id, or the resumed run's.
    public init(_ setup: RunSetup) throws(RunSetupError) {
        plan = setup.plan
        self.setup = setup
        tables = RunTables(setup.plan)
        expressions = ExpressionMachine(setup.plan)
        let secretValues = tables.secrets.map { setup.environment[$0] ?? "" }
        // The secrets the tools read (their `secrets` and `auth.secret`) are hidden too,
        // whether or not the workflow declares them.
        toolRuntime = ToolRuntime(tables: tables)
        let toolSecrets = toolRuntime.secretNames.subtracting(tables.secrets)
        redactor = Redactor(secretValues + toolSecrets.sorted().compactMap { setup.environment[$0] })
        let workflow = plan.string(plan.workflowName)
        runID = setup.resume?.id ?? (setup.dryRun ? "" : Self.newRunID(workflow))
        var sequence: Int64 = 0
        if let resume = setup.resume, let store = setup.store {
            do throws(StateError) {
                sequence = try store.lastEventSequence(run: resume.id)
                // A failed step runs again; succeeded and skipped ones are done.
                for step in try store.steps(run: resume.id) where step.status != .failed { committed[step.index] = step }
            } catch {
                throw RunSetupError(error.description)
            }
        }
        // A dry run records nothing: its events go to the stream alone.
        events = EventLog(runID: runID, sequence: sequence, fd: setup.eventsFD, store: setup.dryRun ? nil : setup.store,
                          redactor: redactor, progress: setup.progress, view: setup.view)
        stack = ValueStack(capacity: plan.maxStack(block: 0))
        context.inputs = setup.inputs
        context.secrets = zip(tables.secrets, secretValues).map { Value.Field($0, setup.environment[$0] == nil ? .null : .string($1)) }
        context.steps = Array(repeating: nil, count: plan.stepCount)
        let started = setup.resume?.startedAt ?? WallClock.now()
        context.run = .object([Value.Field("id", .string(runID)), Value.Field("started_at", .string(WallClock.iso(started)))])
    }

    /// `<workflow>-<YYYYmmdd-HHMMSS>-<8 hex>`.
    static func newRunID(_ workflow: String) -> String {
        var random = SystemRandomNumberGenerator()
        let hex = String(UInt32.random(in: 0...UInt32.max, using: &random), radix: 16)
        let name = Files.component(workflow.isEmpty ? "run" : workflow)
        return "\(name)-\(WallClock.compact(WallClock.now()))-\(String(repeating: "0", count: 8 - hex.count))\(hex)"
    }

    /// Runs the plan to its end, a failure, or an interruption (the calling task cancelled).
    public mutating func run() async -> RunOutcome {
        defer { toolRuntime.closeAll() }
        do throws(RunStop) {
            try await start()
            try await runSteps()
            let result = try outputs()
            try finish(.succeeded, error: nil, result: result)
            return RunOutcome(runID: runID, status: .succeeded, result: result, message: nil, rendered: rendered)
        } catch {
            switch error {
            case .failed(let message):
                try? finish(.failed, error: message, result: nil)
                return RunOutcome(runID: runID, status: .failed, result: nil, message: message, rendered: rendered)
            case .interrupted:
                try? finish(.interrupted, error: "interrupted", result: nil)
                return RunOutcome(runID: runID, status: .interrupted, result: nil,
                                  message: setup.dryRun ? "interrupted" : "interrupted; continue with `aiwvm resume \(runID)`", rendered: rendered)
            case .state(let message):
                return RunOutcome(runID: runID, status: .failed, result: nil, message: "state database: \(message)", rendered: rendered)
            }
        }
    }

    mutating func start() async throws(RunStop) {
        guard !setup.dryRun else { return }
        if tables.runTimeoutMilliseconds > 0 {
            deadline = ContinuousClock.now + .milliseconds(Int64(tables.runTimeoutMilliseconds))
        }
        let workflow = plan.string(plan.workflowName)
        do throws(StateError) {
            if setup.resume != nil {
                try setup.store?.claimRun(id: runID, ownerPID: Int64(getpid()), ownerHost: Self.hostName())
            } else {
                try setup.store?.createRun(RunRecord(
                    id: runID, workflow: workflow, planPath: setup.planPath, planDigest: Self.hex(plan.digest),
                    inputsJSON: redactor.apply(JSONWriter.write(.object(setup.inputs))),
                    triggerJSON: JSONWriter.write(context.trigger), status: .running, startedAt: WallClock.now(),
                    ownerPID: Int64(getpid()), ownerHost: Self.hostName()))
            }
        } catch {
            throw RunStop.state(error.description)
        }
        if setup.resume != nil {
            try events.emit("run.resumed", [Value.Field("completed_steps", .integer(Int64(committed.count)))])
            events.say("resuming run \(runID) (\(committed.count) of \(plan.stepCount) steps done)")
            events.view?.title("resuming run \(runID) (\(committed.count) of \(plan.stepCount) steps done)")
        } else {
            try events.emit("run.started", [Value.Field("workflow", .string(workflow)), Value.Field("plan_digest", .string(Self.hex(plan.digest)))])
            events.say("run \(runID): \(workflow), \(plan.stepCount) step\(plan.stepCount == 1 ? "" : "s")")
            events.view?.title("run \(runID): \(workflow), \(plan.stepCount) step\(plan.stepCount == 1 ? "" : "s")")
        }
    }

    /// Records the run's end: its status, error and outputs, and the execution log.
    mutating func finish(_ status: RunStatus, error: String?, result: Value?) throws(RunStop) {
        guard !setup.dryRun else { return }
        try flushAttempt()
        var fields = [Value.Field("status", .string(status.rawValue))]
        if let error { fields.append(Value.Field("error", .string(error))) }
        let endedAt = WallClock.now()
        let redactedError = error.map { redactor.apply($0) }
        let outputsJSON = result.map { redactor.apply(JSONWriter.write($0)) }
        try events.emit("run.finished", fields) { [runID] s, event throws(StateError) in
            try s.finishRun(id: runID, status: status, endedAt: endedAt, error: redactedError, outputsJSON: outputsJSON, event: event)
        }
        if let store = setup.store { ExecutionLog.write(run: runID, store: store, stateFolder: setup.stateFolder, redactor: redactor) }
        events.say(status == .succeeded ? "run \(runID) succeeded" : "run \(runID) \(status.rawValue)\(error.map { ": \($0)" } ?? "")")
    }

    /// Block 1, or the last step's output when the workflow declares no outputs.
    func outputs() throws(RunStop) -> Value {
        guard tables.declaresOutputs else {
            for record in context.steps.reversed() {
                if let record, record[field: "status"] != .string("skipped") { return record[field: "output"] ?? .null }
            }
            return .null
        }
        do throws(ExpressionError) {
            return .object(try expressions.outputs(context))
        } catch {
            throw RunStop.failed("the workflow's outputs: \(error.message)")
        }
    }

    /// Bytes in lowercase hex: how runs record their plan's digest, and how `resume` compares it.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes { out += [digits[Int(b >> 4)], digits[Int(b & 15)]] }
        return String(decoding: out, as: UTF8.self)
    }

    /// This machine's name, as runs record their owner.
    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Why a run could not be prepared (the state database could not be read).
public struct RunSetupError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    init(_ message: String) { description = message }
}

/// The step being run: its agent, attempts, and the failure of its last attempt.
struct StepState {
    let index: Int
    /// The `step.begin` instruction, whose position is the step's heading.
    let beginPC: Int
    /// Where the code goes after the step (`step.begin`'s target).
    let endPC: Int
    let startedAt: Int64
    /// The agent in use (agent steps).
    var agent: Int?
    /// Agents the step has used, in order.
    var used: [Int] = []
    /// Attempts with the current agent.
    var attempt = 0
    /// Attempts in all.
    var attempts = 0
    var switches = 0
    /// Why the last attempt failed; nil when it succeeded.
    var failure: AttemptFailure?
    /// The schema problems of the last answer, fed back to the agent on retry.
    var feedback: [String] = []
    /// Set by `circuit.check`: the agent's circuit is open, so the next attempt fails unrun.
    var circuitOpen = false
    var cost: Double = 0
}

/// One `foreach` being run.
struct LoopFrame {
    let step: Int
    let items: [Value]
    var position = -1
    var collected: [Value] = []
    /// The enclosing loop's element, restored at the end.
    let outer: (value: Value, index: Int)?
}
