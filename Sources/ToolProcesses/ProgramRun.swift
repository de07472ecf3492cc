#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program to its end with nothing on standard input and returns what it printed:
/// an `exec` tool's `--describe`.
public enum ProgramRun {
    /// The most output read: 16 MiB.
    public static let outputCap = 16 << 20

    /// Runs a program and returns its standard output.
    /// - Throws: ``ToolClientError`` when it cannot start, runs past the time limit (its
    ///   process group is killed), prints more than ``outputCap`` bytes, or exits with a
    ///   status other than 0 (the message ends with its last line of standard error).
    public static func output(of arguments: [String], environment: [String: String], timeoutMilliseconds: UInt64) throws(ToolClientError) -> String {
        let child = try ServerProcess(arguments: arguments, environment: environment)
        child.closeInput()
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var clock = timespec()
        clock_gettime(CLOCK_MONOTONIC, &clock)
        let deadline = Int64(clock.tv_sec) * 1000 + Int64(clock.tv_nsec) / 1_000_000 + Int64(clamping: timeoutMilliseconds)
        let name = arguments.joined(separator: " ")
        while true {
            clock_gettime(CLOCK_MONOTONIC, &clock)
            let left = deadline - (Int64(clock.tv_sec) * 1000 + Int64(clock.tv_nsec) / 1_000_000)
            guard left > 0 else {
                child.terminate(grace: 0)
                throw .timeout("`\(name)` took longer than \(timeoutMilliseconds) ms; its process group was killed")
            }
            var poller = pollfd(fd: child.output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(left, 1000)))
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { read(child.output, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            bytes += buffer[0..<n]
            if bytes.count > outputCap {
                child.terminate(grace: 0)
                throw .tooLarge("`\(name)` printed more than \(outputCap >> 20) MiB")
            }
        }
        // Its output has ended; it must still end itself within the time limit.
        var status: Int32?
        while status == nil {
            if let s = child.exitStatus() { status = s; break }
            clock_gettime(CLOCK_MONOTONIC, &clock)
            guard Int64(clock.tv_sec) * 1000 + Int64(clock.tv_nsec) / 1_000_000 < deadline else {
                child.terminate(grace: 0)
                throw .timeout("`\(name)` closed its output but did not exit within \(timeoutMilliseconds) ms; its process group was killed")
            }
            usleep(2_000)
        }
        let code = status ?? -1
        guard code == 0 else {
            let tail = child.lastErrorLine
            throw .ended("`\(name)` exited with status \(code)\(tail.isEmpty ? "" : ": \(tail)")")
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
