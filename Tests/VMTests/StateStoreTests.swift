import Foundation
import GRDB
import Testing
@testable import VM

/// The state store on real SQLite files, each test in its own temporary folder.
@Suite struct StateStoreTests {
    // MARK: Helpers

    /// A fresh folder under the system's temporary folder; the caller removes it.
    static func temporaryFolder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("aiw-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Runs `body` with a database path in a fresh folder, then removes the folder.
    static func withDatabase(_ body: (String) throws -> Void) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try body(folder + "/state/aiwvm.db")
    }

    static func run(_ id: String, workflow: String = "w", status: RunStatus = .running, startedAt: Int64 = 1_700_000_000_000) -> RunRecord {
        RunRecord(id: id, workflow: workflow, planPath: "plans/\(workflow).aiwp", planDigest: "ab12",
                  inputsJSON: #"{"topic":"x"}"#, triggerJSON: #"{"kind":"manual"}"#, status: status,
                  startedAt: startedAt, ownerPID: 4242, ownerHost: "host-a")
    }

    static func step(_ runID: String, _ index: Int, status: StepStatus = .succeeded, output: String? = "{}") -> StepRecord {
        StepRecord(runID: runID, index: index, stepID: "s\(index)", status: status, outputJSON: output,
                   attempts: 1, startedAt: 1_700_000_000_100 + Int64(index), endedAt: 1_700_000_000_200 + Int64(index),
                   costUSD: 0.25)
    }

    /// A text's bytes: `String ==` calls canonically equivalent texts equal, and the store
    /// must give back the very bytes it was given.
    static func bytes(_ s: String?) -> [UInt8]? { s.map { Array($0.utf8) } }

    // MARK: Runs

    @Test func runRoundTripsWithAndWithoutOptionals() throws {
        try Self.withDatabase { path in
            let store = try StateStore(path: path)
            let bare = Self.run("r1")
            var full = Self.run("r2", status: .failed)
            full.endedAt = 1_700_000_009_000
            full.error = "step 'b' failed"
            full.outputsJSON = #"{"n":1}"#
            full.costUSD = 1.5
            full.inputTokens = 10
            full.outputTokens = 20
            try store.createRun(bare)
            try store.createRun(full)
            #expect(try store.run(id: "r1") == bare)
            #expect(try store.run(id: "r2") == full)
            #expect(try store.run(id: "missing") == nil)
        }
    }

    @Test func creatingARunTwiceFails() throws {
        try Self.withDatabase { path in
            let store = try StateStore(path: path)
            try store.createRun(Self.run("r1"))
            let error = #expect(throws: StateError.self) { try store.createRun(Self.run("r1")) }
            #expect(error?.message.contains(path) == true)
            #expect(error?.message.contains("r1") == true)
        }
    }

    @Test func finishAndClaimARun() throws {
        try Self.withDatabase { path in
            let store = try StateStore(path: path)
            try store.createRun(Self.run("r1"))
            try store.finishRun(id: "r1", status: .interrupted, endedAt: 1_700_000_005_000, error: "SIGTERM",
                                outputsJSON: nil)
            var expected = Self.run("r1", status: .interrupted)
            expected.endedAt = 1_700_000_005_000
            expected.error = "SIGTERM"
            #expect(try store.run(id: "r1") == expected)

            try store.claimRun(id: "r1", ownerPID: 99, ownerHost: "host-b")
            expected.status = .running
            expected.endedAt = nil
            expected.error = nil
            expected.ownerPID = 99
            expected.ownerHost = "host-b"
            #expect(try store.run(id: "r1") == expected)

            try store.finishRun(id: "r1", status: .succeeded, endedAt: 1_700_000_006_000, outputsJSON: #"{"ok":true}"#)
            let finished = try store.run(id: "r1")
            #expect(finished?.status == .succeeded)
            #expect(finished?.outputsJSON == #"{"ok":true}"#)

            #expect(throws: StateError.self) { try store.finishRun(id: "nope", status: .failed, endedAt: 1) }
            #expect(throws: StateError.self) { try store.claimRun(id: "nope", ownerPID: 1, ownerHost: "h") }
            #expect(throws: StateError.self) { try store.finishRun(id: "r1", status: .running, endedAt: 1) }
        }
    }

    @Test func runsAreNewestFirstFilteredAndLimited() throws {
        try Self.withDatabase { path in
            let store = try StateStore(path: path)
            // Created out of time order; r4 and r5 start in the same millisecond.
            try store.createRun(Self.run("r3", workflow: "a", status: .failed, startedAt: 300))
            try store.createRun(Self.run("r1", workflow: "a", status: .succeeded, startedAt: 100))
            try store.createRun(Self.run("r4", workflow: "b", status: .succeeded, startedAt: 400))
            try store.createRun(Self.run("r2", workflow: "b", status: .failed, startedAt: 200))
            try store.createRun(Self.run("r5", workflow: "a", status: .succeeded, startedAt: 400))
            func ids(_ runs: [RunRecord]) -> [String] { runs.map(\.id) }
            #expect(ids(try store.runs(limit: 10)) == ["r5", "r4", "r3", "r2", "r1"])
            #expect(ids(try store.runs(limit: 2)) == ["r5", "r4"])
            #expect(ids(try store.runs(limit: 0)) == [])
            #expect(ids(try store.runs(workflow: "a", limit: 10)) == ["r5", "r3", "r1"])
            #expect(ids(try store.runs(status: .failed, limit: 10)) == ["r3", "r2"])
            #expect(ids(try store.runs(workflow: "a", status: .succeeded, limit: 10)) == ["r5", "r1"])
            #expect(ids(try store.runs(workflow: "a", status: .succeeded, limit: 1)) == ["r5"])
            #expect(ids(try store.runs(workflow: "zzz", limit: 10)) == [])
            #expect(ids(try store.runs(status: .interrupted, limit: 10)) == [])
        }
    }

    // MARK: Steps

    @Test func stepsRoundTripByIndexAndRecommitReplaces() throws {
        try Self.withDatabase { path in
            let store = try StateStore(path: path)
            try store.createRun(Self.run("r1"))
            try store.createRun(Self.run("r2"))
            let s2 = Self.step("r1", 2, status: .skipped, output: nil)
            let s0 = Self.step("r1", 0)
            var s1 = Self.step("r1", 1, status: .failed, output: nil)
            s1.error = "exit 3"
            for s in [s2, s0, s1, Self.step("r2", 0)] { try store.commitStep(s) }
            #expect(try store.steps(run: "r1") == [s0, s1, s2])

            var again = Self.step("r1", 1, output: #"{"second":true}"#)
            again.attempts = 2
            again.costUSD = 0.75
            try store.commitStep(again)
            #expect(try store.steps(run: "r1") == [s0, again, s2])
            #expect(try store.steps(run: "r2").count == 1)
            #expect(try store.steps(run: "none") == [])
        }
    }

    @Test func aStepOfAnUnknownRunIsRefused() throws {
        try Self.withDatabase { path in
            let store = try StateStore(path: path)
            let error = #expect(throws: StateError.self) { try store.commitStep(Self.step("ghost", 0)) }
            #expect(error?.message.contains(path) == true)
            #expect(error?.message.contains("FOREIGN KEY") == true)
            #expect(try store.steps(run: "ghost") == [])
        }
    }

    // MARK: Attempts

    @Test func attemptsRoundTripInOrderAndAddUpInTheRun() throws {
        try Self.withDatabase { path in
            let store = try StateStore(path: path)
            try store.createRun(Self.run("r1"))
            let full = AttemptRecord(runID: "r1", stepIndex: 1, stepID: "b", iteration: 2, number: 1, agent: "claude",
                                     status: .failed, failureKind: "timeout", message: "ran past 30s", exitStatus: -9,
                                     startedAt: 1_700_000_000_500, durationMilliseconds: 30_000, costUSD: 0.5,
                                     inputTokens: 100, outputTokens: 7, sessionID: "sess-1",
                                     folder: "runs/r1/steps/1/2/1")
            let bare = AttemptRecord(runID: "r1", stepIndex: 0, stepID: "a", number: 1, status: .succeeded,
                                     startedAt: 1_700_000_000_100, durationMilliseconds: 12)
            let second = AttemptRecord(runID: "r1", stepIndex: 1, stepID: "b", iteration: 2, number: 2, agent: "codex",
                                       status: .succeeded, startedAt: 1_700_000_031_000, durationMilliseconds: 900,
                                       costUSD: 0.25, inputTokens: 50, outputTokens: 3)
            let earlierIteration = AttemptRecord(runID: "r1", stepIndex: 1, stepID: "b", iteration: 0, number: 1,
                                                 status: .succeeded, startedAt: 1_700_000_000_300, durationMilliseconds: 5)
            for a in [second, full, bare, earlierIteration] { try store.recordAttempt(a) }
            #expect(try store.attempts(run: "r1") == [bare, earlierIteration, full, second])

            let run = try store.run(id: "r1")
            #expect(run?.costUSD == 0.75)
            #expect(run?.inputTokens == 150)
            #expect(run?.outputTokens == 10)
        }
    }

    @Test func anAttemptOfAnUnknownRunChangesNothing() throws {
        try Self.withDatabase { path in
            let store = try StateStore(path: path)
            let ghost = AttemptRecord(runID: "ghost", stepIndex: 0, stepID: "a", number: 1, status: .failed,
                                      startedAt: 1, durationMilliseconds: 1, costUSD: 1)
            #expect(throws: StateError.self) { try store.recordAttempt(ghost) }
            #expect(try store.attempts(run: "ghost") == [])
        }
    }

    // MARK: Events and failovers

    @Test func eventsRoundTripBySequence() throws {
        try Self.withDatabase { path in
            let store = try StateStore(path: path)
            try store.createRun(Self.run("r1"))
            try store.createRun(Self.run("r2"))
            #expect(try store.lastEventSequence(run: "r1") == 0)
            func event(_ run: String, _ n: Int64) -> EventRecord {
                EventRecord(runID: run, sequence: n, at: 1_700_000_000_000 + n, type: "step_started",
                            json: #"{"seq":\#(n),"type":"step_started"}"#)
            }
            try store.appendEvent(event("r1", 2))
            try store.appendEvent(event("r1", 1))
            try store.appendEvents([event("r1", 3), event("r1", 4)])
            try store.appendEvents([])
            try store.appendEvent(event("r2", 1))
            #expect(try store.events(run: "r1") == (1...4).map { event("r1", $0) })
            #expect(try store.lastEventSequence(run: "r1") == 4)
            #expect(try store.lastEventSequence(run: "r2") == 1)

            // A repeated number is refused, and a batch holding one stores nothing.
            #expect(throws: StateError.self) { try store.appendEvent(event("r1", 3)) }
            #expect(throws: StateError.self) { try store.appendEvents([event("r1", 5), event("r1", 2)]) }
            #expect(try store.lastEventSequence(run: "r1") == 4)
        }
    }

    @Test func failoversRoundTripInOrder() throws {
        try Self.withDatabase { path in
            let store = try StateStore(path: path)
            try store.createRun(Self.run("r1"))
            let first = FailoverRecord(runID: "r1", stepIndex: 3, stepID: "review", fromAgent: "claude",
                                       toAgent: "codex", reason: "rate_limited", at: 1_700_000_000_900)
            let last = FailoverRecord(runID: "r1", stepIndex: 3, stepID: "review", fromAgent: "codex",
                                      reason: "circuit_open", at: 1_700_000_000_800)
            try store.recordFailover(first)
            try store.recordFailover(last)
            #expect(try store.failovers(run: "r1") == [first, last])
            #expect(try store.failovers(run: "r2") == [])
        }
    }

    // MARK: Circuits

    @Test func circuitsAreUpserted() throws {
        try Self.withDatabase { path in
            let store = try StateStore(path: path)
            #expect(try store.circuit(agent: "claude") == nil)
            let closed = CircuitRecord(agent: "claude", failures: 2, updatedAt: 10)
            try store.saveCircuit(closed)
            #expect(try store.circuit(agent: "claude") == closed)
            let open = CircuitRecord(agent: "claude", state: .open, failures: 5, openedAt: 20, updatedAt: 20)
            try store.saveCircuit(open)
            #expect(try store.circuit(agent: "claude") == open)
            let halfOpen = CircuitRecord(agent: "claude", state: .halfOpen, failures: 5, successes: 1,
                                         openedAt: 20, updatedAt: 90)
            try store.saveCircuit(halfOpen)
            try store.saveCircuit(CircuitRecord(agent: "codex", updatedAt: 5))
            #expect(try store.circuit(agent: "claude") == halfOpen)
            #expect(try store.circuit(agent: "codex")?.state == .closed)
            let rows = try store.queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM circuits") }
            #expect(rows == 2)
        }
    }

    // MARK: The connection

    @Test func pragmasAreSet() throws {
        try Self.withDatabase { path in
            let store = try StateStore(path: path)
            let (journal, synchronous, foreignKeys, busy) = try store.queue.read { db in
                (try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                 try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                 try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
                 try Int.fetchOne(db, sql: "PRAGMA busy_timeout"))
            }
            #expect(journal == "wal")
            #expect(synchronous == 1) // NORMAL between durable writes (StateDurabilityTests)
            #expect(foreignKeys == 1)
            #expect(busy == 5000)
            let fullfsync = try store.queue.read { db in try Int.fetchOne(db, sql: "PRAGMA fullfsync") }
            #expect(fullfsync == 1)
        }
    }

    @Test func createsMissingFolders() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/a/b/c/aiwvm.db"
        let store = try StateStore(path: path)
        try store.createRun(Self.run("r1"))
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func twoStoresOnOneFileSeeEachOthersCommits() throws {
        try Self.withDatabase { path in
            let a = try StateStore(path: path)
            let b = try StateStore(path: path)
            try a.createRun(Self.run("r1"))
            #expect(try b.run(id: "r1") == Self.run("r1"))
            try b.commitStep(Self.step("r1", 0))
            #expect(try a.steps(run: "r1") == [Self.step("r1", 0)])
            try a.saveCircuit(CircuitRecord(agent: "x", state: .open, failures: 3, openedAt: 1, updatedAt: 1))
            #expect(try b.circuit(agent: "x")?.state == .open)
        }
    }

    @Test func storesOpeningANewFileAtOnceAllSucceed() throws {
        try Self.withDatabase { path in
            let results = OpenResults()
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do {
                    let store = try StateStore(path: path)
                    results.add(try store.runs(limit: 1).isEmpty ? nil : "unexpected runs")
                } catch {
                    results.add(String(describing: error))
                }
            }
            #expect(results.all == [nil, nil, nil, nil])
        }
    }

    /// The outcomes of concurrent opens, gathered under a lock.
    final class OpenResults: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [String?] = []
        func add(_ result: String?) { lock.withLock { results.append(result) } }
        var all: [String?] { lock.withLock { results } }
    }

    @Test func reopeningKeepsEverything() throws {
        try Self.withDatabase { path in
            let attempt = AttemptRecord(runID: "r1", stepIndex: 0, stepID: "s0", number: 1, status: .succeeded,
                                        startedAt: 5, durationMilliseconds: 6, costUSD: 0.5)
            let event = EventRecord(runID: "r1", sequence: 1, at: 7, type: "run_started", json: "{}")
            let failover = FailoverRecord(runID: "r1", stepIndex: 0, stepID: "s0", fromAgent: "a", toAgent: "b",
                                          reason: "timeout", at: 8)
            let circuit = CircuitRecord(agent: "a", state: .open, failures: 5, openedAt: 8, updatedAt: 8)
            do {
                // The only handle goes out of scope here, which closes the connection.
                let store = try StateStore(path: path)
                try store.createRun(Self.run("r1"))
                try store.commitStep(Self.step("r1", 0))
                try store.recordAttempt(attempt)
                try store.appendEvent(event)
                try store.recordFailover(failover)
                try store.saveCircuit(circuit)
            }
            let store = try StateStore(path: path)
            var run = Self.run("r1")
            run.costUSD = 0.5
            #expect(try store.run(id: "r1") == run)
            #expect(try store.steps(run: "r1") == [Self.step("r1", 0)])
            #expect(try store.attempts(run: "r1") == [attempt])
            #expect(try store.events(run: "r1") == [event])
            #expect(try store.lastEventSequence(run: "r1") == 1)
            #expect(try store.failovers(run: "r1") == [failover])
            #expect(try store.circuit(agent: "a") == circuit)
        }
    }

    /// A newer VM records its migration and raises the schema generation (99); a migration
    /// this VM does not know is refused even without the generation (0).
    @Test(arguments: [99, 0])
    func aDatabaseFromANewerVMIsRefused(generation: Int) throws {
        try Self.withDatabase { path in
            do {
                let store = try StateStore(path: path)
                try store.queue.writeWithoutTransaction { db in
                    try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99'); PRAGMA user_version = \(generation)")
                }
            }
            let error = #expect(throws: StateError.self) { try StateStore(path: path) }
            #expect(error?.message.contains(path) == true)
            #expect(error?.message.contains("newer") == true)
        }
    }

    @Test func aDatabaseFromBeforeTheGenerationIsOpenedAndMarked() throws {
        try Self.withDatabase { path in
            do {
                let store = try StateStore(path: path)
                try store.createRun(Self.run("r1"))
                try store.queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = 0") }
            }
            let store = try StateStore(path: path)
            #expect(try store.run(id: "r1") == Self.run("r1"))
            let generation = try store.queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") }
            #expect(generation == StateSchema.generation)
        }
    }

    // MARK: Files that are not databases

    @Test func aFileThatIsNotADatabaseIsNamed() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/aiwvm.db"
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })
        try garbage.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StateError.self) { try StateStore(path: path) }
        #expect(error?.path == path)
        #expect(error?.message.contains(path) == true)
        #expect(error?.message.contains("not a database") == true)
        #expect(error?.sqliteCode == 26) // SQLITE_NOTADB
    }

    @Test func aParentThatIsAFileIsNamed() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/plain"
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: file))

        let direct = #expect(throws: StateError.self) { try StateStore(path: file + "/aiwvm.db") }
        #expect(direct?.message.contains(file + "/aiwvm.db") == true)
        #expect(direct?.message.contains("is not a folder") == true)

        let nested = #expect(throws: StateError.self) { try StateStore(path: file + "/state/aiwvm.db") }
        #expect(nested?.message.contains(file + "/state/aiwvm.db") == true)
        #expect(nested?.message.contains("cannot create folder \(file)/state") == true)
    }

    @Test(.enabled(if: getuid() != 0, "permission bits do not stop root"))
    func anUnwritableFolderIsNamed() throws {
        let folder = try Self.temporaryFolder()
        defer {
            chmod(folder, 0o700)
            try? FileManager.default.removeItem(atPath: folder)
        }
        #expect(chmod(folder, 0o500) == 0)
        let error = #expect(throws: StateError.self) { try StateStore(path: folder + "/aiwvm.db") }
        #expect(error?.message.contains(folder) == true)
    }

    @Test func anEmptyPathIsRefused() {
        #expect(throws: StateError.self) { try StateStore(path: "") }
    }

    // MARK: Stored values

    @Test func awkwardStringsAreStoredExactly() throws {
        let awkward = [
            #"sk-"quoted" 'single' \backslash\ \" \\"#,
            "line one\nline two\r\nline three\ttab",
            "'); DROP TABLE runs; --",
            "%s %d %n ? ?1 :name @x $y",
            "e\u{301} vs \u{E9}, Å vs A\u{30A}, ﬁ, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🔑🧪, \u{2028}\u{2029}\u{FEFF}",
            String(repeating: "ghp_0123456789abcdefABCDEF", count: 4000),
        ]
        try Self.withDatabase { path in
            let store = try StateStore(path: path)
            for (k, text) in awkward.enumerated() {
                let id = "run-\(k)-\(text.prefix(20))"
                var run = Self.run(id)
                run.inputsJSON = text
                run.triggerJSON = text
                run.planDigest = text
                try store.createRun(run)
                try store.finishRun(id: id, status: .failed, endedAt: 9, error: text, outputsJSON: text)
                try store.commitStep(StepRecord(runID: id, index: 0, stepID: text, status: .failed, outputJSON: text,
                                                attempts: 1, startedAt: 1, endedAt: 2, error: text))
                try store.recordAttempt(AttemptRecord(runID: id, stepIndex: 0, stepID: text, number: 1, agent: text,
                                                      status: .failed, failureKind: text, message: text,
                                                      startedAt: 1, durationMilliseconds: 1, sessionID: text,
                                                      folder: text))
                try store.appendEvent(EventRecord(runID: id, sequence: 1, at: 1, type: text, json: text))
                try store.saveCircuit(CircuitRecord(agent: text, updatedAt: 1))

                let stored = try #require(try store.run(id: id))
                #expect(Self.bytes(stored.id) == Self.bytes(id))
                for value in [stored.inputsJSON, stored.triggerJSON, stored.planDigest, stored.error, stored.outputsJSON] {
                    #expect(Self.bytes(value) == Self.bytes(text))
                }
                let step = try #require(try store.steps(run: id).first)
                for value in [step.stepID, step.outputJSON, step.error] {
                    #expect(Self.bytes(value) == Self.bytes(text))
                }
                let attempt = try #require(try store.attempts(run: id).first)
                for value in [attempt.stepID, attempt.agent, attempt.failureKind, attempt.message, attempt.sessionID,
                              attempt.folder] {
                    #expect(Self.bytes(value) == Self.bytes(text))
                }
                let event = try #require(try store.events(run: id).first)
                #expect(Self.bytes(event.type) == Self.bytes(text))
                #expect(Self.bytes(event.json) == Self.bytes(text))
                #expect(Self.bytes(try store.circuit(agent: text)?.agent) == Self.bytes(text))
            }
            // Canonically equivalent ids are different runs: the database compares bytes.
            try store.createRun(Self.run("caf\u{E9}"))
            #expect(try store.run(id: "cafe\u{301}") == nil)
        }
    }

    @Test func errorsDoNotQuoteStoredValues() throws {
        try Self.withDatabase { path in
            let store = try StateStore(path: path)
            let secret = "sk-live-SECRET-0123456789"
            var step = Self.step("ghost", 0, output: #"{"token":"\#(secret)"}"#)
            step.error = secret
            let error = #expect(throws: StateError.self) { try store.commitStep(step) }
            #expect(error?.message.contains(secret) == false)
        }
    }
}

/// Durability across processes: a child process commits and is killed at once (no close,
/// no checkpoint), and a new connection still finds the commit. The child is this test
/// binary run again on one test, which does its work only when the variable names a
/// database (and is reported as skipped otherwise).
@Suite struct StateStoreProcessTests {
    static let childVariable = "AIW_STATE_CHILD_DATABASE"
    static var childDatabase: String? { ProcessInfo.processInfo.environment[childVariable] }
    /// The running test binary; Linux only, where `swift test` runs it as an executable.
    static var testBinary: String? { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") }

    static let run = RunRecord(id: "child", workflow: "w", planPath: "p", planDigest: "00", inputsJSON: "{}",
                               triggerJSON: "{}", startedAt: 1, ownerPID: 1, ownerHost: "h")
    static let step = StepRecord(runID: "child", index: 0, stepID: "s", status: .succeeded,
                                 outputJSON: #"{"durable":true}"#, attempts: 1, startedAt: 2, endedAt: 3)

    @Test(.enabled(if: testBinary != nil && childDatabase == nil, "needs /proc/self/exe"))
    func aCommitSurvivesTheKillOfItsProcess() throws {
        let binary = try #require(Self.testBinary)
        try StateStoreTests.withDatabase { path in
            let child = Process()
            child.executableURL = URL(fileURLWithPath: binary)
            child.arguments = ["--testing-library", "swift-testing", "--filter", "childCommitsThenIsKilled"]
            child.environment = ProcessInfo.processInfo.environment.merging([Self.childVariable: path]) { $1 }
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            try child.run()
            child.waitUntilExit()
            // Killed by its own SIGKILL: it got past the commit, and nothing ran after it.
            #expect(child.terminationReason == .uncaughtSignal)
            #expect(child.terminationStatus == SIGKILL)
            let store = try StateStore(path: path)
            #expect(try store.run(id: "child") == Self.run)
            #expect(try store.steps(run: "child") == [Self.step])
        }
    }

    @Test(.enabled(if: childDatabase != nil, "the child half of aCommitSurvivesTheKillOfItsProcess"))
    func childCommitsThenIsKilled() throws {
        let path = try #require(Self.childDatabase)
        let store = try StateStore(path: path)
        try store.createRun(Self.run)
        try store.commitStep(Self.step)
        kill(getpid(), SIGKILL)
    }
}
