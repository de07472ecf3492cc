import Foundation
import Logging
import MCP
import ToolProcesses

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An MCP transport over a child's standard input and output: one JSON-RPC message per line.
///
/// The SDK's own `StdioTransport` reads non-blocking and sleeps 10 ms whenever nothing is
/// there, which would add up to 10 ms to every call. This one reads on a thread of its own
/// that blocks in `read`, so an answer is handed on as soon as it arrives. It also ends the
/// session on a line that is not a JSON object or array (the SDK would drop it silently and
/// leave the request waiting) and on a line longer than ``maxLine``.
public actor PipeTransport: Transport {
    /// The SDK's logger (messages are not logged; failures reach the caller as errors).
    public nonisolated let logger = Logger(label: "aiworkflow.mcp", factory: { _ in SwiftLogNoOpLogHandler() })
    private let input: Int32
    private let reader: LineReader
    private let stream: AsyncThrowingStream<Data, Swift.Error>
    private var connected = false

    /// The longest message accepted: 64 MiB.
    public static let maxLine = 64 << 20

    /// Creates a transport on a server's pipes.
    /// - Parameters:
    ///   - input: Where messages are written (the server's standard input).
    ///   - output: Where answers are read (the server's standard output).
    ///   - ended: Called once, from the reading thread, with why the stream ended.
    public init(input: Int32, output: Int32, ended: @escaping @Sendable (ToolClientError) -> Void) {
        self.input = input
        let (stream, continuation) = AsyncThrowingStream<Data, Swift.Error>.makeStream()
        self.stream = stream
        reader = LineReader(fd: output, continuation: continuation, ended: ended)
    }

    /// Starts the reading thread.
    public func connect() async throws {
        guard !connected else { return }
        connected = true
        try reader.start()
    }

    /// Stops handing on messages (the reading thread ends when the server's output closes).
    public func disconnect() async {
        connected = false
    }

    /// Writes one message and its line end.
    public func send(_ data: Data) async throws {
        var bytes = [UInt8](data)
        bytes.append(10)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(input, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ToolClientError.ended("the server closed its input (\(String(cString: strerror(errno))))")
            }
            offset += n
        }
    }

    /// The messages read.
    public nonisolated func receive() -> AsyncThrowingStream<Data, Swift.Error> { stream }
}

/// Reads lines from a descriptor on a thread of its own.
final class LineReader: @unchecked Sendable {
    private let fd: Int32
    private let continuation: AsyncThrowingStream<Data, Swift.Error>.Continuation
    private let ended: @Sendable (ToolClientError) -> Void

    init(fd: Int32, continuation: AsyncThrowingStream<Data, Swift.Error>.Continuation, ended: @escaping @Sendable (ToolClientError) -> Void) {
        self.fd = fd
        self.continuation = continuation
        self.ended = ended
    }

    func start() throws {
        let thread = Thread { [self] in self.run() }
        thread.name = "mcp-reader"
        thread.start()
    }

    private func run() {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var reason = ToolClientError.ended("the server closed its output")
        reading: while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            var start = pending.count
            pending += buffer[0..<n]
            var lineStart = 0
            while let newline = pending[start...].firstIndex(of: 10) {
                let line = pending[lineStart..<newline]
                lineStart = newline + 1
                start = lineStart
                guard let first = line.first(where: { $0 != 32 && $0 != 9 && $0 != 13 }) else { continue }
                guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
                    let shown = String(decoding: line.prefix(200), as: UTF8.self)
                    reason = .protocolError("the server wrote a line that is not a JSON-RPC message: \(shown)")
                    break reading
                }
                continuation.yield(Data(line))
            }
            pending.removeFirst(lineStart)
            if pending.count > PipeTransport.maxLine {
                reason = .tooLarge("the server wrote a message longer than \(PipeTransport.maxLine >> 20) MiB")
                break
            }
        }
        ended(reason)
        // Finished with an error: the SDK's client loop leaves on an error, but spins on a
        // stream that simply ends.
        continuation.finish(throwing: reason)
    }
}
