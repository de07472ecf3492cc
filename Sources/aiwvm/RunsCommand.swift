import ArgumentParser
import VM

/// `aiwvm runs list` and `aiwvm runs show RUN_ID`: what the state database holds.
struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List runs, or show one with its steps, attempts and failovers.",
        subcommands: [RunsList.self, RunsShow.self]
    )
}

/// Options both `runs` commands take.
struct StateOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The state database (default: $AIWVM_STATE, else .aiworkflow/state/aiwvm.db).", valueName: "DB"))
    var state: String?

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func open() throws -> StateStore {
        try RunDriver.openStore(RunDriver.databasePath(state, environment: RunDriver.environment()))
    }
}

/// `aiwvm runs list [--workflow ID] [--status S]`.
struct RunsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List runs, newest first.")

    @Option(name: .long, help: "Only runs of this workflow.")
    var workflow: String?

    @Option(name: .long, help: "Only runs with this status: running, succeeded, failed, interrupted.")
    var status: String?

    @Option(name: .long, help: "At most this many runs.")
    var limit = 50

    @OptionGroup var options: StateOptions

    mutating func run() throws {
        var wanted: RunStatus?
        if let status {
            guard let s = RunStatus(rawValue: status) else {
                VMFiles.error("aiwvm: error: --status must be one of running, succeeded, failed, interrupted, not '\(status)'")
                throw ExitCode(2)
            }
            wanted = s
        }
        let store = try options.open()
        let runs: [RunRecord]
        do throws(StateError) {
            runs = try store.runs(workflow: workflow, status: wanted, limit: max(1, limit))
        } catch {
            VMFiles.error("aiwvm: error: \(error)")
            throw ExitCode(2)
        }
        if options.json {
            print(JSONWriter.write(.array(runs.map(RunReport.value))))
            return
        }
        guard !runs.isEmpty else { return }
        var rows = [["RUN", "WORKFLOW", "STATUS", "STARTED", "TIME", "COST"]]
        for r in runs {
            rows.append([r.id, r.workflow, r.status.rawValue, WallClock.iso(r.startedAt),
                         r.endedAt.map { Machine.seconds($0 - r.startedAt) } ?? "-", r.costUSD > 0 ? "$\(r.costUSD)" : "-"])
        }
        RunReport.table(rows)
    }
}

/// `aiwvm runs show RUN_ID`.
struct RunsShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a run: steps, attempts, failovers, durations, cost.")

    @Argument(help: "The run's id.")
    var runID: String

    @OptionGroup var options: StateOptions

    mutating func run() throws {
        let store = try options.open()
        var found: (RunRecord, [StepRecord], [AttemptRecord], [FailoverRecord])?
        do throws(StateError) {
            if let run = try store.run(id: runID) {
                found = (run, try store.steps(run: runID), try store.attempts(run: runID), try store.failovers(run: runID))
            }
        } catch {
            VMFiles.error("aiwvm: error: \(error)")
            throw ExitCode(2)
        }
        guard let (run, steps, attempts, failovers) = found else {
            VMFiles.error("aiwvm: error: no run '\(runID)'")
            throw ExitCode(2)
        }
        if options.json {
            print(JSONWriter.write(RunReport.value(run, steps: steps, attempts: attempts, failovers: failovers)))
        } else {
            RunReport.print(run, steps: steps, attempts: attempts, failovers: failovers)
        }
    }
}
