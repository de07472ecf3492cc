import Foundation
import MCP
import ToolProcesses

/// One MCP server over standard I/O, started once and asked many times: `initialize` on
/// start, `tools/list` for `aiwc tools sync`, `tools/call` for the VM's tool steps.
///
/// The protocol is the MCP Swift SDK's `Client`; the transport is ``PipeTransport``. Every
/// request races the server's end and a time limit, so a server that dies, hangs or writes
/// garbage fails the request with a ``ToolClientError`` instead of leaving it waiting.
public final class MCPSession: @unchecked Sendable {
    /// An operation the server offers, with its schemas as JSON text (keys sorted).
    public struct Operation: Sendable, Equatable {
        /// Its name.
        public var name: String
        /// What it does ("" when the server says nothing).
        public var description: String
        /// The JSON Schema of its arguments.
        public var inputSchema: String
        /// The JSON Schema of its `structuredContent`, when the server declares one.
        public var outputSchema: String?
    }

    /// What a `tools/call` returned.
    public typealias CallResult = MCPCallResult

    private let process: ServerProcess
    private let client: Client
    private let end = EndSignal()
    /// The command, for messages.
    public let command: [String]

    private init(process: ServerProcess, command: [String]) {
        self.process = process
        self.command = command
        client = Client(name: "aiworkflow", version: "0.1.0")
    }

    deinit { process.terminate() }

    /// Starts a server and completes the MCP handshake.
    /// - Parameters:
    ///   - command: The program and its arguments.
    ///   - environment: The server's whole environment.
    ///   - timeoutMilliseconds: How long start-up and `initialize` may take together.
    /// - Returns: A session ready for requests.
    ///   - ownProcessGroup: Whether the server gets a process group of its own (the
    ///     default; the VM's bridge keeps it in its own group).
    public static func start(command: [String], environment: [String: String], timeoutMilliseconds: UInt64,
                             ownProcessGroup: Bool = true) async throws(ToolClientError) -> MCPSession {
        let process = try ServerProcess(arguments: command, environment: environment, ownProcessGroup: ownProcessGroup)
        let session = MCPSession(process: process, command: command)
        let end = session.end
        let transport = PipeTransport(input: process.input, output: process.output) { end.fire($0) }
        do {
            _ = try await session.race(timeoutMilliseconds, what: "the MCP handshake") {
                try await session.client.connect(transport: transport)
            }
        } catch {
            session.close()
            throw session.explain(error)
        }
        return session
    }

    /// Every operation the server lists (`tools/list`, all pages), sorted by name.
    public func operations(timeoutMilliseconds: UInt64) async throws(ToolClientError) -> [Operation] {
        var found: [Operation] = []
        var cursor: String?
        var seen: Set<String> = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        repeat {
            let page: (tools: [Tool], nextCursor: String?)
            do {
                let c = cursor
                page = try await race(timeoutMilliseconds, what: "tools/list") { try await self.client.listTools(cursor: c) }
            } catch {
                throw explain(error)
            }
            for tool in page.tools {
                let input = (try? encoder.encode(tool.inputSchema)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                let output = tool.outputSchema.flatMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
                found.append(Operation(name: tool.name, description: tool.description ?? "", inputSchema: input, outputSchema: output))
            }
            cursor = page.nextCursor
            if found.count > 10_000 { throw .tooLarge("the server lists more than 10,000 tools") }
            // A server that keeps sending pages (empty ones, or the same cursor) must not
            // keep the sync waiting.
            if let c = cursor, !seen.insert(c).inserted || seen.count > 1_000 {
                throw .protocolError("the server's tools/list never ends (cursor \(c.prefix(60)) repeated, or more than 1,000 pages)")
            }
        } while cursor != nil
        return found.sorted { $0.name < $1.name }
    }

    /// Calls one operation.
    /// - Parameters:
    ///   - name: The operation.
    ///   - arguments: A JSON object, as text.
    ///   - timeoutMilliseconds: The longest the call may take.
    /// - Returns: The result; `isError` results are returned, not thrown.
    public func call(_ name: String, arguments: String, timeoutMilliseconds: UInt64) async throws(ToolClientError) -> CallResult {
        let values: [String: Value]
        do {
            values = try JSONDecoder().decode([String: Value].self, from: Data(arguments.utf8))
        } catch {
            throw .protocolError("the arguments are not a JSON object")
        }
        let result: CallTool.Result
        do {
            let context: RequestContext<CallTool.Result> = try await client.callTool(name: name, arguments: values)
            result = try await race(timeoutMilliseconds, what: "the call of '\(name)'") { try await context.value }
        } catch {
            throw explain(error)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let structured = result.structuredContent.flatMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        var parts: [String] = []
        for item in result.content {
            if case .text(let text, _, _) = item { parts.append(text) }
        }
        return CallResult(structured: structured, text: parts.joined(separator: "\n"), isError: result.isError ?? false)
    }

    /// Ends the server: closes its input, then SIGTERM, then SIGKILL to its process group.
    public func close() {
        let client = self.client
        Task { await client.disconnect() }
        process.terminate()
    }

    /// Whether the server has ended (a session whose server has ended is not reused).
    public var hasEnded: Bool { process.hasEnded }

    /// Why the server ended, for a message: its exit status and the last line of its
    /// standard error (nil while it runs).
    public var endedBecause: String? {
        guard let status = process.exitStatus() else { return nil }
        let tail = process.lastErrorLine
        return "the MCP server ended by itself with status \(status)\(tail.isEmpty ? "" : ": \(tail)")"
    }

    /// The last lines the server wrote to standard error.
    public var standardError: String { process.standardError }

    /// Runs `body` against the server's end and a time limit, whichever comes first. The
    /// losers are cancelled and not awaited: a request the SDK keeps waiting on must not
    /// hold the caller.
    private func race<T: Sendable>(_ milliseconds: UInt64, what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let gate = RaceGate<T>()
        let end = self.end
        // The caller's cancellation (Ctrl-C in aiwvm) ends the wait at once.
        return try await withTaskCancellationHandler {
            try await raceBody(gate, end, milliseconds, what, body)
        } onCancel: {
            gate.finish(.failure(ToolClientError.ended("the request was cancelled")))
        }
    }

    private func raceBody<T: Sendable>(_ gate: RaceGate<T>, _ end: EndSignal, _ milliseconds: UInt64, _ what: String,
                                       _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            gate.start(continuation)
            let work = Task {
                do { gate.finish(.success(try await body())) } catch { gate.finish(.failure(error)) }
            }
            let timer = Task {
                try? await Task.sleep(for: .milliseconds(Int64(clamping: milliseconds)))
                if !Task.isCancelled {
                    gate.finish(.failure(ToolClientError.timeout("\(what) took longer than \(ToolClientError.seconds(milliseconds))")))
                }
            }
            let token = end.observe { gate.finish(.failure($0)) }
            gate.onFinish {
                work.cancel()
                timer.cancel()
                end.forget(token)
            }
        }
    }

    /// A failure as a ``ToolClientError``, with the end of the server's standard error
    /// when it ended.
    private func explain(_ error: any Error) -> ToolClientError {
        var failure: ToolClientError
        if let e = error as? ToolClientError {
            failure = e
        } else if let e = error as? MCPError {
            switch e {
            case .connectionClosed, .transportError: failure = .ended("the connection to the server closed (\(e.localizedDescription))")
            default: failure = .serverError("the server answered with an error: \(e.localizedDescription)")
            }
        } else if error is CancellationError {
            failure = .ended("the request was cancelled")
        } else {
            failure = .protocolError("\(error)")
        }
        if case .ended(let m) = failure {
            let status = process.terminate(grace: 200)
            let tail = process.lastErrorLine
            failure = .ended("\(m); it exited with status \(status)\(tail.isEmpty ? "" : ": \(tail)")")
        }
        return failure
    }

}

/// Fires once with why a server's stream ended; observers before and after get the reason.
final class EndSignal: @unchecked Sendable {
    private let lock = Mutex()
    private var reason: ToolClientError?
    private var observers: [Int: @Sendable (ToolClientError) -> Void] = [:]
    private var next = 0

    func fire(_ why: ToolClientError) {
        lock.lock()
        guard reason == nil else { lock.unlock(); return }
        reason = why
        let all = observers.values
        observers = [:]
        lock.unlock()
        for f in all { f(why) }
    }

    /// Calls `f` with the reason when the stream ends (at once if it has).
    /// - Returns: A token for ``forget(_:)``.
    func observe(_ f: @escaping @Sendable (ToolClientError) -> Void) -> Int {
        lock.lock()
        if let reason {
            lock.unlock()
            f(reason)
            return -1
        }
        next += 1
        let token = next
        observers[token] = f
        lock.unlock()
        return token
    }

    func forget(_ token: Int) {
        lock.lock()
        observers[token] = nil
        lock.unlock()
    }
}

/// The first of several outcomes resumes the continuation; the rest are dropped.
final class RaceGate<T: Sendable>: @unchecked Sendable {
    private let lock = Mutex()
    private var continuation: CheckedContinuation<T, any Error>?
    private var outcome: Result<T, any Error>?
    private var cleanup: (@Sendable () -> Void)?
    private var done = false

    func start(_ c: CheckedContinuation<T, any Error>) {
        lock.lock()
        // Finished before it started (cancelled at once): resume with that outcome now.
        if done, let outcome {
            lock.unlock()
            c.resume(with: outcome)
            return
        }
        continuation = c
        lock.unlock()
    }

    func onFinish(_ f: @escaping @Sendable () -> Void) {
        lock.lock()
        if done {
            lock.unlock()
            f()
            return
        }
        cleanup = f
        lock.unlock()
    }

    func finish(_ result: Result<T, any Error>) {
        lock.lock()
        guard !done else { lock.unlock(); return }
        guard let c = continuation else {
            done = true
            outcome = result
            lock.unlock()
            return
        }
        done = true
        continuation = nil
        let f = cleanup
        cleanup = nil
        lock.unlock()
        c.resume(with: result)
        f?()
    }
}
