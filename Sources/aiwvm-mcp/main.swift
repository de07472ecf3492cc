// `aiwvm-mcp`: the VM's bridge to one MCP server (docs/tools.md §6.3).
//
// aiwvm runs one of these for each MCP server a run uses: it starts the server, speaks MCP
// to it through the MCP Swift SDK (``MCPSession``), and speaks ``BridgeRecord``s to aiwvm
// on its standard input and output. It exists so that aiwvm links no MCP SDK, which
// brings Foundation's networking and libcurl into every start of aiwvm.
//
//     aiwvm-mcp --timeout-ms N -- SERVER [ARG…]
//
// It answers `ready` (or `error`) once the handshake is done within N ms, then one
// `result` or `error` per `call`. It stops the server and exits when its input ends and
// when the server ends by itself (so that aiwvm sees a dead server before the next call,
// not in it); SIGTERM to its process group ends it and the server together.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ToolClients
import ToolProcesses

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("aiwvm-mcp: error: \(message)\n".utf8))
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 4, arguments[0] == "--timeout-ms", let timeout = UInt64(arguments[1]), timeout > 0, arguments[2] == "--" else {
    fail("aiwvm-mcp is run by aiwvm (usage: aiwvm-mcp --timeout-ms N -- SERVER [ARG…])")
}
let command = Array(arguments[3...])
// A server that exits while a request is being written must fail that request, not end
// the bridge with SIGPIPE; and aiwvm may close the bridge's output first. SIGTERM and
// SIGINT keep their default action (aiwvm's spawn resets them): the server shares the
// bridge's process group, so aiwvm's signal to the group ends both, at any moment, even
// while the server is still starting.
signal(SIGPIPE, SIG_IGN)

let environment = ProcessInfo.processInfo.environment
let started: Result<MCPSession, ToolClientError> = BlockingWait.run {
    do throws(ToolClientError) {
        return .success(try await MCPSession.start(command: command, environment: environment, timeoutMilliseconds: timeout,
                                                   ownProcessGroup: false))
    } catch {
        return .failure(error)
    }
}
let session: MCPSession
switch started {
case .success(let s): session = s
case .failure(let error):
    _ = BridgeRecord.error(error).write(to: 1)
    exit(1)
}

/// Stops the server and exits.
func finish(_ status: Int32) -> Never {
    session.close()
    exit(status)
}

/// An answer that fits the record format, or the error that says it does not.
func bounded(_ answer: BridgeRecord) -> BridgeRecord {
    let size = (answer.first?.count ?? 0) + (answer.second?.count ?? 0)
    guard size > BridgeRecord.fieldLimit else { return answer }
    return BridgeRecord.error(.tooLarge("the server's answer is \(size) bytes, more than the \(BridgeRecord.fieldLimit) a tool's answer may be"))
}

guard BridgeRecord(kind: "ready").write(to: 1) else { finish(0) }
var reader = BridgeReader(fd: 0)
while true {
    let request: BridgeRecord?
    do throws(ToolClientError) {
        // Wakes every 100 ms to notice a server that has ended by itself.
        request = try reader.next(deadline: .now + .milliseconds(100))
    } catch {
        if case .timeout = error {
            guard let why = session.endedBecause else { continue }
            // A call may have arrived as the server ended: it gets the reason, and aiwvm
            // finds the reason on standard error if none had.
            if let pending = try? reader.next(deadline: .now), pending.kind == "call" {
                _ = BridgeRecord.error(.ended(why)).write(to: 1)
            }
            FileHandle.standardError.write(Data("aiwvm-mcp: \(why)\n".utf8))
            finish(1)
        }
        _ = BridgeRecord.error(error).write(to: 1)
        finish(1)
    }
    guard let request else { finish(0) }
    guard request.kind == "call", let limit = UInt64(request.word), let name = request.first, let body = request.second else {
        _ = BridgeRecord.error(.protocolError("the MCP bridge cannot read a '\(request.kind)' request")).write(to: 1)
        continue
    }
    let operation = String(decoding: name, as: UTF8.self)
    let argumentsText = String(decoding: body, as: UTF8.self)
    let answer: BridgeRecord = BlockingWait.run {
        do throws(ToolClientError) {
            let r = try await session.call(operation, arguments: argumentsText, timeoutMilliseconds: limit)
            return BridgeRecord(kind: "result", word: r.isError ? "1" : "0", first: r.structured.map { Array($0.utf8) }, second: Array(r.text.utf8))
        } catch {
            return BridgeRecord.error(error)
        }
    }
    guard bounded(answer).write(to: 1) else { finish(0) }
}
