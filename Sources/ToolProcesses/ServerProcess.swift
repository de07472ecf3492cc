import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A long-lived child process with pipes on its standard input and output: an MCP server
/// kept for a whole run, or a `--describe` that prints once and ends.
///
/// It runs in a process group of its own, so that ending it ends whatever it started
/// (`uvx` starts Python, which may start more). Standard error goes to a pipe whose last
/// bytes are kept for messages; a server that writes a lot there never blocks on it.
public final class ServerProcess: @unchecked Sendable {
    /// The child's process id.
    public let pid: pid_t
    /// The write end of the child's standard input.
    public let input: Int32
    /// The read end of the child's standard output.
    public let output: Int32
    /// The program, for messages.
    public let program: String
    private let errorTail: ErrorTail
    private let lock = Mutex()
    private var ended: Int32?
    private var inputClosed = false
    /// What signals go to: the child's process group, or the child alone when it shares
    /// its parent's group.
    private let target: pid_t

    /// The last bytes the child wrote to standard error (at most 4 KiB), as text.
    public var standardError: String { errorTail.text }

    /// The last line the child wrote to standard error (at most 300 characters), for messages.
    public var lastErrorLine: String {
        standardError.split(whereSeparator: \.isNewline).last.map { String($0.prefix(300)) } ?? ""
    }

    /// Starts a program with an exact environment, never through a shell.
    /// - Parameters:
    ///   - arguments: The program (a path, or a name looked up in `PATH` of `environment`)
    ///     and its arguments.
    ///   - environment: The child's whole environment.
    /// - Throws: ``ToolClientError/cannotStart(_:)`` when the program is not found or
    ///   cannot be run.
    ///   - ownProcessGroup: Whether the child leads a process group of its own (the
    ///     default). The VM's MCP bridge keeps its server in the bridge's group instead, so
    ///     that the VM's signal to the bridge's group reaches the server too.
    public init(arguments: [String], environment: [String: String], ownProcessGroup: Bool = true) throws(ToolClientError) {
        guard let program = arguments.first, !program.isEmpty else { throw .cannotStart("the command is empty") }
        self.program = program
        guard let path = Self.locate(program, in: environment["PATH"]) else {
            throw .cannotStart("'\(program)' was not found (looked in PATH)")
        }
        var stdinPipe: [Int32] = [-1, -1], stdoutPipe: [Int32] = [-1, -1], stderrPipe: [Int32] = [-1, -1]
        guard Self.makePipe(&stdinPipe) else { throw .cannotStart("no pipe: \(Self.errnoText())") }
        guard Self.makePipe(&stdoutPipe) else {
            close(stdinPipe[0]); close(stdinPipe[1])
            throw .cannotStart("no pipe: \(Self.errnoText())")
        }
        guard Self.makePipe(&stderrPipe) else {
            for fd in stdinPipe + stdoutPipe { close(fd) }
            throw .cannotStart("no pipe: \(Self.errnoText())")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, and the default signal actions back: aiwvm ignores SIGPIPE,
        // and SIGINT and SIGTERM while a run is being stopped, and an ignored action would
        // be inherited, leaving SIGKILL as the only way to end the child.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM] { sigaddset(&defaults, signal) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        if ownProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, path, &actions, &attributes, argv, envp)
        close(stdinPipe[0]); close(stdoutPipe[1]); close(stderrPipe[1])
        guard status == 0 else {
            close(stdinPipe[1]); close(stdoutPipe[0]); close(stderrPipe[0])
            throw .cannotStart("'\(program)' could not be started: \(String(cString: strerror(status)))")
        }
        pid = child
        target = ownProcessGroup ? -child : child
        input = stdinPipe[1]
        output = stdoutPipe[0]
        errorTail = ErrorTail(fd: stderrPipe[0])
    }

    deinit {
        terminate()
        close(output)
    }

    /// Closes the child's standard input (end of input for it). Safe to call twice.
    public func closeInput() {
        lock.lock()
        defer { lock.unlock() }
        if !inputClosed {
            inputClosed = true
            close(input)
        }
    }

    /// Closes standard input, asks the process group to end (SIGTERM), and kills it
    /// (SIGKILL) when it has not ended within `grace` milliseconds. Safe to call twice.
    /// - Returns: How the child ended: its exit status, or 128 + the signal.
    @discardableResult
    public func terminate(grace milliseconds: Int = 500) -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if let ended { return ended }
        if !inputClosed {
            inputClosed = true
            close(input)
        }
        if let status = reap(waiting: false) { return finish(status) }
        kill(target, SIGTERM)
        var waited = 0
        while waited < milliseconds {
            if let status = reap(waiting: false) { return finish(status) }
            usleep(5_000)
            waited += 5
        }
        kill(target, SIGKILL)
        return finish(reap(waiting: true) ?? 128 + SIGKILL)
    }

    /// Sends a signal to the child (its group, when it has one of its own), unless it has
    /// already been reaped: its process id may then belong to another process.
    public func send(_ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if ended == nil { kill(target, signal) }
    }

    /// Waits for the child to end by itself (after its output has been read to the end).
    /// - Returns: Its exit status, or 128 + the signal that ended it.
    public func waitForExit() -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if let ended { return ended }
        return finish(reap(waiting: true) ?? -1)
    }

    /// The child's exit status if it has ended (without waiting), else nil.
    public func exitStatus() -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let ended { return ended }
        if let status = reap(waiting: false) { return finish(status) }
        return nil
    }

    /// Whether the child has ended (without waiting).
    public var hasEnded: Bool {
        lock.lock()
        defer { lock.unlock() }
        if ended != nil { return true }
        if let status = reap(waiting: false) { _ = finish(status); return true }
        return false
    }

    private func finish(_ status: Int32) -> Int32 {
        ended = status
        // Whatever the leader left behind in its group goes with it.
        if target < 0 { kill(target, SIGKILL) }
        errorTail.join()
        return status
    }

    private func reap(waiting: Bool) -> Int32? {
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, waiting ? 0 : WNOHANG)
            if r == pid { break }
            if r == 0 { return nil }
            if errno == EINTR { continue }
            return -1
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// A program name looked up in `PATH` (a name with a slash is used as it is).
    static func locate(_ program: String, in path: String?) -> String? {
        if program.contains("/") { return access(program, X_OK) == 0 ? program : nil }
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// A pipe whose ends close on exec (`pipe2` is a GNU extension Swift does not see):
    /// only the ends the child is given survive into it.
    static func makePipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// Reads a child's standard error on a thread of its own, keeping the last 4 KiB.
///
/// The thread is detached and ends when every holder of the pipe's write end has closed
/// it; ``join()`` waits for that at most half a second, since a grandchild that left the
/// process group may hold it open for ever.
final class ErrorTail: @unchecked Sendable {
    private let fd: Int32
    private let lock = Mutex()
    private var bytes: [UInt8] = []
    private let drained = DispatchSemaphore(value: 0)
    private var started = false
    static let keep = 4096

    init(fd: Int32) {
        self.fd = fd
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        started = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let tail = Unmanaged<ErrorTail>.fromOpaque(raw).takeRetainedValue()
            tail.drain()
            return nil
        }, box.toOpaque()) == 0
        if started {
            pthread_detach(thread)
        } else {
            box.release()
            close(fd)
        }
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Waits (at most half a second) for the child's standard error to be read to its end.
    func join() {
        guard started else { return }
        started = false
        _ = drained.wait(timeout: .now() + .milliseconds(500))
    }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            lock.lock()
            bytes += buffer[0..<n]
            if bytes.count > Self.keep { bytes.removeFirst(bytes.count - Self.keep) }
            lock.unlock()
        }
        close(fd)
        drained.signal()
    }
}

/// A plain pthread mutex (the package targets macOS 15 and Linux; `Synchronization.Mutex`
/// would do, but its non-copyable value cannot live in these classes' stored state
/// alongside `deinit` without more ceremony).
package final class Mutex: @unchecked Sendable {
    private var m = pthread_mutex_t()
    package init() { pthread_mutex_init(&m, nil) }
    deinit { pthread_mutex_destroy(&m) }
    package func lock() { pthread_mutex_lock(&m) }
    package func unlock() { pthread_mutex_unlock(&m) }
}
