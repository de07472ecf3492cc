import Subprocess
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Runs one program as a child process (docs/vm.md §6): from an argument vector, never
/// through a shell; in a process group of its own, so a timeout or an interruption stops
/// everything it started; with only the environment it is given; and with its captured
/// output bounded.
public enum ChildProcess {
    /// What to run.
    public struct Request: Sendable {
        /// The program and its arguments; a program without `/` is looked up in the
        /// environment's `PATH`.
        public var arguments: [String]
        /// The whole environment the child sees.
        public var environment: [String: String]
        /// Bytes for its standard input; nil gives it an empty one.
        public var input: [UInt8]?
        /// The longest it may run, in milliseconds; 0 for no limit.
        public var timeoutMilliseconds: UInt64
        /// How many bytes of each of standard output and standard error are kept; the
        /// rest is read and dropped, so the child never blocks on a full pipe.
        public var outputCap: Int

        /// Creates a request.
        public init(arguments: [String], environment: [String: String], input: [UInt8]? = nil,
                    timeoutMilliseconds: UInt64 = 0, outputCap: Int = ChildProcess.defaultOutputCap) {
            self.arguments = arguments
            self.environment = environment
            self.input = input
            self.timeoutMilliseconds = timeoutMilliseconds
            self.outputCap = outputCap
        }
    }

    /// How a run went.
    public struct Outcome: Sendable {
        /// How the process ended (after a timeout: killed by SIGKILL).
        public var end: ProcessEnd
        /// Whether it ran past its time limit and was killed.
        public var timedOut: Bool
        /// Standard output, up to the cap.
        public var stdout: [UInt8]
        /// Standard error, up to the cap.
        public var stderr: [UInt8]
        /// Bytes of standard output past the cap, dropped (0 when none).
        public var stdoutDropped: Int
        /// Bytes of standard error past the cap, dropped.
        public var stderrDropped: Int
        /// How long it ran, in milliseconds.
        public var milliseconds: Int64
    }

    /// A child that exits without reading all of its standard input (an agent that fails
    /// at once, a command that ignores it) closes the pipe the prompt is being written to.
    /// The write must then fail with EPIPE, which the run handles, and not raise SIGPIPE,
    /// whose default action would end aiwvm itself. Set once, for the whole process, before
    /// the first child starts.
    static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// The documented cap on captured output per stream: 8 MiB.
    public static let defaultOutputCap = 8 << 20

    /// Runs a request. A program that cannot be started is an `unavailable` failure; how the
    /// program itself ended is in the outcome. When the calling task is cancelled (the run
    /// was interrupted), the child's process group is killed before this returns.
    public static func run(_ request: Request) async -> Result<Outcome, AttemptFailure> {
        _ = ignoreBrokenPipes
        guard let program = request.arguments.first, !program.isEmpty else {
            return .failure(AttemptFailure(.unavailable, "the command is empty"))
        }
        guard !program.utf8.contains(0), !request.arguments.contains(where: { $0.utf8.contains(0) }) else {
            return .failure(AttemptFailure(.unavailable, "an argument contains a NUL byte"))
        }
        let executable: Executable = program.contains("/") ? .path(.init(program)) : .name(program)
        var environment: [Environment.Key: String] = [:]
        for (k, v) in request.environment {
            if let key = Environment.Key(rawValue: k) { environment[key] = v }
        }
        var options = PlatformOptions()
        // A group of its own: the pid becomes the group id, and killing the group stops
        // whatever the child started too.
        options.processGroupID = 0
        let clock = ContinuousClock()
        let started = clock.now
        let timedOut = Flag()
        do {
            let result = try await Subprocess.run(
                executable, arguments: Subprocess.Arguments(Array(request.arguments.dropFirst())),
                environment: .custom(environment), platformOptions: options,
                input: .inputWriter, output: .sequence, error: .sequence
            ) { execution in
                let pid = execution.processIdentifier.value
                return try await withTaskCancellationHandler {
                    try await withThrowingTaskGroup(of: Captured?.self) { group in
                        group.addTask { try await Captured.read(execution.standardOutput, cap: request.outputCap, isStandardOutput: true) }
                        group.addTask { try await Captured.read(execution.standardError, cap: request.outputCap, isStandardOutput: false) }
                        group.addTask {
                            // A child that does not read its input must not fail the run.
                            if let input = request.input, !input.isEmpty {
                                _ = try? await execution.standardInputWriter.write(input)
                            }
                            try? await execution.standardInputWriter.finish()
                            return nil
                        }
                        if request.timeoutMilliseconds > 0 {
                            group.addTask {
                                try await Task.sleep(for: .milliseconds(Int64(clamping: request.timeoutMilliseconds)))
                                timedOut.set()
                                _ = kill(-pid, SIGKILL)
                                return nil
                            }
                        }
                        var streams: [Captured] = []
                        var finished = 0
                        // Two readers and the writer end on their own; the timer is then cancelled.
                        while finished < 3, let next = try await group.next() {
                            finished += 1
                            if let next { streams.append(next) }
                        }
                        group.cancelAll()
                        return streams
                    }
                } onCancel: {
                    _ = kill(-pid, SIGKILL)
                }
            }
            let streams = result.closureResult
            // The readers finish in any order; each knows which stream it read.
            let out = streams.first { $0.isStandardOutput } ?? Captured(isStandardOutput: true)
            let err = streams.first { !$0.isStandardOutput } ?? Captured(isStandardOutput: false)
            let end: ProcessEnd = switch result.terminationStatus {
            case .exited(let code): .exited(Int32(truncatingIfNeeded: code))
            case .signaled(let signal): .signalled(Int32(truncatingIfNeeded: signal))
            }
            let elapsed = clock.now - started
            return .success(Outcome(end: end, timedOut: timedOut.isSet, stdout: out.bytes, stderr: err.bytes,
                                    stdoutDropped: out.dropped, stderrDropped: err.dropped,
                                    milliseconds: elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
        } catch {
            return .failure(AttemptFailure(.unavailable, "cannot run '\(program)': \(Self.describe(error))"))
        }
    }

    static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("executableNotFound") || text.contains("not found") { return "no such program (PATH is searched for names without '/')" }
        return text
    }
}

/// One stream's captured bytes.
struct Captured: Sendable {
    var isStandardOutput: Bool
    var bytes: [UInt8] = []
    var dropped = 0

    static func read(_ sequence: SubprocessOutputSequence, cap: Int, isStandardOutput: Bool) async throws -> Captured {
        var captured = Captured(isStandardOutput: isStandardOutput)
        for try await buffer in sequence {
            buffer.withUnsafeBytes { raw in
                let room = max(0, cap - captured.bytes.count)
                captured.bytes.append(contentsOf: raw.prefix(room))
                captured.dropped += max(0, raw.count - room)
            }
        }
        return captured
    }
}

/// A flag set from one task and read by another.
final class Flag: Sendable {
    private let value = Mutex(false)

    func set() { value.withLock { $0 = true } }

    var isSet: Bool { value.withLock { $0 } }
}
