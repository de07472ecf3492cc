import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The HTTP exchanges of `openai` agents and URL health checks (docs/vm.md §6 and §7),
/// made with AsyncHTTPClient.
///
/// Each exchange has a client of its own on the process-wide NIO event loops, shut down
/// before the exchange returns: an attempt is one long call, so a pool kept across
/// attempts would save nothing, and nothing is left open when `aiwvm` exits or a test
/// ends. The client is set not to retry a refused connection (AsyncHTTPClient's default
/// retries until the connect timeout, which would turn a server that is down into a slow
/// timeout rather than a quick `unavailable`).
public enum HTTPAgent {
    /// The longest a connection may take to open, within the exchange's own limit.
    static let connectTimeout = TimeAmount.seconds(10)

    /// Sends a request and reads the response, its body up to a cap.
    /// - Parameters:
    ///   - request: What to send.
    ///   - timeoutMilliseconds: The limit for the whole exchange, body included; 0 for none.
    ///   - bodyCap: How many bytes of the body are read; past them the exchange stops and
    ///     the response says so (``AgentHTTPResponse/passedCap``).
    ///   - followRedirects: Whether a redirect is followed (up to 5) rather than answered.
    /// - Returns: The response, whatever its status; or `timeout` when the limit passed,
    ///   `unavailable` when the server could not be reached or the URL is not valid. When the
    ///   calling task is cancelled, the request is cancelled and the result is `unavailable`.
    public static func send(_ request: AgentHTTPRequest, timeoutMilliseconds: UInt64, bodyCap: Int,
                            followRedirects: Bool = false) async -> Result<AgentHTTPResponse, AttemptFailure> {
        guard timeoutMilliseconds > 0 else {
            return await exchange(request, bodyCap: bodyCap, followRedirects: followRedirects)
        }
        let limit = Int64(clamping: timeoutMilliseconds)
        // AsyncHTTPClient's deadline stops at the response head, so a timer task races the
        // whole exchange instead; cancelling the exchange's task cancels its request,
        // whether it is waiting for the head or reading the body.
        let finish = await withTaskGroup(of: Finish.self) { group in
            group.addTask {
                .done(await exchange(request, bodyCap: bodyCap, followRedirects: followRedirects))
            }
            group.addTask {
                do {
                    try await Task.sleep(for: .milliseconds(limit))
                    return .timedOut
                } catch {
                    return .cancelled
                }
            }
            let first = await group.next() ?? .cancelled
            group.cancelAll()
            return first
        }
        switch finish {
        case .done(let result): return result
        case .timedOut: return .failure(timeoutFailure(request, limit))
        case .cancelled: return .failure(AttemptFailure(.unavailable, "\(request.method) \(request.url): cancelled"))
        }
    }

    /// A URL health check: `GET url` must answer with a 2xx status within the timeout
    /// (redirects followed).
    /// - Returns: nil when it did; else what went wrong, for people.
    public static func check(url: String, timeoutMilliseconds: UInt64) async -> String? {
        let request = AgentHTTPRequest(method: "GET", url: url)
        switch await send(request, timeoutMilliseconds: timeoutMilliseconds, bodyCap: 64 << 10, followRedirects: true) {
        case .failure(let f): return f.message
        case .success(let r): return r.succeeded ? nil : "GET \(url) answered HTTP \(r.status)"
        }
    }

    /// How the race between an exchange and its timer ended.
    private enum Finish: Sendable {
        case done(Result<AgentHTTPResponse, AttemptFailure>)
        case timedOut
        case cancelled
    }

    /// One exchange on a client of its own, errors read as failures.
    private static func exchange(_ request: AgentHTTPRequest, bodyCap: Int,
                                 followRedirects: Bool) async -> Result<AgentHTTPResponse, AttemptFailure> {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: followRedirects ? .follow(max: 5, allowCycles: false) : .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: connectTimeout))
        configuration.connectionPool.retryConnectionEstablishment = false
        do {
            return try await HTTPClient.withHTTPClient(configuration: configuration) { client in
                try await exchange(request, on: client, bodyCap: bodyCap)
            }
        } catch {
            return .failure(failure(error, request))
        }
    }

    private static func exchange(_ request: AgentHTTPRequest, on client: HTTPClient,
                                 bodyCap: Int) async throws -> Result<AgentHTTPResponse, AttemptFailure> {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(outgoing, deadline: .distantFuture)
        var headers: [String: String] = [:]
        for (name, value) in response.headers {
            let key = name.lowercased()
            headers[key] = headers[key].map { $0 + ", " + value } ?? value
        }
        var body: [UInt8] = []
        // Leaving the loop early drops the body's iterator, which cancels the request and
        // closes its connection: the rest of a huge body is never read.
        for try await chunk in response.body {
            let room = bodyCap - body.count
            guard chunk.readableBytes <= room else {
                body.append(contentsOf: chunk.readableBytesView.prefix(room))
                return .success(AgentHTTPResponse(status: Int(response.status.code), headers: headers, body: body, passedCap: bodyCap))
            }
            body.append(contentsOf: chunk.readableBytesView)
        }
        return .success(AgentHTTPResponse(status: Int(response.status.code), headers: headers, body: body))
    }

    private static func timeoutFailure(_ request: AgentHTTPRequest, _ milliseconds: Int64) -> AttemptFailure {
        AttemptFailure(.timeout, "\(request.method) \(request.url): no complete response within \(Machine.seconds(milliseconds))")
    }

    /// The failure for an error of the client or of the network.
    private static func failure(_ error: any Error, _ request: AgentHTTPRequest) -> AttemptFailure {
        let what = "\(request.method) \(request.url)"
        if let e = error as? HTTPClientError {
            switch e {
            case .deadlineExceeded, .readTimeout:
                return AttemptFailure(.timeout, "\(what): no response in time")
            case .connectTimeout, .tlsHandshakeTimeout:
                return AttemptFailure(.unavailable, "\(what): could not connect within \(Machine.seconds(connectTimeout.nanoseconds / 1_000_000))")
            case .cancelled:
                return AttemptFailure(.unavailable, "\(what): cancelled")
            case .remoteConnectionClosed:
                return AttemptFailure(.unavailable, "\(what): the server closed the connection before it answered in full")
            case .invalidURL, .emptyHost, .emptyScheme:
                return AttemptFailure(.unavailable, "\(what): not a valid http or https URL")
            default:
                return AttemptFailure(.unavailable, "\(what): \(e.description)")
            }
        }
        if error is CancellationError { return AttemptFailure(.unavailable, "\(what): cancelled") }
        if let e = error as? NIOConnectionError {
            if let first = e.connectionErrors.first { return AttemptFailure(.unavailable, "\(what): \(describe(first.error))") }
            return AttemptFailure(.unavailable, "\(what): cannot resolve the host name '\(e.host)'")
        }
        return AttemptFailure(.unavailable, "\(what): \(describe(error))")
    }

    /// An error of the network in words: the system's for an errno (`Connection refused`).
    private static func describe(_ error: any Error) -> String {
        if let e = error as? IOError, let text = strerror(e.errnoCode) { return String(cString: text) }
        return AgentOutput.capped(String(describing: error))
    }
}
