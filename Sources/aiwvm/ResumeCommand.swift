import ArgumentParser
import Plan
import VM
#if canImport(Glibc)
import Glibc
#endif

/// `aiwvm resume RUN_ID`: continues an interrupted or failed run from its first step that
/// did not succeed, with the same inputs and the same plan (docs/cli.md).
struct Resume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Continue an interrupted or failed run from its first incomplete step.",
        discussion: "The plan must be the one the run started with (same SHA-256). Exit statuses as for exec."
    )

    @Argument(help: "The run's id (see `aiwvm runs list`).")
    var runID: String

    @Option(name: .long, help: ArgumentHelp("The plan, when it has moved since the run started.", valueName: "PLAN"))
    var plan: String?

    @OptionGroup var options: RunOptions

    mutating func run() async throws {
        let environment = RunDriver.environment()
        let database = RunDriver.databasePath(options.state, environment: environment)
        let store = try RunDriver.openStore(database)
        var found: RunRecord?
        do throws(StateError) {
            found = try store.run(id: runID)
        } catch {
            VMFiles.error("aiwvm: error: \(error)")
            throw ExitCode(2)
        }
        guard let record = found else {
            VMFiles.error("aiwvm: error: no run '\(runID)' in \(database)")
            throw ExitCode(2)
        }
        switch record.status {
        case .succeeded:
            VMFiles.error("aiwvm: error: run '\(runID)' has already succeeded; there is nothing to resume")
            throw ExitCode(2)
        case .running:
            if record.ownerHost == Machine.hostName(), record.ownerPID != Int64(getpid()), kill(pid_t(clamping: record.ownerPID), 0) == 0 {
                VMFiles.error("aiwvm: error: run '\(runID)' is still running (process \(record.ownerPID))")
                throw ExitCode(2)
            }
        default: break
        }
        let path = plan ?? record.planPath
        let verified = try RunDriver.loadPlan(path)
        let digest = Machine.hex(verified.digest)
        guard digest == record.planDigest else {
            VMFiles.error("\(path): plan refused: run '\(runID)' started with plan \(record.planDigest.prefix(16))…, this plan is \(digest.prefix(16))…; a run resumes only with the plan it started with")
            throw ExitCode(3)
        }
        var inputs: [Value.Field] = []
        if case .object(let fields)? = try? JSONReader.read(record.inputsJSON) { inputs = fields }
        let eventsFD = try Exec.openEvents(options.events)
        let setup = RunSetup(plan: verified, planPath: Files.absolute(path), inputs: inputs, environment: environment,
                             stateFolder: Files.parent(database), store: store, eventsFD: eventsFD, progress: !options.quiet, resume: record)
        let (outcome, signal) = try await RunDriver.run(setup)
        if let eventsFD, eventsFD > 2 { close(eventsFD) }
        let code = RunDriver.finish(outcome, signal: signal, json: options.json, declaresOutputs: verified.instructionCount(block: 1) > 1)
        if code != 0 { throw ExitCode(code) }
    }
}
