import Foundation
import Testing
import ToolProcesses

/// The VM's MCP bridge (`aiwvm-mcp`): its records, and a session through it against a
/// server that misbehaves. Every way out is a typed error, never a hang; the VM's own
/// tool tests (ToolCallTests) run every MCP call through it too.
@Suite struct MCPBridgeTests {
    static let misbehaving = ToolRig.support.appendingPathComponent("mcp_misbehaving.py").path
    static var environment: [String: String] { ProcessInfo.processInfo.environment.filter { $0.key == "PATH" || $0.key == "HOME" } }
    static var bridge: String {
        get throws { try #require(HelperLocation.find("aiwvm-mcp", override: nil, path: nil), "aiwvm-mcp is built beside the tests") }
    }

    /// A session through the bridge with the misbehaving test server.
    static func misbehavingSession(timeoutMilliseconds: UInt64 = 30_000) async throws -> MCPBridgeSession {
        try await MCPBridgeSession.start(bridge: try bridge, command: ["python3", misbehaving], environment: environment, timeoutMilliseconds: timeoutMilliseconds)
    }

    /// Bytes written into a pipe, read back as records.
    static func records(_ bytes: [UInt8]) -> ([BridgeRecord], ToolClientError?) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return ([], .ended("no pipe")) }
        let writeEnd = fds[1]
        let writer = Thread {
            var at = 0
            while at < bytes.count {
                let n = bytes[at...].withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                at += n
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(fds[0]) }
        var reader = BridgeReader(fd: fds[0])
        var found: [BridgeRecord] = []
        do throws(ToolClientError) {
            while let r = try reader.next(deadline: .now + .seconds(10)) { found.append(r) }
            return (found, nil)
        } catch {
            return (found, error)
        }
    }

    @Test func recordsRoundTripWhateverTheirBytes() {
        let binary = (0...255).map(UInt8.init) + Array("\n-1 0\n".utf8)
        let sent = [
            BridgeRecord(kind: "ready"),
            BridgeRecord(kind: "call", word: "30000", first: Array("get_time".utf8), second: Array("{\"tz\":\"UTC\"}".utf8)),
            BridgeRecord(kind: "result", word: "1", first: nil, second: binary),
            BridgeRecord(kind: "result", word: "0", first: [], second: []),
            BridgeRecord.error(.timeout("the call took longer than 1 s")),
        ]
        let (read, error) = Self.records(sent.flatMap(\.encoded))
        #expect(error == nil)
        #expect(read == sent)
        #expect(read.last?.failure == .timeout("the call took longer than 1 s"))
        for failure in [ToolClientError.cannotStart("a"), .ended("b"), .protocolError("c"), .serverError("d"), .tooLarge("e")] {
            #expect(BridgeRecord.error(failure).failure == failure)
        }
    }

    @Test(arguments: [
        ("ready 0 -1\n", "malformed"),
        ("ready 0 x -1\n", "malformed"),
        ("result 0 5 -1\nabc", "ended inside a record"),
        ("ready 0 -1 -1", "ended inside a record"),
        ("result 0 99999999999 -1\n", "malformed"),
        ("result 0 -7 -1\n", "malformed"),
        (String(repeating: "x", count: 300), "too long"),
    ])
    func malformedRecordsAreProtocolErrors(_ text: String, _ says: String) {
        let (read, error) = Self.records(Array(text.utf8))
        #expect(read.isEmpty)
        guard case .protocolError(let message)? = error else {
            Issue.record("\(text.debugDescription) gave \(String(describing: error))")
            return
        }
        #expect(message.contains(says), "\(message)")
    }

    @Test func aCallThroughTheBridgeKeepsTheServersAnswer() async throws {
        let session = try await Self.misbehavingSession()
        defer { session.close() }
        let echo = try await session.call("echo", arguments: "{\"text\":\"héllo\\nworld\"}", timeoutMilliseconds: 10_000)
        #expect(echo.structured == "{\"text\":\"héllo\\nworld\"}")
        #expect(echo.isError == false)
        let failed = try await session.call("fail", arguments: "{\"message\":\"no such mailbox\"}", timeoutMilliseconds: 10_000)
        #expect(failed.isError)
        #expect(failed.text.contains("no such mailbox"))
        // A JSON-RPC error answer leaves the server (and the bridge) in service.
        await #expect(throws: ToolClientError.self) { try await session.call("reject", arguments: "{}", timeoutMilliseconds: 10_000) }
        let count = try await session.call("count", arguments: "{}", timeoutMilliseconds: 10_000)
        #expect(count.structured == "{\"calls\":4}")
    }

    @Test func aServerThatDiesEndsTheBridgeToo() async throws {
        let session = try await Self.misbehavingSession()
        defer { session.close() }
        do {
            _ = try await session.call("crash", arguments: "{}", timeoutMilliseconds: 10_000)
            Issue.record("a crashing server answered")
        } catch {
            guard case .ended(let message) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(message.contains("status 7"), "\(message)")
        }
        // The bridge notices that its server is gone and exits, so the VM starts a new one.
        var waited = 0
        while !session.hasEnded, waited < 100 {
            try await Task.sleep(for: .milliseconds(100))
            waited += 1
        }
        #expect(session.hasEnded)
    }

    @Test func hangsTimeOutAndCancellationEndsTheCall() async throws {
        let session = try await Self.misbehavingSession()
        defer { session.close() }
        do {
            _ = try await session.call("hang", arguments: "{}", timeoutMilliseconds: 500)
            Issue.record("a hanging call answered")
        } catch {
            #expect(error == .timeout("the call of 'hang' took longer than 500 ms"))
        }
        let again = try await Self.misbehavingSession()
        defer { again.close() }
        let call = Task { try await again.call("hang", arguments: "{}", timeoutMilliseconds: 600_000) }
        try await Task.sleep(for: .milliseconds(300))
        call.cancel()
        switch await call.result {
        case .success: Issue.record("a cancelled call of a hanging tool succeeded")
        case .failure(let error): #expect(error as? ToolClientError == .ended("the request was cancelled"))
        }
    }

    @Test func startFailuresSayWhatFailed() async throws {
        let bridge = try Self.bridge
        do {
            _ = try await MCPBridgeSession.start(bridge: bridge, command: ["aiw-no-such-server"], environment: Self.environment, timeoutMilliseconds: 5_000)
            Issue.record("a missing server started")
        } catch {
            #expect(error == .cannotStart("'aiw-no-such-server' was not found (looked in PATH)"))
        }
        do {
            _ = try await MCPBridgeSession.start(bridge: "/nonexistent/aiwvm-mcp", command: ["python3", Self.misbehaving], environment: Self.environment, timeoutMilliseconds: 5_000)
            Issue.record("a missing bridge started")
        } catch {
            #expect(error.message.contains("the MCP bridge /nonexistent/aiwvm-mcp could not be run"), "\(error)")
        }
        // A bridge that is not one (it ends at once): the session says the bridge ended.
        do {
            _ = try await MCPBridgeSession.start(bridge: "/bin/true", command: ["python3", Self.misbehaving], environment: Self.environment, timeoutMilliseconds: 5_000)
            Issue.record("/bin/true served as a bridge")
        } catch {
            #expect(error.message.contains("the MCP bridge ended (exit status 0)"), "\(error)")
        }
    }

    /// Ctrl-C while a server is still starting (it never answers the handshake) ends the
    /// start at once, and the server with it: it shares the bridge's process group.
    @Test func cancellingAStartEndsTheServerToo() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bridge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pidFile = folder.appendingPathComponent("pid").path
        let bridge = try Self.bridge
        let start = Task {
            try await MCPBridgeSession.start(bridge: bridge, command: ["sh", "-c", "echo $$ > \(pidFile); exec sleep 600"],
                                             environment: Self.environment, timeoutMilliseconds: 600_000)
        }
        var pid: Int32?
        for _ in 0..<100 where pid == nil {
            try await Task.sleep(for: .milliseconds(50))
            pid = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        let server = try #require(pid, "the server wrote its process id")
        start.cancel()
        switch await start.result {
        case .success: Issue.record("a cancelled start succeeded")
        case .failure(let error): #expect(error as? ToolClientError == .ended("the request was cancelled"))
        }
        // Gone, not left behind (a zombie for a moment at most, until init reaps it).
        var alive = true
        for _ in 0..<100 where alive {
            alive = kill(server, 0) == 0 && !((try? String(contentsOfFile: "/proc/\(server)/stat", encoding: .utf8))?.contains(") Z ") ?? true)
            if alive { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(!alive, "the server \(server) outlived its cancelled start")
    }

    /// A time limit of centuries is accepted by the language; it must not overflow.
    @Test func anEnormousTimeLimitIsJustLong() async throws {
        let session = try await Self.misbehavingSession(timeoutMilliseconds: UInt64(Int64.max))
        defer { session.close() }
        let echo = try await session.call("echo", arguments: "{\"text\":\"x\"}", timeoutMilliseconds: UInt64.max)
        #expect(echo.structured == "{\"text\":\"x\"}")
    }
}
