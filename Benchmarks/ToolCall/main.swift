// Times a tool call as the VM makes it (through its bridge, aiwvm-mcp, which runs the MCP
// Swift SDK on ToolClients' pipe transport) against the same server's own answer time,
// measured by writing the JSON-RPC request straight to a second copy of the server and
// reading its answer line: the difference is what the VM's path adds. A third copy, spoken
// to through the SDK in this process, shows the bridge's own share (docs/performance.md,
// scripts/bench-tools).
//
//   bench-tool-call ROUNDS BRIDGE SERVER [ARGS…]
//
// Prints one line: rounds, median call ms through the bridge, median direct ms, the median
// of the per-round differences (bridge − direct) with its 10th and 90th percentiles, and
// the median of the per-round differences of the SDK alone (SDK − direct).
import Foundation
import ToolClients
import ToolProcesses

#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1e6
}

/// A server spoken to directly: one request line out, one answer line back.
final class Direct {
    let process: ServerProcess
    var pending: [UInt8] = []
    var id = 0

    init(_ command: [String]) throws {
        process = try ServerProcess(arguments: command, environment: ProcessInfo.processInfo.environment)
        _ = try ask(#"{"jsonrpc":"2.0","id":ID,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}"#)
        send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
    }

    func send(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(process.input, $0.baseAddress! + offset, $0.count - offset) }
            guard n > 0 else { return }
            offset += n
        }
    }

    func ask(_ template: String) throws -> String {
        id += 1
        send(template.replacingOccurrences(of: "ID", with: String(id)))
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeFirst(newline + 1)
                if line.contains("\"id\":\(id)") || line.contains("\"id\": \(id)") { return line }
                continue
            }
            let n = buffer.withUnsafeMutableBytes { read(process.output, $0.baseAddress, $0.count) }
            guard n > 0 else { throw ToolClientError.ended("the direct server closed its output") }
            pending += buffer[0..<n]
        }
    }
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

let args = CommandLine.arguments
guard args.count >= 4, let rounds = Int(args[1]), rounds > 0 else {
    FileHandle.standardError.write(Data("usage: bench-tool-call ROUNDS BRIDGE SERVER [ARGS…]\n".utf8))
    exit(2)
}
let bridgePath = args[2]
let command = Array(args[3...])
let arguments = #"{"timezone":"Europe/Paris"}"#
let request = #"{"jsonrpc":"2.0","id":ID,"method":"tools/call","params":{"name":"get_current_time","arguments":{"timezone":"Europe/Paris"}}}"#

let done = DispatchSemaphore(value: 0)
Task.detached {
    do {
        let environment = ProcessInfo.processInfo.environment
        let bridge = try await MCPBridgeSession.start(bridge: bridgePath, command: command, environment: environment, timeoutMilliseconds: 60_000)
        let session = try await MCPSession.start(command: command, environment: environment, timeoutMilliseconds: 60_000)
        let direct = try Direct(command)
        // Warm all three: Python imports lazily on the first call.
        for _ in 0..<5 {
            _ = try await bridge.call("get_current_time", arguments: arguments, timeoutMilliseconds: 10_000)
            _ = try await session.call("get_current_time", arguments: arguments, timeoutMilliseconds: 10_000)
            _ = try direct.ask(request)
        }
        var viaBridge: [Double] = [], raw: [Double] = [], differences: [Double] = [], sdkDifferences: [Double] = []
        for i in 0..<rounds {
            // Rotate which goes first, so none always runs on a warmer machine.
            var a = 0.0, b = 0.0, c = 0.0
            for slot in 0..<3 {
                let t0 = now()
                switch (slot + i) % 3 {
                case 0:
                    _ = try await bridge.call("get_current_time", arguments: arguments, timeoutMilliseconds: 10_000)
                    a = now() - t0
                case 1:
                    _ = try direct.ask(request)
                    b = now() - t0
                default:
                    _ = try await session.call("get_current_time", arguments: arguments, timeoutMilliseconds: 10_000)
                    c = now() - t0
                }
            }
            viaBridge.append(a)
            raw.append(b)
            differences.append(a - b)
            sdkDifferences.append(c - b)
        }
        bridge.close()
        session.close()
        direct.process.terminate()
        let d = differences.sorted()
        print(String(format: "%d %.3f %.3f %.3f %.3f %.3f %.3f", rounds, median(viaBridge), median(raw), median(differences),
                     d[d.count / 10], d[d.count * 9 / 10], median(sdkDifferences)))
    } catch {
        FileHandle.standardError.write(Data("bench-tool-call: \(error)\n".utf8))
        exit(1)
    }
    done.signal()
}
done.wait()
