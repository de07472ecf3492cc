import Foundation
import Testing
import ToolClients
import ToolProcesses
@testable import VM

/// The tool clients on their own, against servers and programs that misbehave: every way
/// out is a typed error within its time limit, never a hang.
@Suite struct ToolClientTests {
    static let misbehaving = ToolRig.support.appendingPathComponent("mcp_misbehaving.py").path
    static var environment: [String: String] { ProcessInfo.processInfo.environment.filter { $0.key == "PATH" || $0.key == "HOME" } }

    @Test func endlessToolListPagesEnd() async throws {
        let session = try await MCPSession.start(command: ["python3", Self.misbehaving, "--endless-pages"], environment: Self.environment, timeoutMilliseconds: 30_000)
        defer { session.close() }
        await #expect(throws: ToolClientError.self) { try await session.operations(timeoutMilliseconds: 5_000) }
        do {
            _ = try await session.operations(timeoutMilliseconds: 5_000)
        } catch {
            #expect(error.message.contains("never ends"), "\(error)")
        }
    }

    @Test func cancellingACallEndsItAtOnce() async throws {
        let session = try await MCPSession.start(command: ["python3", Self.misbehaving], environment: Self.environment, timeoutMilliseconds: 30_000)
        defer { session.close() }
        let started = ContinuousClock.now
        let call = Task { try await session.call("hang", arguments: "{}", timeoutMilliseconds: 600_000) }
        try await Task.sleep(for: .milliseconds(300))
        call.cancel()
        let result = await call.result
        #expect(started.duration(to: .now) < .seconds(10))
        if case .success = result { Issue.record("a cancelled call of a hanging tool succeeded") }
    }

    @Test func aServerThatCannotStartIsNamed() async {
        do {
            _ = try await MCPSession.start(command: ["aiw-no-such-server"], environment: Self.environment, timeoutMilliseconds: 5_000)
            Issue.record("a missing server started")
        } catch {
            #expect(error == .cannotStart("'aiw-no-such-server' was not found (looked in PATH)"))
        }
    }

    @Test func aDescribeThatClosesItsOutputButStaysIsKilled() {
        let started = ContinuousClock.now
        let script = "import os, sys, time; sys.stdout.write('{}'); sys.stdout.flush(); os.close(1); time.sleep(60)"
        #expect(throws: ToolClientError.self) {
            _ = try ProgramRun.output(of: ["python3", "-c", script], environment: Self.environment, timeoutMilliseconds: 1_000)
        }
        #expect(started.duration(to: .now) < .seconds(15))
    }

    @Test(arguments: [
        ("1", Int64(1000)), ("0", 0), (" 30", 30_000), ("99999999999999999999999", 86_400_000),
        ("Wed, 21 Oct 2015 07:28:00 GMT", nil), ("-5", nil), ("", nil),
    ] as [(String, Int64?)])
    func retryAfterIsBounded(_ header: String, _ expected: Int64?) {
        #expect(Machine.retryAfterMilliseconds(header) == expected)
    }
}
