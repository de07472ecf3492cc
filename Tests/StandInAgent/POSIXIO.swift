import Glibc

/// Reading, writing, sleeping and clocks on raw file descriptors: what the stand-in needs
/// from the system, with no Foundation so that it starts in a few milliseconds (it is the
/// yardstick for the VM's overhead per agent step).
enum POSIXIO {
    /// Everything readable from a descriptor until end of file; any size, retried on EINTR.
    /// A read error ends the input where it is (the prompt is what arrived).
    static func readAll(_ fd: Int32) -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                out.append(contentsOf: chunk[0..<n])
            } else if n < 0, errno == EINTR {
                continue
            } else {
                return out
            }
        }
    }

    /// Writes all the bytes, resuming after partial writes and EINTR. Returns false when the
    /// reader went away (EPIPE, with SIGPIPE ignored) or another error stopped it.
    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0, errno == EINTR {
                    continue
                } else {
                    return false
                }
            }
            return true
        }
    }

    /// Writes text on standard output.
    @discardableResult
    static func out(_ text: String) -> Bool { writeAll(1, Array(text.utf8)) }

    /// Writes a line on standard error.
    static func err(_ text: String) { writeAll(2, Array((text + "\n").utf8)) }

    /// Sleeps this many milliseconds, resuming after signals.
    static func sleep(milliseconds ms: Int) {
        guard ms > 0 else { return }
        var request = timespec(tv_sec: ms / 1000, tv_nsec: (ms % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
    }

    /// Milliseconds since the Unix epoch (OpenCode's event timestamps).
    static func nowMilliseconds() -> Int {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return t.tv_sec * 1000 + t.tv_nsec / 1_000_000
    }

    /// Milliseconds of a monotonic clock, for durations.
    static func monotonicMilliseconds() -> Int {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return t.tv_sec * 1000 + t.tv_nsec / 1_000_000
    }

    /// Whether standard input is a terminal (then nobody is piping a prompt, and reading it
    /// would wait for a person).
    static var stdinIsTerminal: Bool { isatty(0) == 1 }
}
