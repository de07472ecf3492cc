#if canImport(Glibc)
import Glibc

private let systemWrite = Glibc.write
#elseif canImport(Musl)
import Musl

private let systemWrite = Musl.write
#elseif canImport(Darwin)
import Darwin

private let systemWrite = Darwin.write
#endif

/// The records the VM and its MCP bridge (`aiwvm-mcp`) exchange over the bridge's standard
/// input and output (docs/tools.md §6.3).
///
/// A record is one header line of four words — its kind, one more word, and the byte
/// lengths of two payload fields (-1 for a field that is absent) — then the fields' bytes.
/// Lengths rather than JSON, so that neither side parses what it only passes on (the call's
/// arguments, the server's answer) and no byte in a payload can break the framing.
///
/// | kind | word | field 1 | field 2 | direction |
/// | --- | --- | --- | --- | --- |
/// | `ready` | `0` | – | – | bridge: the server has started and the handshake is done |
/// | `call` | time limit in ms | operation | arguments (a JSON object) | VM |
/// | `result` | `1` when `isError`, else `0` | `structuredContent` (JSON), or absent | the text parts | bridge |
/// | `error` | the ``ToolClientError`` case | its message | – | bridge |
public struct BridgeRecord: Sendable, Equatable {
    /// `ready`, `call`, `result` or `error`.
    public var kind: String
    /// The second word of the header.
    public var word: String
    /// The first payload field.
    public var first: [UInt8]?
    /// The second payload field.
    public var second: [UInt8]?

    /// The largest field either side accepts (the VM's cap on a tool's answer is lower).
    public static let fieldLimit = 64 << 20

    /// A record.
    public init(kind: String, word: String = "0", first: [UInt8]? = nil, second: [UInt8]? = nil) {
        self.kind = kind
        self.word = word
        self.first = first
        self.second = second
    }

    /// The record's bytes.
    public var encoded: [UInt8] {
        let header = "\(kind) \(word) \(first.map { String($0.count) } ?? "-1") \(second.map { String($0.count) } ?? "-1")\n"
        return Array(header.utf8) + (first ?? []) + (second ?? [])
    }

    /// Writes the record to `fd` whole.
    /// - Returns: False when the other end is gone.
    public func write(to fd: Int32) -> Bool {
        let bytes = encoded
        var at = 0
        while at < bytes.count {
            let n = bytes[at...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            at += n
        }
        return true
    }

    /// An error record for a failure.
    public static func error(_ failure: ToolClientError) -> BridgeRecord {
        let word = switch failure {
        case .cannotStart: "cannotStart"
        case .ended: "ended"
        case .protocolError: "protocolError"
        case .timeout: "timeout"
        case .serverError: "serverError"
        case .tooLarge: "tooLarge"
        }
        return BridgeRecord(kind: "error", word: word, first: Array(failure.message.utf8))
    }

    /// The failure an error record carries (an unknown case is a protocol error).
    public var failure: ToolClientError {
        let message = String(decoding: first ?? [], as: UTF8.self)
        return switch word {
        case "cannotStart": .cannotStart(message)
        case "ended": .ended(message)
        case "timeout": .timeout(message)
        case "serverError": .serverError(message)
        case "tooLarge": .tooLarge(message)
        default: .protocolError(message)
        }
    }
}

/// Reads records from a file descriptor, blocking, with an optional deadline.
public struct BridgeReader {
    private let fd: Int32
    private var buffer: [UInt8] = []

    /// A reader of `fd` (which it does not close).
    public init(fd: Int32) { self.fd = fd }

    /// The next record, or nil at the end of input.
    /// - Parameter deadline: When to give up waiting (nil: never).
    /// - Throws: ``ToolClientError/timeout(_:)`` past the deadline,
    ///   ``ToolClientError/protocolError(_:)`` for a malformed record.
    public mutating func next(deadline: ContinuousClock.Instant? = nil) throws(ToolClientError) -> BridgeRecord? {
        var headerEnd: Int
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                headerEnd = newline
                break
            }
            guard buffer.count < 256 else { throw .protocolError("a bridge record's header is too long") }
            guard try fill(deadline) else {
                if buffer.isEmpty { return nil }
                throw .protocolError("the bridge's output ended inside a record")
            }
        }
        let words = buffer[..<headerEnd].split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
        guard words.count == 4, let a = Int(words[2]), let b = Int(words[3]),
              (-1...BridgeRecord.fieldLimit).contains(a), (-1...BridgeRecord.fieldLimit).contains(b) else {
            throw .protocolError("a bridge record's header is malformed")
        }
        let total = headerEnd + 1 + max(a, 0) + max(b, 0)
        while buffer.count < total {
            guard try fill(deadline) else { throw .protocolError("the bridge's output ended inside a record") }
        }
        var at = headerEnd + 1
        func field(_ length: Int) -> [UInt8]? {
            guard length >= 0 else { return nil }
            defer { at += length }
            return Array(buffer[at..<(at + length)])
        }
        let record = BridgeRecord(kind: words[0], word: words[1], first: field(a), second: field(b))
        buffer.removeFirst(total)
        return record
    }

    /// Reads what is there; false at the end of input.
    private mutating func fill(_ deadline: ContinuousClock.Instant?) throws(ToolClientError) -> Bool {
        if let deadline {
            while true {
                let left = ContinuousClock.now.duration(to: deadline).components
                // Seconds beyond a day are waited in steps of a day (no overflow).
                let ms = left.seconds > 86_400 ? 86_400_000 : max(0, left.seconds * 1000 + left.attoseconds / 1_000_000_000_000_000)
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                // A deadline already past still looks once at what is there.
                let r = poll(&p, 1, Int32(clamping: ms))
                if r > 0 { break }
                if r == 0 {
                    if ContinuousClock.now >= deadline { throw .timeout("no answer in time") }
                    continue
                }
                if errno != EINTR { throw .ended("cannot wait for the bridge: \(String(cString: strerror(errno)))") }
            }
        }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            buffer += chunk[..<n]
            return true
        }
    }
}
