#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ToolProcesses

/// Runs `aiwc-tools`, the executable that talks to tools for `aiwc tools sync`, and reads
/// what it found. aiwc links no tool client (MCP SDK, libcurl, OpenAPIKit), so that its
/// start-up stays that of a checker; the helper lives beside aiwc (docs/tools.md §3).
struct ToolsHelper {
    /// The version of the command line and output both sides speak (the helper's
    /// `HelperArguments.protocolVersion`).
    static let protocolVersion = "1"
    /// The helper's file name.
    static let name = "aiwc-tools"

    /// What the helper found: the same lines and lock text as `ToolSync.Outcome`.
    struct Outcome: Equatable {
        var synced: [String] = []
        var notes: [String] = []
        var failures: [String] = []
        var lockText = ""
    }

    /// Why the helper gave no outcome.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The helper's path: `AIWC_TOOLS` when set, else the file beside the running aiwc,
    /// else the first one on `PATH`.
    static func locate(_ variables: [String: String]) -> String? {
        HelperLocation.find(name, override: variables["AIWC_TOOLS"], path: variables["PATH"])
    }

    /// Runs the helper on a configuration folder and waits for it.
    /// - Parameters:
    ///   - folder: The `.aiworkflow` folder.
    ///   - project: The folder holding it (spec paths are relative to it).
    ///   - only: The tools to sync (empty: all).
    ///   - timeoutMilliseconds: How long one server or program may take to answer.
    ///   - variables: The environment the helper, and the tools it starts, get.
    static func sync(folder: String, project: String, only: [String], timeoutMilliseconds: Int64,
                     variables: [String: String]) throws(Failure) -> Outcome {
        guard let path = locate(variables) else {
            throw Failure(description: "\(name) was not found beside aiwc nor on PATH: install it beside aiwc (it is built with it), or set AIWC_TOOLS to its path")
        }
        let arguments = [path, "sync", "--protocol", protocolVersion, "--folder", folder, "--project", project,
                         "--timeout-ms", String(timeoutMilliseconds), "--"] + only
        let (status, output) = try run(path, arguments, variables)
        switch status {
        case .exited(0):
            guard let outcome = parse(output) else {
                throw Failure(description: "\(path) answered something aiwc cannot read: is it from the same build as aiwc?")
            }
            return outcome
        case .exited(let code):
            throw Failure(description: "\(path) failed (exit status \(code)); its message is above")
        case .signalled(let signal):
            throw Failure(description: "\(path) was ended by signal \(signal)")
        }
    }

    /// How the helper ended.
    enum Status: Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    /// Reads the helper's output: `synced`, `note` and `failed` records (kind, tab, text,
    /// newline), then `lock`, a tab, the lock's length in bytes, a newline and the lock.
    static func parse(_ output: [UInt8]) -> Outcome? {
        var outcome = Outcome()
        var rest = output[...]
        while let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: rest[..<newline], as: UTF8.self)
            rest = rest[(newline + 1)...]
            guard let tab = line.firstIndex(of: "\t") else { return nil }
            let text = String(line[line.index(after: tab)...])
            switch line[..<tab] {
            case "synced": outcome.synced.append(text)
            case "note": outcome.notes.append(text)
            case "failed": outcome.failures.append(text)
            case "lock":
                guard let count = Int(text), count == rest.count else { return nil }
                outcome.lockText = String(decoding: rest, as: UTF8.self)
                return outcome
            default: return nil
            }
        }
        return nil
    }

    /// Spawns the helper with its standard output on a pipe (standard input from
    /// /dev/null, standard error shared), reads the pipe to its end and waits. The helper
    /// stays in aiwc's process group, so that Ctrl-C at a terminal ends both.
    private static func run(_ path: String, _ arguments: [String], _ variables: [String: String]) throws(Failure) -> (Status, [UInt8]) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw Failure(description: "cannot make a pipe: \(String(cString: strerror(errno)))") }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        // aiwc runs one thread here, so no other spawn can inherit the pipe before this.
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = variables.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        close(writeEnd)
        guard spawned == 0 else {
            close(readEnd)
            throw Failure(description: "cannot run \(path): \(String(cString: strerror(spawned)))")
        }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            output += chunk[..<n]
        }
        close(readEnd)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "cannot wait for \(path): \(String(cString: strerror(errno)))") }
        }
        // The wait status's layout (the C macros are not imported into Swift).
        let signal = status & 0x7f
        return (signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal), output)
    }
}
