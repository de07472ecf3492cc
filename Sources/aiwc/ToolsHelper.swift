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
        let (status, output, said) = try run(path, arguments, variables)
        let why = said.isEmpty ? "" : ": \(said)"
        switch status {
        case .exited(0):
            guard let outcome = parse(output) else {
                throw Failure(description: "\(path) answered something aiwc cannot read: is it from the same build as aiwc?")
            }
            return outcome
        case .exited(let code):
            throw Failure(description: "\(path) failed (exit status \(code))\(why)")
        case .signalled(let signal):
            throw Failure(description: "\(path) was ended by signal \(signal)\(why)")
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

    /// Runs the helper with its standard output on a pipe, reads it to the end and waits.
    /// The helper stays in aiwc's process group, so that Ctrl-C at a terminal ends both.
    /// - Returns: How it ended, what it printed, and the last line of its standard error.
    private static func run(_ path: String, _ arguments: [String], _ variables: [String: String]) throws(Failure) -> (Status, [UInt8], String) {
        let process: ServerProcess
        do throws(ToolClientError) {
            process = try ServerProcess(arguments: arguments, environment: variables, ownProcessGroup: false)
        } catch {
            throw Failure(description: "cannot run \(path): \(error.message)")
        }
        process.closeInput()
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(process.output, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            output += chunk[..<n]
        }
        // ServerProcess's convention: the exit status, or 128 + the signal.
        let status = process.waitForExit()
        return (status > 128 ? .signalled(status - 128) : .exited(status), output, process.lastErrorLine)
    }
}
