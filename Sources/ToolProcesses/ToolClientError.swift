/// Why talking to a tool failed: each case is a kind of failure the VM records for an
/// attempt and `aiwc tools sync` reports, with a message that says what happened.
public enum ToolClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The program could not be found or started.
    case cannotStart(String)
    /// The server ended, or closed its output, before it answered.
    case ended(String)
    /// The server wrote something that is not a JSON-RPC message, or answered with a
    /// protocol error.
    case protocolError(String)
    /// No answer within the time limit.
    case timeout(String)
    /// The server answered the request with a JSON-RPC error (an unknown tool, invalid
    /// parameters): the server itself is fine.
    case serverError(String)
    /// The answer was too large.
    case tooLarge(String)

    /// The message alone.
    public var message: String {
        switch self {
        case .cannotStart(let m), .ended(let m), .protocolError(let m), .timeout(let m), .tooLarge(let m), .serverError(let m): m
        }
    }

    public var description: String { message }
}

extension ToolClientError {
    /// A time limit for a message: `30 s`, or `1500 ms` when not whole seconds.
    public static func seconds(_ milliseconds: UInt64) -> String {
        milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }
}
