import Glibc

/// The bare spawn `aiwvm exec` is compared with (scripts/bench-exec): runs a program COUNT
/// times, one after the other, doing for each what `ChildProcess` does for a step and
/// nothing around it: `posix_spawn` into a process group of its own, with aiwvm's short
/// child environment, INPUT written to its standard input, its standard output and error
/// read through pipes to their end (kept, as aiwvm keeps them), then `waitpid`. Exits 1 when
/// a run does not exit 0, 2 on a bad command line.
///
///     bench-exec-spawn COUNT INPUT PROGRAM [ARG…]
///
/// INPUT is a file whose bytes every run gets on its standard input, or `-` for none.
/// PROGRAM is a path: no `PATH` search.

func fail(_ message: String, status: Int32 = 2) -> Never {
    let bytes = Array("bench-exec-spawn: \(message)\n".utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(status)
}

/// The variables aiwvm passes through to every child (`Machine.passedThrough`).
let passedThrough = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "TERM"]

func readFile(_ path: String) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { fail("cannot open \(path)") }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0, errno == EINTR { continue }
        guard n > 0 else { return bytes }
        bytes += chunk[0..<n]
    }
}

/// A NULL-terminated vector of C strings that lives as long as the process.
func cVector(_ strings: [String]) -> [UnsafeMutablePointer<CChar>?] {
    strings.map { strdup($0) } + [nil]
}

/// Runs the program once; gives its wait status.
func runOnce(_ argv: [UnsafeMutablePointer<CChar>?], _ envp: [UnsafeMutablePointer<CChar>?], input: [UInt8]) -> Int32 {
    var pipes: [[Int32]] = []
    for _ in 0..<3 {
        var ends: [Int32] = [-1, -1]
        // Close-on-exec, so the child keeps only the ends dup2 gives it (one thread: no race).
        guard pipe(&ends) == 0 else { fail("pipe: \(String(cString: strerror(errno)))") }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        pipes.append(ends)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_adddup2(&actions, pipes[0][0], 0)
    posix_spawn_file_actions_adddup2(&actions, pipes[1][1], 1)
    posix_spawn_file_actions_adddup2(&actions, pipes[2][1], 2)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
    posix_spawnattr_setpgroup(&attributes, 0)
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, argv[0]!, &actions, &attributes, argv, envp)
    posix_spawn_file_actions_destroy(&actions)
    posix_spawnattr_destroy(&attributes)
    guard rc == 0 else { fail("cannot run \(String(cString: argv[0]!)): \(String(cString: strerror(rc)))", status: 1) }
    close(pipes[0][0])
    close(pipes[1][1])
    close(pipes[2][1])
    // The input end is non-blocking and polled with the output ends, so a child that
    // writes before it reads cannot deadlock with us.
    var stdinFD = pipes[0][1]
    _ = fcntl(stdinFD, F_SETFL, fcntl(stdinFD, F_GETFL) | O_NONBLOCK)
    var written = 0
    if input.isEmpty {
        close(stdinFD)
        stdinFD = -1
    }
    var outputs: [[UInt8]] = [[], []]
    var readEnds = [pipes[1][0], pipes[2][0]]
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while readEnds.contains(where: { $0 >= 0 }) || stdinFD >= 0 {
        var fds = [pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0),
                   pollfd(fd: readEnds[0], events: Int16(POLLIN), revents: 0),
                   pollfd(fd: readEnds[1], events: Int16(POLLIN), revents: 0)]
        guard poll(&fds, nfds_t(fds.count), -1) >= 0 || errno == EINTR else { fail("poll: \(String(cString: strerror(errno)))") }
        if stdinFD >= 0, fds[0].revents != 0 {
            let n = input.withUnsafeBytes { write(stdinFD, $0.baseAddress! + written, $0.count - written) }
            if n > 0 { written += n }
            if n < 0, errno != EAGAIN, errno != EINTR { written = input.count }  // EPIPE: it stopped reading
            if written == input.count {
                close(stdinFD)
                stdinFD = -1
            }
        }
        for k in 0..<2 where readEnds[k] >= 0 && fds[k + 1].revents != 0 {
            let n = buffer.withUnsafeMutableBytes { read(readEnds[k], $0.baseAddress, $0.count) }
            if n > 0 {
                outputs[k] += buffer[0..<n]
            } else if n == 0 || errno != EINTR {
                close(readEnds[k])
                readEnds[k] = -1
            }
        }
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        guard errno == EINTR else { fail("waitpid: \(String(cString: strerror(errno)))") }
    }
    return status
}

let arguments = CommandLine.arguments
guard arguments.count >= 4, let count = Int(arguments[1]), count >= 0 else {
    fail("usage: bench-exec-spawn COUNT INPUT|- PROGRAM [ARG…]")
}
let input = arguments[2] == "-" ? [] : readFile(arguments[2])
let argv = cVector(Array(arguments[3...]))
let envp = cVector(passedThrough.compactMap { name in getenv(name).map { "\(name)=\(String(cString: $0))" } })
signal(SIGPIPE, SIG_IGN)
for _ in 0..<count {
    let status = runOnce(argv, envp, input: input)
    guard status == 0 else { fail("\(arguments[3]) ended with wait status \(status)", status: 1) }
}
