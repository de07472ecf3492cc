#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a `tools/call` returned.
public struct MCPCallResult: Sendable, Equatable {
    /// `structuredContent` as JSON text, when the server sent it.
    public var structured: String?
    /// The text parts of `content`, joined by line ends.
    public var text: String
    /// Whether the server marked the result as an error (`isError`).
    public var isError: Bool

    /// A result.
    public init(structured: String?, text: String, isError: Bool) {
        self.structured = structured
        self.text = text
        self.isError = isError
    }
}

/// The VM's side of one MCP server: the server is run by `aiwvm-mcp`, a bridge process that
/// speaks MCP to it through the MCP Swift SDK and ``BridgeRecord``s to the VM.
///
/// The bridge exists so that aiwvm does not link the SDK, which brings Foundation's
/// networking and libcurl (29 more shared libraries, loaded at every start of aiwvm, for
/// every plan, tools or not). It costs a process start when a run first calls an MCP tool,
/// and one more pipe hop a call (docs/performance.md).
///
/// Failures are the bridge's ``ToolClientError``s as the SDK side found them; a bridge that
/// dies, hangs past the call's limit (plus a grace) or answers garbage is a failure too,
/// and Ctrl-C (task cancellation) ends the bridge, which ends its server.
public final class MCPBridgeSession: @unchecked Sendable {
    private let process: ServerProcess
    private let lock = Mutex()
    private var reader: BridgeReader
    private var cancelled = false
    /// The server's command, for messages.
    public let command: [String]

    /// How long past a request's own limit the VM waits for the bridge to report it.
    static let grace: UInt64 = 3_000

    private init(process: ServerProcess, command: [String]) {
        self.process = process
        self.command = command
        reader = BridgeReader(fd: process.output)
    }

    deinit { process.terminate() }

    /// Starts the bridge, which starts the server and completes the MCP handshake.
    /// - Parameters:
    ///   - bridge: The path of `aiwvm-mcp`.
    ///   - command: The server's program and arguments.
    ///   - environment: The server's whole environment (the bridge runs with it too).
    ///   - timeoutMilliseconds: How long start-up and `initialize` may take together.
    public static func start(bridge: String, command: [String], environment: [String: String],
                             timeoutMilliseconds: UInt64) async throws(ToolClientError) -> MCPBridgeSession {
        // Writing to a bridge that has ended must fail the write, not end the caller.
        signal(SIGPIPE, SIG_IGN)
        let process: ServerProcess
        do throws(ToolClientError) {
            process = try ServerProcess(arguments: [bridge, "--timeout-ms", String(timeoutMilliseconds), "--"] + command, environment: environment)
        } catch {
            throw .cannotStart("the MCP bridge \(bridge) could not be run: \(error.message)")
        }
        let session = MCPBridgeSession(process: process, command: command)
        let answer = try await session.exchange(nil, limit: timeoutMilliseconds, what: "the MCP handshake")
        guard answer.kind == "ready" else {
            session.close()
            if answer.kind == "error" { throw answer.failure }
            throw .protocolError("the MCP bridge answered '\(answer.kind)' to its start")
        }
        return session
    }

    /// Calls one operation.
    /// - Parameters:
    ///   - name: The operation.
    ///   - arguments: A JSON object, as text.
    ///   - timeoutMilliseconds: The longest the call may take.
    /// - Returns: The result; `isError` results are returned, not thrown.
    public func call(_ name: String, arguments: String, timeoutMilliseconds: UInt64) async throws(ToolClientError) -> MCPCallResult {
        guard name.utf8.count + arguments.utf8.count <= BridgeRecord.fieldLimit else {
            throw .tooLarge("the arguments of '\(name)' are more than \(BridgeRecord.fieldLimit) bytes")
        }
        let request = BridgeRecord(kind: "call", word: String(timeoutMilliseconds), first: Array(name.utf8), second: Array(arguments.utf8))
        let answer = try await exchange(request, limit: timeoutMilliseconds, what: "the call of '\(name)'")
        switch answer.kind {
        case "result":
            return MCPCallResult(structured: answer.first.map { String(decoding: $0, as: UTF8.self) },
                                 text: String(decoding: answer.second ?? [], as: UTF8.self), isError: answer.word == "1")
        case "error": throw answer.failure
        default: throw .protocolError("the MCP bridge answered '\(answer.kind)' to a call")
        }
    }

    /// Ends the bridge and with it the server: closes the bridge's input, sends SIGTERM to
    /// its process group (which holds the server too), and SIGKILL 1.5 s later.
    public func close() {
        process.terminate(grace: 1_500)
    }

    /// Whether the bridge has ended (it ends when its server does; a session whose server
    /// has ended is not reused).
    public var hasEnded: Bool { process.hasEnded }

    /// Writes `request` (if any) and reads the answer on a thread of its own, one exchange
    /// at a time; cancellation ends the bridge, which ends the wait.
    private func exchange(_ request: BridgeRecord?, limit: UInt64, what: String) async throws(ToolClientError) -> BridgeRecord {
        let process = self.process
        let result: Result<BridgeRecord, ToolClientError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // A thread of its own: the wait may last the whole call, and must hold
                // neither the cooperative pool nor a global queue that signal handlers use.
                OwnThread.run {
                    continuation.resume(returning: self.blockingExchange(request, limit: limit, what: what))
                }
            }
        } onCancel: {
            lock.lock()
            cancelled = true
            lock.unlock()
            // The bridge and its server share a process group: both end, and the read ends.
            process.send(SIGTERM)
        }
        return try result.get()
    }

    private func blockingExchange(_ request: BridgeRecord?, limit: UInt64, what: String) -> Result<BridgeRecord, ToolClientError> {
        lock.lock()
        let wasCancelled = cancelled
        lock.unlock()
        if wasCancelled { return .failure(.ended("the request was cancelled")) }
        // One exchange at a time: steps running in parallel that call the same server
        // take turns, as they would on one MCP connection.
        exchanges.lock()
        defer { exchanges.unlock() }
        if let request, !request.write(to: process.input) {
            return .failure(ended("the MCP bridge stopped reading"))
        }
        // A limit of centuries is a limit of a year: the sum must not overflow.
        let wait = Int64(min(limit, 365 * 86_400_000)) + Int64(Self.grace)
        let deadline = ContinuousClock.now + .milliseconds(wait)
        do throws(ToolClientError) {
            guard let answer = try reader.next(deadline: deadline) else { return .failure(ended("the MCP bridge ended")) }
            return .success(answer)
        } catch {
            let failure = ended("the MCP bridge stopped")
            if case .ended("the request was cancelled") = failure { return .failure(failure) }
            if case .timeout = error {
                return .failure(.timeout("\(what) took longer than \(ToolClientError.seconds(limit)) and the MCP bridge did not report it"))
            }
            return .failure(error)
        }
    }

    private let exchanges = Mutex()

    /// Why the bridge is gone: cancelled, or ended with its status and last line of
    /// standard error.
    private func ended(_ what: String) -> ToolClientError {
        lock.lock()
        let wasCancelled = cancelled
        lock.unlock()
        if wasCancelled {
            process.terminate(grace: 200)
            return .ended("the request was cancelled")
        }
        let status = process.terminate(grace: 200)
        let tail = process.lastErrorLine
        return .ended("\(what) (exit status \(status))\(tail.isEmpty ? "" : ": \(tail)")")
    }

}

/// Runs work on a detached thread of its own.
enum OwnThread {
    private final class Work {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    static func run(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Work(body))
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<Work>.fromOpaque(raw).takeRetainedValue().body()
            return nil
        }, box.toOpaque())
        if started == 0 {
            pthread_detach(thread)
        } else {
            // No thread to be had: run it here rather than never.
            box.takeRetainedValue().body()
        }
    }
}
