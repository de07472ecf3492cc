// `aiwc-tools`: the part of `aiwc tools sync` that talks to tools (docs/tools.md §3).
//
// It is a separate executable so that `aiwc` itself links neither the MCP SDK nor
// Foundation's networking (libcurl) nor OpenAPIKit: they tripled aiwc's start-up, which
// every `aiwc check` in CI and every editor keystroke pays. `aiwc tools sync` finds the
// project, checks the registry and the tool names, runs this program beside it, and
// writes or compares the lock; this program only syncs. Its command line and output are
// an internal protocol between the two (``HelperArguments``), versioned so that a
// mismatched pair says so instead of misreading each other.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics
import Foundation
import Sema
import Syntax
import ToolClients
import ToolSync

/// The helper's command line: `aiwc-tools sync --protocol 1 --folder F --project P
/// --timeout-ms N [TOOL…]`.
struct HelperArguments {
    var folder = ""
    var project = ""
    var timeoutMilliseconds: UInt64 = 60_000
    var only: [String] = []

    /// The protocol version this helper speaks (aiwc's `ToolsHelper.protocolVersion`).
    static let protocolVersion = "1"

    enum Problem: Error {
        case usage(String)
    }

    static func parse(_ arguments: [String]) throws(Problem) -> HelperArguments {
        guard arguments.first == "sync" else {
            throw .usage("aiwc-tools is run by `aiwc tools sync`; run that instead")
        }
        // The version first: an aiwc of another version may pass options this one lacks.
        let version = arguments.firstIndex(of: "--protocol").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        guard version == protocolVersion else {
            throw .usage("aiwc speaks helper protocol \(version ?? "(none)"), this aiwc-tools speaks \(protocolVersion): install aiwc and aiwc-tools from the same build")
        }
        var parsed = HelperArguments()
        var i = 1
        func value(_ name: String) throws(Problem) -> String {
            guard i + 1 < arguments.count else { throw .usage("\(name) needs a value") }
            i += 1
            return arguments[i]
        }
        while i < arguments.count {
            let argument = arguments[i]
            switch argument {
            case "--protocol": _ = try value(argument)
            case "--folder": parsed.folder = try value(argument)
            case "--project": parsed.project = try value(argument)
            case "--timeout-ms":
                guard let ms = UInt64(try value(argument)), ms > 0 else { throw .usage("--timeout-ms needs a positive number") }
                parsed.timeoutMilliseconds = ms
            case "--":
                parsed.only += arguments[(i + 1)...]
                i = arguments.count
                continue
            default:
                guard !argument.hasPrefix("-") else { throw .usage("unknown option \(argument)") }
                parsed.only.append(argument)
            }
            i += 1
        }
        guard !parsed.folder.isEmpty, !parsed.project.isEmpty else { throw .usage("--folder and --project are required") }
        return parsed
    }
}

/// Reads a configuration file, or nil when it does not exist (aiwc has already checked
/// that each one present is a regular file).
func source(_ path: String) -> SourceFile? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return SourceFile(path: path, bytes: Array(data))
}

/// One record of the output: its kind, a tab, and its text on one line.
func record(_ kind: String, _ text: String) -> String {
    kind + "\t" + text.split(whereSeparator: \.isNewline).joined(separator: " ") + "\n"
}

func writeAll(_ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let n = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
        if n < 0, errno == EINTR { continue }
        guard n > 0 else { exit(3) }
        bytes = bytes.dropFirst(n)
    }
}

// A server that exits while a request is being written must fail that request, not end
// the sync with SIGPIPE (the servers get the default action back).
signal(SIGPIPE, SIG_IGN)

let arguments: HelperArguments
do throws(HelperArguments.Problem) {
    arguments = try HelperArguments.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    guard case .usage(let message) = error else { exit(2) }
    FileHandle.standardError.write(Data("aiwc-tools: error: \(message)\n".utf8))
    exit(2)
}

/// Syncs and prints the outcome; runs off the main actor, which `main` blocks on.
func sync(_ arguments: HelperArguments) async -> String {
    let folder = arguments.folder
    let (registry, _) = ProjectRegistry.load(
        agents: source(folder + "/agents/capabilities.yaml"),
        tools: source(folder + "/tools/registry.yaml"),
        lock: source(folder + "/" + ToolLock.path))
    let previous = FileManager.default.contents(atPath: folder + "/" + ToolLock.path).map { String(decoding: $0, as: UTF8.self) }
    let outcome = await ToolSync.run(
        registry: registry, previousLock: previous, projectFolder: arguments.project,
        environment: ProcessInfo.processInfo.environment,
        only: arguments.only, timeoutMilliseconds: arguments.timeoutMilliseconds)
    var text = ""
    for line in outcome.synced { text += record("synced", line) }
    for line in outcome.notes { text += record("note", line) }
    for line in outcome.failures { text += record("failed", line) }
    return text + "lock\t\(outcome.lockText.utf8.count)\n" + outcome.lockText
}

let request = arguments
writeAll(BlockingWait.run { await sync(request) })
exit(0)
