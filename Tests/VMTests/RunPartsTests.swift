import Plan
import Testing
@testable import VM

/// The parts a run is made of, one by one: backoff, redaction, child processes, wall-clock
/// formatting (docs/vm.md §6–8). Whole runs are in Tests/CLITests (Exec*, Resume).
@Suite struct RunPartsTests {
    @Test func backoffGrowsByItsMultiplierUpToItsMaximum() {
        var p = PlanContents.Policy()
        p.initialMilliseconds = 1000
        p.backoffPermille = 2000
        p.maxMilliseconds = 60_000
        p.jitter = false
        #expect((1...8).map { Machine.backoff(p, after: $0) } == [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000])
        p.backoffPermille = 1000
        #expect(Machine.backoff(p, after: 5) == 1000)
        // ±10% jitter, never outside it.
        p.jitter = true
        p.backoffPermille = 2000
        for _ in 0..<200 {
            let d = Machine.backoff(p, after: 3)
            #expect(d >= 3600 && d <= 4400)
        }
        // A huge attempt number neither overflows nor passes the maximum.
        #expect(Machine.backoff(p, after: 1_000_000) <= 66_000)
    }

    @Test func redactionHidesEveryValueLongestFirst() {
        let r = Redactor(["abc", "abcdef", ""])
        #expect(r.apply("x abcdef y abc z") == "x *** y *** z")
        #expect(r.apply("abcabc") == "******")
        #expect(r.apply("nothing here") == "nothing here")
        #expect(Redactor([]).apply("abc") == "abc")
        // Bytes, not characters: a secret in the middle of a multi-byte text.
        #expect(Redactor(["é"]).apply("caféé") == "caf******")
    }

    @Test func aChildGetsItsArgumentsInputAndOnlyItsEnvironment() async throws {
        let r = try await ChildProcess.run(ChildProcess.Request(
            arguments: ["/bin/sh", "-c", "cat; echo \"|$1|${ONLY:-}|${HOME:-none}\"", "sh", "a b"],
            environment: ["ONLY": "yes", "PATH": "/usr/bin:/bin"], input: Array("in\n".utf8))).get()
        #expect(r.end == .exited(0))
        #expect(String(decoding: r.stdout, as: UTF8.self) == "in\n|a b|yes|none\n")
        #expect(!r.timedOut)
    }

    @Test func aProgramThatCannotStartIsUnavailable() async {
        let missing = await ChildProcess.run(ChildProcess.Request(arguments: ["no-such-program-aiw"], environment: ["PATH": "/usr/bin:/bin"]))
        guard case .failure(let f) = missing else { Issue.record("ran"); return }
        #expect(f.kind == .unavailable)
        let empty = await ChildProcess.run(ChildProcess.Request(arguments: [], environment: [:]))
        guard case .failure(let e) = empty else { Issue.record("ran"); return }
        #expect(e.message == "the command is empty")
        let nul = await ChildProcess.run(ChildProcess.Request(arguments: ["/bin/echo", "a\u{0}b"], environment: [:]))
        guard case .failure(let n) = nul else { Issue.record("ran"); return }
        #expect(n.message.contains("NUL"))
    }

    @Test func outputPastTheCapIsDroppedAndCounted() async throws {
        let r = try await ChildProcess.run(ChildProcess.Request(
            arguments: ["/bin/sh", "-c", "head -c 5000 /dev/zero; head -c 300 /dev/zero >&2"],
            environment: ["PATH": "/usr/bin:/bin"], outputCap: 1000)).get()
        #expect(r.stdout.count == 1000 && r.stdoutDropped == 4000)
        #expect(r.stderr.count == 300 && r.stderrDropped == 0)
    }

    @Test func aSignalledChildIsReportedAsSuch() async throws {
        let r = try await ChildProcess.run(ChildProcess.Request(arguments: ["/bin/sh", "-c", "kill -TERM $$"], environment: [:])).get()
        #expect(r.end == .signalled(15))
        #expect(r.end.description == "killed by signal 15")
    }

    @Test func wallClockTextIsUTC() {
        #expect(WallClock.iso(0) == "1970-01-01T00:00:00.000Z")
        #expect(WallClock.iso(1_764_085_572_345) == "2025-11-25T15:46:12.345Z")
        #expect(WallClock.compact(1_764_085_572_345) == "20251125-154612")
        #expect(Machine.seconds(1549) == "1.5s")
    }
}
