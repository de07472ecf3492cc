import Foundation
import Testing

/// Durability: a run killed with SIGKILL, or stopped with SIGINT or SIGTERM, resumes from
/// its first incomplete step, and every completed step has run exactly once (docs/vm.md §8).
@Suite struct ResumeTests {
    /// Four steps that each append a line to `ROOT/log`; the third waits for `ROOT/go`.
    static let workflow = workflowText("""
        name: durable
        inputs:
          tag: { type: string }
        outputs:
          last: "{{ steps.d.output }}"
        """, steps: """
        ### a: A
        ```action
        run: [sh, -c, "echo a-{{ inputs.tag }} >> ROOT/log; echo a"]
        ```

        ### b: B
        ```action
        run: [sh, -c, "echo b >> ROOT/log; echo b"]
        ```

        ### c: C
        ```action
        run: [sh, -c, "echo c-start >> ROOT/log; while [ ! -e ROOT/go ]; do sleep 0.05; done; echo c >> ROOT/log; echo c"]
        ```

        ### d: D
        ```action
        run: [sh, -c, "echo d >> ROOT/log; echo {{ steps.a.output }}{{ steps.b.output }}{{ steps.c.output }}d"]
        ```
        """)

    /// Starts `aiwvm exec` in the background and waits until step c has started.
    static func startAndWaitForC(_ p: ExecProject, plan: String) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = binDirectory.appendingPathComponent("aiwvm")
        process.arguments = ["exec", plan, "--input", "tag=t1"]
        process.currentDirectoryURL = p.root
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var started = false
        for _ in 0..<400 where !started {
            started = p.read("log").contains("c-start")
            if !started { usleep(25_000) }
        }
        #expect(started, "step c never started")
        return (process, err)
    }

    @Test func aRunKilledWithSIGKILLResumesAndCompletedStepsRunOnce() throws {
        let p = try ExecProject()
        let plan = try p.compile("durable", Self.workflow)
        let (process, err) = try Self.startAndWaitForC(p, plan: plan)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let id = try #require(ExecProject.runID(stderr))
        // The orphaned step c is still waiting; let it and its successor finish.
        try Data().write(to: p.root.appendingPathComponent("go"))
        usleep(200_000)
        // The database says what was durable: a and b committed, the run still marked running.
        let before = try p.show(id)
        #expect(before["status"] as? String == "running")
        #expect((before["steps"] as? [[String: Any]])?.map { $0["id"] as? String } == ["a", "b"])
        let r = try p.vm(["resume", id])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "last: abcd\n")
        #expect(r.stderr.contains("resuming run \(id) (2 of 4 steps done)"), "\(r.stderr)")
        let lines = p.read("log").split(separator: "\n")
        #expect(lines.filter { $0 == "a-t1" }.count == 1)
        #expect(lines.filter { $0 == "b" }.count == 1)
        #expect(lines.filter { $0 == "d" }.count == 1)
        let after = try p.show(id)
        #expect(after["status"] as? String == "succeeded")
        #expect((after["steps"] as? [[String: Any]])?.map { $0["id"] as? String } == ["a", "b", "c", "d"])
        // Resuming a finished run is refused.
        let again = try p.vm(["resume", id])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already succeeded"))
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func aSignalInterruptsTheRunWhichThenResumes(signal: Int32, status: Int32) throws {
        let p = try ExecProject()
        let plan = try p.compile("durable", Self.workflow)
        let (process, err) = try Self.startAndWaitForC(p, plan: plan)
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationStatus == status)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.contains("interrupted; continue with `aiwvm resume"), "\(stderr)")
        let id = try #require(ExecProject.runID(stderr))
        #expect(try p.show(id)["status"] as? String == "interrupted")
        // Step c's process group was stopped with the run: it never wrote its last line.
        try Data().write(to: p.root.appendingPathComponent("go"))
        usleep(300_000)
        #expect(!p.read("log").split(separator: "\n").contains("c"))
        let r = try p.vm(["resume", id, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "last: abcd\n")
        let lines = p.read("log").split(separator: "\n")
        #expect(lines.filter { $0 == "a-t1" || $0 == "b" }.count == 2)
    }

    @Test func aDifferentPlanIsRefused() throws {
        let p = try ExecProject()
        let plan = try p.compile("durable", Self.workflow)
        try Data().write(to: p.root.appendingPathComponent("go"))
        let failing = try p.compile("other", workflowText("name: durable\nretry: { max_attempts: 1 }", steps: """
            ### a: A
            ```action
            run: ["false"]
            ```
            """))
        let r = try p.vm(["exec", failing])
        #expect(r.status == 1)
        let id = try #require(ExecProject.runID(r.stderr))
        let refused = try p.vm(["resume", id, "--plan", plan])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("resumes only with the plan it started with"))
        let unknown = try p.vm(["resume", "nope"])
        #expect(unknown.status == 2)
    }
}
