import Foundation
import GRDB
import Synchronization
import Testing
@testable import VM

/// Which writes flush the disk (docs/vm.md §8): a step's commit and a run's end commit with
/// `synchronous=FULL`, with the event that announces them in the same transaction; every
/// other write commits with NORMAL; the WAL outlives the connection.
@Suite struct StateDurabilityTests {
    typealias Store = StateStoreTests

    /// The statements the connection runs while `body` runs, in order.
    static func statements(of store: StateStore, during body: () throws -> Void) throws -> [String] {
        let seen = Mutex<[String]>([])
        store.queue.inDatabase { db in
            db.trace { event in
                let text = event.description
                seen.withLock { $0.append(text) }
            }
        }
        defer { store.queue.inDatabase { db in db.trace(nil) } }
        try body()
        return seen.withLock { $0 }
    }

    /// Positions of the first statement starting with each prefix (nil when absent).
    static func position(_ prefix: String, in statements: [String]) -> Int? {
        statements.firstIndex { $0.hasPrefix(prefix) }
    }

    static func event(_ run: String, _ sequence: Int64, _ type: String) -> EventRecord {
        EventRecord(runID: run, sequence: sequence, at: 1_700_000_000_000 + sequence, type: type,
                    json: #"{"seq":\#(sequence),"type":"\#(type)"}"#)
    }

    @Test func theConnectionRestsAtNormal() throws {
        try Store.withDatabase { path in
            let store = try StateStore(path: path)
            try store.createRun(Store.run("r1"))
            try store.commitStep(Store.step("r1", 0))
            let synchronous = try store.queue.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
            #expect(synchronous == 1) // NORMAL, back after the durable commit
        }
    }

    @Test func aStepCommitIsFullAndCarriesItsEvent() throws {
        try Store.withDatabase { path in
            let store = try StateStore(path: path)
            try store.createRun(Store.run("r1"))
            let sql = try Self.statements(of: store) {
                try store.commitStep(Store.step("r1", 0), event: Self.event("r1", 1, "step.committed"))
            }
            let full = try #require(Self.position("PRAGMA synchronous = FULL", in: sql))
            let begin = try #require(Self.position("BEGIN IMMEDIATE", in: sql))
            let insertStep = try #require(Self.position("INSERT OR REPLACE INTO steps", in: sql))
            let insertEvent = try #require(Self.position("INSERT INTO events", in: sql))
            let commit = try #require(Self.position("COMMIT", in: sql))
            let normal = try #require(Self.position("PRAGMA synchronous = NORMAL", in: sql))
            #expect(full < begin && begin < insertStep && insertStep < insertEvent && insertEvent < commit && commit < normal)
            #expect(try store.events(run: "r1").map(\.type) == ["step.committed"])
        }
    }

    @Test func otherWritesDoNotAskForFull() throws {
        try Store.withDatabase { path in
            let store = try StateStore(path: path)
            let sql = try Self.statements(of: store) {
                try store.createRun(Store.run("r1"))
                try store.appendEvent(Self.event("r1", 1, "run.started"))
                try store.saveCircuit(CircuitRecord(agent: "a", state: .open, failures: 5, openedAt: 1, updatedAt: 1))
                try store.claimRun(id: "r1", ownerPID: 1, ownerHost: "h")
            }
            #expect(!sql.isEmpty)
            #expect(Self.position("PRAGMA synchronous = FULL", in: sql) == nil)
        }
    }

    @Test func aRunsEndIsFullAndCarriesItsEvent() throws {
        try Store.withDatabase { path in
            let store = try StateStore(path: path)
            try store.createRun(Store.run("r1"))
            let sql = try Self.statements(of: store) {
                try store.finishRun(id: "r1", status: .succeeded, endedAt: 9, event: Self.event("r1", 1, "run.finished"))
            }
            let full = try #require(Self.position("PRAGMA synchronous = FULL", in: sql))
            let update = try #require(Self.position("UPDATE runs", in: sql))
            #expect(full < update)
            #expect(try store.run(id: "r1")?.status == .succeeded)
            #expect(try store.events(run: "r1").map(\.type) == ["run.finished"])
        }
    }

    @Test func aCommitWhoseEventFailsStoresNeither() throws {
        try Store.withDatabase { path in
            let store = try StateStore(path: path)
            try store.createRun(Store.run("r1"))
            try store.appendEvent(Self.event("r1", 1, "step.started"))
            // Sequence 1 is taken: the event's insert fails, and the step must go with it.
            #expect(throws: StateError.self) {
                try store.commitStep(Store.step("r1", 0), event: Self.event("r1", 1, "step.committed"))
            }
            #expect(try store.steps(run: "r1").isEmpty)
            #expect(throws: StateError.self) {
                try store.finishRun(id: "r1", status: .failed, endedAt: 9, event: Self.event("r1", 1, "run.finished"))
            }
            #expect(try store.run(id: "r1")?.status == .running)
            // A missing run stores no event either.
            #expect(throws: StateError.self) {
                try store.finishRun(id: "nope", status: .failed, endedAt: 9, event: Self.event("r1", 2, "run.finished"))
            }
            #expect(try store.events(run: "r1").map(\.sequence) == [1])
            // The connection is usable, and back at NORMAL, after the failures.
            try store.commitStep(Store.step("r1", 0), event: Self.event("r1", 2, "step.committed"))
            #expect(try store.queue.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 1)
        }
    }

    @Test func anAttemptIsStoredWithItsEventOrNotAtAll() throws {
        try Store.withDatabase { path in
            let store = try StateStore(path: path)
            try store.createRun(Store.run("r1"))
            try store.appendEvent(Self.event("r1", 1, "step.started"))
            let attempt = AttemptRecord(runID: "r1", stepIndex: 0, stepID: "a", number: 1, status: .succeeded,
                                        startedAt: 5, durationMilliseconds: 6, costUSD: 0.5)
            #expect(throws: StateError.self) { try store.recordAttempt(attempt, event: Self.event("r1", 1, "attempt.finished")) }
            #expect(try store.attempts(run: "r1").isEmpty)
            #expect(try store.run(id: "r1")?.costUSD == 0)
            try store.recordAttempt(attempt, event: Self.event("r1", 2, "attempt.finished"))
            #expect(try store.attempts(run: "r1").count == 1)
            #expect(try store.events(run: "r1").map(\.type) == ["step.started", "attempt.finished"])
            #expect(try store.run(id: "r1")?.costUSD == 0.5)
        }
    }

    @Test func aDurableWriteRunsAtFullEveryTime() throws {
        try Store.withDatabase { path in
            let store = try StateStore(path: path)
            for _ in 0..<2 {
                var inside: Int?
                try store.durableWrite("test") { db in inside = try Int.fetchOne(db, sql: "PRAGMA synchronous") }
                #expect(inside == 2) // FULL while the body runs
                #expect(try store.queue.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 1)
            }
        }
    }

    @Test func theSchemaGenerationCountsTheMigrations() {
        // A migration added without raising the generation would never run on a database
        // the previous VM marked up to date.
        #expect(StateSchema.generation == StateSchema.migrator.migrations.count)
    }

    @Test func theWALOutlivesTheConnectionAndItsRowsAreRead() throws {
        try Store.withDatabase { path in
            do {
                let store = try StateStore(path: path)
                try store.createRun(Store.run("r1"))
                try store.commitStep(Store.step("r1", 0))
            }
            // Closed without a checkpoint: the log is still there, and holds the rows.
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            let attributes = try FileManager.default.attributesOfItem(atPath: path + "-wal")
            #expect((attributes[.size] as? Int ?? 0) > 0)
            let again = try StateStore(path: path)
            #expect(try again.steps(run: "r1") == [Store.step("r1", 0)])
            try again.commitStep(Store.step("r1", 1))
            #expect(try again.steps(run: "r1").count == 2)
        }
    }
}
