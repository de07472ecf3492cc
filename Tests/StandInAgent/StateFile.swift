import Glibc

/// The call log shared by every stand-in process that names the same file: one line per
/// call, `N<TAB>protocol<TAB>outcome<TAB>feedback:yes|no<TAB>first line of the prompt`,
/// where outcome is `ok`, `fail` or `bad-json`. Tests count calls across processes with it.
enum StateFile {
    /// Takes the next call number (the lines already there, plus one) and appends this
    /// call's line, under an exclusive lock so that concurrent calls get distinct numbers.
    /// - Parameter line: The line to append for the call number given (without newline).
    /// - Returns: The call number, or a message when the file cannot be used.
    static func record(_ path: String, line: (Int) -> String) -> Result<Int, UsageError> {
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return .failure(UsageError("cannot open the state file \(path): \(reason())")) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { return .failure(UsageError("cannot lock the state file \(path): \(reason())")) }
        }
        let existing = POSIXIO.readAll(fd)
        var lines = 0
        for b in existing where b == 0x0A { lines += 1 }
        // A last line cut short (a process killed mid-write) still was a call.
        if let last = existing.last, last != 0x0A { lines += 1 }
        let call = lines + 1
        var text = line(call) + "\n"
        if let last = existing.last, last != 0x0A { text = "\n" + text }
        guard POSIXIO.writeAll(fd, Array(text.utf8)) else {
            return .failure(UsageError("cannot write the state file \(path): \(reason())"))
        }
        return .success(call)
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
