import Diagnostics
import Foundation
import Lowering
import Plan
import Sema
import Syntax
import Testing
import ToolSync
@testable import VM

/// A throwaway project with real tools: `mcp-server-time` from PyPI, the project's own
/// misbehaving MCP server, the loopback OpenAPI stub's spec and the `exec` test tool. Its
/// lock is written by ``ToolSync`` exactly as `aiwc tools sync` writes it, and its
/// workflows are checked, lowered and run in-process.
struct ToolRig {
    static let support = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Support")

    let root: URL
    let registry: ProjectRegistry

    /// The registry every rig uses; `BASE` is the OpenAPI stub's URL, `EXTRA` more
    /// implementation keys for `pets` (auth, rate limits).
    static func registryText(base: String, petsExtra: String = "", textExtra: String = "") -> String {
        """
        tools:
          clock:
            implementations:
              - type: mcp
                command: [mcp-server-time, --local-timezone, UTC]
          odd:
            implementations:
              - type: mcp
                command: [python3, \(support.appendingPathComponent("mcp_misbehaving.py").path)]
          pets:
            implementations:
              - type: openapi
                spec: \(support.appendingPathComponent("openapi/petstore.yaml").path)
                base_url: \(base)
        \(petsExtra)
          text:
            implementations:
              - type: exec
                command: [python3, \(support.appendingPathComponent("exec_tool.py").path)]
                secrets: [TOOL_SECRET]
        \(textExtra)
        """
    }

    /// A rig whose lock holds every tool of ``registryText(base:petsExtra:textExtra:)``.
    static func make(base: String = "http://127.0.0.1:9", petsExtra: String = "", textExtra: String = "") async throws -> ToolRig {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("aiw-tools-\(UUID().uuidString)")
        let tools = root.appendingPathComponent(".aiworkflow/tools")
        try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
        let registryFile = SourceFile(path: ".aiworkflow/tools/registry.yaml", text: registryText(base: base, petsExtra: petsExtra, textExtra: textExtra))
        let bare = ProjectRegistry.load(agents: nil, tools: registryFile)
        #expect(bare.diagnostics.isEmpty, "\(bare.diagnostics.map(\.message))")
        let lock = try await LockCache.shared.lock(for: bare.registry, folder: root.path)
        try lock.write(to: tools.appendingPathComponent("tools.lock.json"), atomically: true, encoding: .utf8)
        let loaded = ProjectRegistry.load(agents: nil, tools: registryFile, lock: SourceFile(path: ".aiworkflow/tools/tools.lock.json", text: lock))
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.message))")
        return ToolRig(root: root, registry: loaded.registry)
    }

    /// The diagnostics of a workflow checked against the rig's registry and lock.
    func check(_ source: String) -> [Diagnostic] {
        Checker().check(SourceFile(path: "w.md", text: source), registry: registry)
    }

    /// Compiles a workflow that must check clean.
    func compile(_ source: String) throws -> VerifiedPlan {
        let file = SourceFile(path: "w.md", text: source)
        let (diagnostics, workflow) = Checker().checkKeepingSyntax(file, registry: registry)
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        let input = LoweringInput(workflow: try #require(workflow), registry: registry, path: "w.md", registryFiles: [], compilerVersion: "test")
        return try PlanVerifier.verify(try PlanWriter.encode(try Lowering.lower(input)))
    }

    /// What a run left: its outcome, attempts and events.
    struct Ran {
        var outcome: RunOutcome
        var attempts: [AttemptRecord]
        var events: [EventRecord]
        var root: URL

        /// The value of output `name`.
        func output(_ name: String) -> Value? { outcome.result?[field: name] }
        /// The attempts of one step.
        func attempts(_ step: String) -> [AttemptRecord] { attempts.filter { $0.stepID == step } }
    }

    /// Runs a workflow to its end with a state database in the rig's folder.
    func run(_ source: String, environment: [String: String] = [:], timeout: UInt64 = 30_000) async throws -> Ran {
        let plan = try compile(source)
        let state = root.appendingPathComponent(".aiworkflow/state").path
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let store = try StateStore(path: state + "/aiwvm.db")
        var env = ProcessInfo.processInfo.environment.filter { ["PATH", "HOME", "LANG"].contains($0.key) }
        env.merge(environment) { $1 }
        let setup = RunSetup(plan: plan, planPath: "w.plan", inputs: [], environment: env, stateFolder: state, store: store,
                             progress: false, defaultTimeoutMilliseconds: timeout)
        var machine = try Machine(setup)
        let outcome = await machine.run()
        return Ran(outcome: outcome, attempts: try store.attempts(run: outcome.runID), events: try store.events(run: outcome.runID), root: root)
    }

    /// A workflow of tool steps with the rig's tools listed.
    static func workflow(_ steps: String, outputs: String = "", front: String = "") -> String {
        """
        ---
        name: tools
        version: 1.0.0
        tools: [clock, odd, pets, text]
        \(front)\(outputs.isEmpty ? "" : "outputs:\n\(outputs)\n")---

        ## Steps

        \(steps)
        """
    }
}

/// Syncs each distinct registry once for the whole test run: starting `mcp-server-time`
/// takes most of a second.
actor LockCache {
    static let shared = LockCache()
    private var locks: [String: String] = [:]

    func lock(for registry: ProjectRegistry, folder: String) async throws -> String {
        // The key leaves out what does not change the lock (the base URL's port).
        let key = registry.tools.keys.sorted().map { id in
            "\(id):" + (registry.tools[id]?.implementations.map { "\($0.type)\($0.command)\($0.spec ?? "")" }.joined() ?? "")
        }.joined(separator: ";")
        if let known = locks[key] { return known }
        let outcome = await ToolSync.run(registry: registry, previousLock: nil, projectFolder: folder,
                                         environment: ProcessInfo.processInfo.environment, timeoutMilliseconds: 60_000)
        #expect(outcome.failures.isEmpty, "\(outcome.failures)")
        locks[key] = outcome.lockText
        return outcome.lockText
    }
}
