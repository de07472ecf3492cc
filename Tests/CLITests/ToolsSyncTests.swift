import Foundation
import Testing

@testable import aiwc

/// `aiwc tools sync` and `aiwc check --explain-tools` as a user runs them (docs/tools.md §3):
/// real child processes of aiwc against `mcp-server-time`, the exec test tool and the
/// OpenAPI stub's spec.
@Suite(.serialized) struct ToolsSyncTests {
    static let support = repo.appendingPathComponent("Tests/Support")

    /// A project with the three kinds of tool; `extra` is appended to the registry.
    static func project(_ extra: String = "") throws -> URL {
        let root = try temporaryDirectory()
        let tools = root.appendingPathComponent(".aiworkflow/tools")
        try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("specs"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: support.appendingPathComponent("openapi/petstore.yaml"), to: root.appendingPathComponent("specs/petstore.yaml"))
        let registry = """
            tools:
              clock:
                implementations:
                  - type: mcp
                    command: [mcp-server-time, --local-timezone, UTC]
              pets:
                implementations:
                  - type: openapi
                    spec: specs/petstore.yaml
                    base_url: http://127.0.0.1:9
              text:
                implementations:
                  - type: exec
                    command: [python3, \(support.appendingPathComponent("exec_tool.py").path)]
            \(extra)
            """
        try registry.write(to: tools.appendingPathComponent("registry.yaml"), atomically: true, encoding: .utf8)
        return root
    }

    /// Writes `.aiworkflow/workflows/t.md` into a project.
    static func writeWorkflow(_ text: String, in root: URL) throws {
        let workflows = root.appendingPathComponent(".aiworkflow/workflows")
        try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
        try text.write(to: workflows.appendingPathComponent("t.md"), atomically: true, encoding: .utf8)
    }

    static func lock(_ root: URL) -> String {
        (try? String(contentsOf: root.appendingPathComponent(".aiworkflow/tools/tools.lock.json"), encoding: .utf8)) ?? ""
    }

    @Test func syncWritesADeterministicLockAndCheckAgreesWithIt() throws {
        let root = try Self.project()
        let first = try run(["tools", "sync"], in: root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("synced clock: mcp, 2 operations"))
        #expect(first.stdout.contains("synced pets: openapi, 10 operations"))
        #expect(first.stdout.contains("synced text: exec, 6 operations"))
        #expect(first.stdout.contains("wrote .aiworkflow/tools/tools.lock.json"))
        let text = Self.lock(root)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["version"] as? Int == 1)
        #expect((json["digest"] as? String)?.hasPrefix("sha256:") == true)
        let clock = try #require(((json["tools"] as? [String: Any])?["clock"] as? [String: Any])?["implementations"] as? [[String: Any]])
        let operations = try #require(clock.first?["operations"] as? [String: Any])
        #expect(operations.keys.sorted() == ["convert_time", "get_current_time"])
        let current = try #require(operations["get_current_time"] as? [String: Any])
        #expect((current["input_schema"] as? [String: Any])?["required"] as? [String] == ["timezone"])
        #expect(current["output_schema"] != nil)
        // Nothing in it depends on when or where it was written.
        #expect(!text.contains(root.path))
        let again = try run(["tools", "sync"], in: root)
        #expect(again.status == 0)
        #expect(again.stdout.contains("unchanged"))
        #expect(Self.lock(root) == text)
        let check = try run(["tools", "sync", "--check"], in: root)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("is up to date"))
        // Syncing one tool keeps the others' entries byte for byte.
        let one = try run(["tools", "sync", "text"], in: root)
        #expect(one.status == 0)
        #expect(!one.stdout.contains("synced clock"))
        #expect(Self.lock(root) == text)
    }

    @Test func aChangedRegistryMakesTheLockStale() throws {
        let root = try Self.project()
        #expect(try run(["tools", "sync"], in: root).status == 0)
        let registry = root.appendingPathComponent(".aiworkflow/tools/registry.yaml")
        let changed = try String(contentsOf: registry, encoding: .utf8).replacingOccurrences(of: "--local-timezone, UTC", with: "--local-timezone, Europe/Paris")
        try changed.write(to: registry, atomically: true, encoding: .utf8)
        let check = try run(["tools", "sync", "--check"], in: root)
        #expect(check.status == 1)
        #expect(check.stderr.contains("is out of date: run `aiwc tools sync`"))
        try Self.writeWorkflow("""
            ---
            name: t
            version: 1.0.0
            tools: [clock]
            ---
            ## Steps

            ### now: Now
            ```action
            tool: clock.get_current_time
            with: { timezone: UTC }
            ```
            """, in: root)
        let checked = try run(["check"], in: root)
        #expect(checked.status == 1)
        #expect(checked.stdout.contains("error[AIW425]: the mcp implementation of tool 'clock' was synced from other settings than the registry has now"))
        // A base URL is not what the lock was synced from: changing it changes nothing.
        #expect(try run(["tools", "sync"], in: root).status == 0)
        let moved = try String(contentsOf: registry, encoding: .utf8).replacingOccurrences(of: "http://127.0.0.1:9", with: "https://pets.example.com")
        try moved.write(to: registry, atomically: true, encoding: .utf8)
        #expect(try run(["tools", "sync", "--check"], in: root).status == 0)
        #expect(try run(["check"], in: root).status == 0)
    }

    @Test func anImplementationThatFailsKeepsItsPreviousEntry() throws {
        let root = try Self.project()
        let script = root.appendingPathComponent("mytool.py")
        try "import json,sys\nprint(json.dumps({'operations': {'hello': {'input_schema': {'type': 'object'}}}}))\n"
            .write(to: script, atomically: true, encoding: .utf8)
        let extra = """
              mine:
                implementations:
                  - type: exec
                    command: [python3, \(script.path)]
              ghost:
                implementations:
                  - type: mcp
                    command: [aiw-no-such-server]
            """
        let registry = root.appendingPathComponent(".aiworkflow/tools/registry.yaml")
        try (try String(contentsOf: registry, encoding: .utf8) + extra + "\n").write(to: registry, atomically: true, encoding: .utf8)
        let first = try run(["tools", "sync"], in: root)
        #expect(first.status == 1)
        #expect(first.stderr.contains("cannot sync ghost (mcp): 'aiw-no-such-server' was not found"))
        #expect(first.stdout.contains("synced mine: exec, 1 operation"))
        #expect(Self.lock(root).contains("\"hello\""))
        // The tool breaks: its entry stays, and the status says something failed.
        try "import sys\nsys.stderr.write('cannot reach the backend\\n')\nsys.exit(4)\n".write(to: script, atomically: true, encoding: .utf8)
        let second = try run(["tools", "sync", "mine"], in: root)
        #expect(second.status == 1)
        #expect(second.stderr.contains("cannot sync mine (exec): `python3 \(script.path) --describe` exited with status 4: cannot reach the backend; its previous entry is kept"))
        #expect(Self.lock(root).contains("\"hello\""))
        #expect(Self.lock(root).contains("\"convert_time\""))
    }

    @Test func badInputsAreUsageOrProblems() throws {
        let empty = try temporaryDirectory()
        let none = try run(["tools", "sync", "--config", empty.path], in: empty)
        #expect(none.status == 2)
        let root = try Self.project()
        let unknown = try run(["tools", "sync", "nosuch"], in: root)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("not in the tool registry: nosuch"))
        #expect(try run(["tools", "sync", "--timeout", "soon"], in: root).status == 2)
        try "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {/a: {get: {responses: 12}}}\n"
            .write(to: root.appendingPathComponent("specs/petstore.yaml"), atomically: true, encoding: .utf8)
        let badSpec = try run(["tools", "sync", "pets"], in: root)
        #expect(badSpec.status == 1)
        #expect(badSpec.stderr.contains("cannot sync pets (openapi): specs/petstore.yaml is not an OpenAPI 3.0 or 3.1 document"))
    }

    /// aiwc hands the talking to `aiwc-tools`; every way that can go wrong is an internal
    /// error (status 3) that says what happened, and the lock is left as it was.
    @Test func aMissingOrBrokenHelperIsAClearInternalError() throws {
        let root = try Self.project()
        let before = Self.lock(root)
        let missing = try run(["tools", "sync"], in: root, environment: ["AIWC_TOOLS": "/nonexistent/aiwc-tools"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("cannot run /nonexistent/aiwc-tools"))
        let scripts = try temporaryDirectory()
        func script(_ name: String, _ body: String) throws -> String {
            let path = scripts.appendingPathComponent(name).path
            try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            return path
        }
        let garbage = try run(["tools", "sync"], in: root, environment: ["AIWC_TOOLS": try script("garbage", "echo hello")])
        #expect(garbage.status == 3)
        #expect(garbage.stderr.contains("answered something aiwc cannot read"))
        // A lock whose announced length is not what follows is not taken.
        let short = try run(["tools", "sync"], in: root, environment: ["AIWC_TOOLS": try script("short", "printf 'lock\\t99\\n{}'")])
        #expect(short.status == 3)
        let killed = try run(["tools", "sync"], in: root, environment: ["AIWC_TOOLS": try script("killed", "kill -9 $$")])
        #expect(killed.status == 3)
        #expect(killed.stderr.contains("was ended by signal 9"))
        let failing = try run(["tools", "sync"], in: root, environment: ["AIWC_TOOLS": try script("failing", "echo 'it broke' >&2; exit 4")])
        #expect(failing.status == 3)
        #expect(failing.stderr.contains("it broke"))
        #expect(failing.stderr.contains("failed (exit status 4)"))
        #expect(Self.lock(root) == before)
    }

    /// The helper's own command line is an internal protocol: run alone, or by an aiwc of
    /// another protocol version, it refuses with status 2 and says why.
    @Test func theHelperRefusesAMismatchedCaller() throws {
        let alone = try run([], tool: "aiwc-tools")
        #expect(alone.status == 2)
        #expect(alone.stderr.contains("run by `aiwc tools sync`"))
        let root = try Self.project()
        let folder = root.appendingPathComponent(".aiworkflow").path
        let old = try run(["sync", "--protocol", "0", "--folder", folder, "--project", root.path], tool: "aiwc-tools")
        #expect(old.status == 2)
        #expect(old.stderr.contains("install aiwc and aiwc-tools from the same build"))
        let current = try run(["sync", "--protocol", "1", "--folder", folder, "--project", root.path, "--timeout-ms", "30000", "--", "text"],
                              tool: "aiwc-tools")
        #expect(current.status == 0, "\(current.stderr)")
        #expect(current.stdout.hasPrefix("synced\ttext: exec, 6 operations\n"))
        #expect(current.stdout.contains("\nlock\t"))
    }

    @Test func theHelpersOutputIsReadExactly() {
        let lock = "{\n  \"tools\": \"é\"\n}\n"
        let output = "synced\tclock: mcp, 2 operations\nnote\tpets: GET /x has no operationId\nfailed\ttext (exec): exit 1\nlock\t\(lock.utf8.count)\n\(lock)"
        let parsed = ToolsHelper.parse(Array(output.utf8))
        #expect(parsed == ToolsHelper.Outcome(synced: ["clock: mcp, 2 operations"], notes: ["pets: GET /x has no operationId"],
                                              failures: ["text (exec): exit 1"], lockText: lock))
        // Characters, not bytes, would be one short: the length is in bytes.
        #expect(ToolsHelper.parse(Array("lock\t\(lock.count)\n\(lock)".utf8)) == nil)
        #expect(ToolsHelper.parse(Array("synced\tx\n".utf8)) == nil)
        #expect(ToolsHelper.parse(Array("weird\tx\nlock\t0\n".utf8)) == nil)
        #expect(ToolsHelper.parse(Array("lock\t0\n".utf8)) == ToolsHelper.Outcome())
    }

    /// aiwc and aiwvm link no MCP client: the MCP SDK brings Foundation's networking and
    /// libcurl, which doubled or tripled their start-up (docs/performance.md).
    @Test func aiwcAndAiwvmLinkNoToolClient() throws {
        let ldd = try run([binDirectory.appendingPathComponent("aiwc").path], executable: "/usr/bin/ldd")
        #expect(ldd.status == 0)
        #expect(ldd.stdout.contains("libc.so"))
        #expect(!ldd.stdout.contains("FoundationNetworking"))
        #expect(!ldd.stdout.contains("libcurl"))
        let helper = try run([binDirectory.appendingPathComponent("aiwc-tools").path], executable: "/usr/bin/ldd")
        #expect(helper.stdout.contains("FoundationNetworking"))
        // Nor does aiwvm: its MCP calls go through the bridge, aiwvm-mcp.
        let vm = try run([binDirectory.appendingPathComponent("aiwvm").path], executable: "/usr/bin/ldd")
        #expect(vm.stdout.contains("libc.so"))
        #expect(!vm.stdout.contains("FoundationNetworking"))
        #expect(!vm.stdout.contains("libcurl"))
        let bridge = try run([], tool: "aiwvm-mcp")
        #expect(bridge.status == 2)
        #expect(bridge.stderr.contains("aiwvm-mcp is run by aiwvm"))
    }

    /// The examples' locks are what a sync writes today: a server or spec that changed
    /// would show here first.
    @Test(arguments: ["world-clock", "pet-adoption"])
    func exampleLocksAreCurrent(_ example: String) throws {
        let r = try run(["tools", "sync", "--check"], in: repo.appendingPathComponent("Examples/\(example)"))
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }

    @Test func explainToolsShowsTheChoiceAndTheLock() throws {
        let root = try Self.project("""
              clock2:
                implementations:
                  - type: exec
                    command: [aiw-clock]
                    priority: 1
                    agent_compatibility: { claude-code: not_supported }
                  - type: mcp
                    command: [mcp-server-time]
                    priority: 1
                    agent_compatibility: { claude-code: native }
            """)
        let agents = root.appendingPathComponent(".aiworkflow/agents")
        try FileManager.default.createDirectory(at: agents, withIntermediateDirectories: true)
        try "agents:\n  claude-code:\n    kind: claude-code\n".write(to: agents.appendingPathComponent("capabilities.yaml"), atomically: true, encoding: .utf8)
        try Self.writeWorkflow("""
            ---
            name: t
            version: 1.0.0
            agent: { preferred: claude-code }
            tools: [clock2, text]
            ---
            ## Steps

            ### now: Now
            ```action
            tool: text.word_count
            with: { text: a b }
            ```
            """, in: root)
        let before = try run(["check", "--explain-tools"], in: root)
        #expect(before.stdout.contains("lock: the project has no tools lock; calls are not checked"))
        _ = try run(["tools", "sync", "text"], in: root)
        let r = try run(["check", "--explain-tools"], in: root)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("agents in play: claude-code"))
        #expect(r.stdout.contains("#1 exec (priority 1): skipped, not_supported by every agent in play"))
        #expect(r.stdout.contains("#2 mcp (priority 1): chosen, native for the agents in play"))
        #expect(r.stdout.contains("lock: synced, 6 operations: add, echo_env, fail, garbage, sleep, word_count"))
        #expect(r.stdout.contains("step now → word_count"))
    }
}
