import Glibc

/// One finished run of a command: wall time from before `posix_spawn` to after `wait4`,
/// and CPU time (user + system) of the process and of the children it waited for.
struct Sample {
    var wall: Double
    var cpu: Double
}

/// Runs commands as whole processes and times them: standard input and output on
/// `/dev/null`, standard error into one file, so that a failing run can be shown.
struct Runner {
    let stderrPath: String
    let stderrFD: Int32
    let nullFD: Int32

    init(stderrPath: String) {
        self.stderrPath = stderrPath
        stderrFD = open(stderrPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        nullFD = open("/dev/null", O_RDWR | O_CLOEXEC)
        guard stderrFD >= 0, nullFD >= 0 else { fail("cannot open \(stderrPath) or /dev/null") }
    }

    /// Runs `argv` (a path and its arguments) once; exits the benchmark when it fails.
    func time(_ argv: [String]) -> Sample {
        _ = ftruncate(stderrFD, 0)
        _ = lseek(stderrFD, 0, SEEK_SET)
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, nullFD, 0)
        posix_spawn_file_actions_adddup2(&actions, nullFD, 1)
        posix_spawn_file_actions_adddup2(&actions, stderrFD, 2)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pid: pid_t = 0
        let start = now()
        let rc = posix_spawn(&pid, cArgs[0]!, &actions, nil, cArgs, environ)
        guard rc == 0 else { fail("cannot run \(argv[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { fail("wait4: \(String(cString: strerror(errno)))") }
        }
        let wall = now() - start
        guard status == 0 else {
            let text = String(decoding: readTail(stderrPath), as: UTF8.self)
            fail("`\(argv.joined(separator: " "))` ended with wait status \(status):\n\(text)")
        }
        return Sample(wall: wall, cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime))
    }

    /// A whole (small) file; exits the benchmark when it cannot be read.
    static func read(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { fail("cannot open \(path)") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return bytes }
            bytes += buffer[0..<n]
        }
    }

    /// The last 4 KiB of a file.
    func readTail(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let size = lseek(fd, 0, SEEK_END)
        _ = lseek(fd, max(0, size - 4096), SEEK_SET)
        let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        return Array(buffer.prefix(max(0, n)))
    }
}

/// Seconds on the monotonic clock.
func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func seconds(_ t: timeval) -> Double {
    Double(t.tv_sec) + Double(t.tv_usec) / 1e6
}

func fail(_ message: String) -> Never {
    let bytes = Array("bench-exec: \(message)\n".utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}
