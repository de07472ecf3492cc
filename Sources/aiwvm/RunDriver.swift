import ArgumentParser
import Dispatch
import Plan
import Synchronization
import VM
#if canImport(Glibc)
import Glibc
#endif

/// What `exec` and `resume` share: where the state lives, running a machine with SIGINT and
/// SIGTERM turned into an orderly stop, and printing the result.
enum RunDriver {
    /// The state database: `--state`, else `AIWVM_STATE`, else `.aiworkflow/state/aiwvm.db`.
    static func databasePath(_ option: String?, environment: [String: String]) -> String {
        Files.absolute(option ?? environment["AIWVM_STATE"].flatMap { $0.isEmpty ? nil : $0 } ?? ".aiworkflow/state/aiwvm.db")
    }

    /// Opens the state database, or exits with status 2 after saying why.
    static func openStore(_ path: String) throws -> StateStore {
        do throws(StateError) {
            return try StateStore(path: path)
        } catch {
            VMFiles.error("aiwvm: error: \(error)")
            throw ExitCode(2)
        }
    }

    /// aiwvm's own environment.
    static func environment() -> [String: String] {
        var env: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") { env[String(text[..<eq])] = String(text[text.index(after: eq)...]) }
            p += 1
        }
        return env
    }

    /// Reads and verifies a plan: exit 2 when it cannot be read, 3 when it is refused.
    static func loadPlan(_ path: String) throws -> VerifiedPlan {
        guard let bytes = VMFiles.read(path) else { throw ExitCode(2) }
        do throws(PlanError) {
            return try PlanVerifier.verify(bytes)
        } catch {
            VMFiles.error("\(path): plan refused: \(error)")
            throw ExitCode(3)
        }
    }

    /// Runs the machine; SIGINT or SIGTERM cancels it (the running attempt's process group
    /// is killed, the run is marked interrupted), and a second signal ends aiwvm at once.
    static func run(_ setup: RunSetup) async throws -> (RunOutcome, Int32?) {
        var setup = setup
        if setup.progress, ProgressView.wanted() { setup.view = ProgressView() }
        var machine: Machine
        do throws(RunSetupError) {
            machine = try Machine(setup)
        } catch {
            VMFiles.error("aiwvm: error: \(error)")
            throw ExitCode(2)
        }
        let task = Task { [machine] in
            var m = machine
            return await m.run()
        }
        let received = Mutex<Int32?>(nil)
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                let first = received.withLock { value -> Bool in
                    defer { if value == nil { value = sig } }
                    return value == nil
                }
                if first {
                    VMFiles.error("aiwvm: \(sig == SIGINT ? "interrupt" : "terminate") received: stopping the run (again to quit at once)")
                    task.cancel()
                } else {
                    _exit(128 + sig)
                }
            }
            source.resume()
            sources.append(source)
        }
        // The live view's times move on even while a step waits.
        let ticker = setup.view.map { view in
            Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(250))
                    view.render()
                }
            }
        }
        let outcome = await task.value
        ticker?.cancel()
        setup.view?.finish()
        for source in sources { source.cancel() }
        return (outcome, received.withLock { $0 })
    }

    /// Prints the result on standard output and gives the exit status (docs/cli.md): 0
    /// success, 1 the run failed, 130 or 143 interrupted.
    static func finish(_ outcome: RunOutcome, signal: Int32?, json: Bool, declaresOutputs: Bool) -> Int32 {
        switch outcome.status {
        case .succeeded:
            let result = outcome.result ?? .null
            if json {
                print(JSONWriter.write(result))
            } else if declaresOutputs, case .object(let fields) = result {
                for f in fields { print("\(f.name): \(text(f.value))") }
            } else if result != .null {
                print(text(result))
            }
            return 0
        case .interrupted:
            VMFiles.error("aiwvm: \(outcome.message ?? "interrupted")")
            return 128 + (signal ?? SIGINT)
        default:
            VMFiles.error("aiwvm: error: \(outcome.message ?? "the run failed")")
            if !outcome.runID.isEmpty { VMFiles.error("aiwvm: run \(outcome.runID) failed; `aiwvm runs show \(outcome.runID)` has its attempts, `aiwvm resume \(outcome.runID)` runs it again from the failed step") }
            return 1
        }
    }

    /// A value as a line of text: a string as it is, anything else as compact JSON.
    static func text(_ v: Value) -> String {
        if case .string(let s) = v { return s }
        return JSONWriter.write(v)
    }
}
