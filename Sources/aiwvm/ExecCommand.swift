import ArgumentParser
import Plan
import VM
#if canImport(Glibc)
import Glibc
#endif

/// The options `exec` and `resume` share: where the state is, and what is printed.
struct RunOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The state database (default: $AIWVM_STATE, else .aiworkflow/state/aiwvm.db).", valueName: "DB"))
    var state: String?

    @Option(name: .long, help: ArgumentHelp("Write the event stream (NDJSON) to FILE, or - for standard output.", valueName: "FILE|-"))
    var events: String?

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    @Flag(name: .long, help: "No progress lines on standard error.")
    var quiet = false
}

/// `aiwvm exec PLAN`: verifies a plan, checks the inputs, and runs it (docs/cli.md).
struct Exec: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a compiled plan.",
        discussion: """
        The result (the workflow's outputs, or the last step's output) goes to standard output, \
        progress to standard error. Exit status: 0 success, 1 the run failed, 2 bad command line \
        or inputs, 3 plan refused, 130/143 interrupted (continue with `aiwvm resume RUN_ID`).
        """
    )

    @Argument(help: "The plan file (from `aiwc compile`).")
    var plan: String

    @Option(name: .customLong("input"), help: ArgumentHelp("An input, read as its declared type (repeatable).", valueName: "NAME=VALUE"))
    var inputPairs: [String] = []

    @Option(name: .customLong("inputs"), help: ArgumentHelp("A JSON object of inputs; --input wins over it.", valueName: "FILE.json"))
    var inputsFile: String?

    @Flag(name: .long, help: "Render every prompt, argument vector and tool call with the inputs, and run nothing.")
    var dryRun = false

    @OptionGroup var options: RunOptions

    mutating func run() async throws {
        try await ExecRequest(plan: plan, inputPairs: inputPairs, inputsFile: inputsFile, dryRun: dryRun,
                              state: options.state, events: options.events, json: options.json, quiet: options.quiet).run()
    }

    /// The `--events` destination: standard output for `-`, else a file appended to.
    static func openEvents(_ path: String?) throws -> Int32? {
        guard let path else { return nil }
        if path == "-" { return 1 }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            VMFiles.error("aiwvm: error: cannot open \(path) for events: \(String(cString: strerror(errno)))")
            throw ExitCode(2)
        }
        return fd
    }

    /// A dry run's steps: as JSON lines with `--json`, else a readable listing.
    static func printRendered(_ rendered: [Value], json: Bool) {
        if json {
            print(JSONWriter.write(.array(rendered)))
            return
        }
        for entry in rendered {
            let step = RunDriver.text(entry[field: "step"] ?? .null)
            let iteration = entry[field: "iteration"].map { " [item \(RunDriver.text($0))]" } ?? ""
            if let error = entry[field: "error"] {
                print("== \(step)\(iteration): cannot be rendered before the run: \(RunDriver.text(error))\n")
                continue
            }
            let kind = RunDriver.text(entry[field: "kind"] ?? .null)
            switch kind {
            case "agent":
                print("== \(step)\(iteration): agent \(RunDriver.text(entry[field: "agent"] ?? .null))")
                print("argv: \(JSONWriter.write(entry[field: "argv"] ?? .null))")
                print("prompt:")
                print(RunDriver.text(entry[field: "prompt"] ?? .null).split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
            case "command":
                print("== \(step)\(iteration): command")
                print("argv: \(JSONWriter.write(entry[field: "argv"] ?? .null))")
            default:
                print("== \(step)\(iteration): tool \(RunDriver.text(entry[field: "tool"] ?? .null))")
                print("with: \(JSONWriter.write(entry[field: "with"] ?? .null))")
            }
            print("")
        }
    }
}

/// What one `aiwvm exec` does, apart from how its command line was read: swift-argument-
/// parser (`Exec`) or the fast path for the common options (`ExecFastPath`).
struct ExecRequest: Equatable {
    /// The plan file.
    var plan: String
    /// `--input NAME=VALUE`, in order.
    var inputPairs: [String] = []
    /// `--inputs FILE.json`.
    var inputsFile: String?
    /// `--dry-run`.
    var dryRun = false
    /// `--state DB`.
    var state: String?
    /// `--events FILE|-`.
    var events: String?
    /// `--json`.
    var json = false
    /// `--quiet`.
    var quiet = false

    /// Verifies the plan, binds the inputs, runs it and prints the result; throws the exit
    /// status (`ExitCode`) when it is not 0.
    func run() async throws {
        let environment = RunDriver.environment()
        let verified = try RunDriver.loadPlan(plan)
        var object: Value?
        if let inputsFile {
            guard let bytes = VMFiles.read(inputsFile) else { throw ExitCode(2) }
            do throws(JSONError) {
                object = try JSONReader.read(bytes)
            } catch {
                VMFiles.error("\(inputsFile): not JSON: \(error)")
                throw ExitCode(2)
            }
        }
        let inputs: [Value.Field]
        do throws(InputError) {
            inputs = try InputBinding.bind(verified, pairs: inputPairs, object: object)
        } catch {
            for problem in error.problems { VMFiles.error("aiwvm: error: \(problem)") }
            throw ExitCode(2)
        }
        let database = RunDriver.databasePath(state, environment: environment)
        let store = dryRun ? nil : try RunDriver.openStore(database)
        let eventsFD = try Exec.openEvents(events)
        let setup = RunSetup(plan: verified, planPath: Files.absolute(plan), inputs: inputs, environment: environment,
                             stateFolder: Files.parent(database), store: store, eventsFD: eventsFD,
                             progress: !quiet && !dryRun, dryRun: dryRun)
        let (outcome, signal) = try await RunDriver.run(setup)
        if let eventsFD, eventsFD > 2 { close(eventsFD) }
        if dryRun {
            Exec.printRendered(outcome.rendered, json: json)
            throw ExitCode(outcome.status == .interrupted ? 128 + (signal ?? SIGINT) : 0)
        }
        let code = RunDriver.finish(outcome, signal: signal, json: json, declaresOutputs: verified.instructionCount(block: 1) > 1)
        if code != 0 { throw ExitCode(code) }
    }
}
