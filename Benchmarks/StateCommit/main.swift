import Foundation
import GRDBSQLite
import VM

/// Times the state store's checkpoint (`scripts/bench-state`): how many
/// `StateStore.commitStep` calls with a 512-byte output and its `step.committed` event (as
/// the VM commits a step) a second, against a raw sqlite3
/// commit of a 512-byte row (WAL, `synchronous=FULL`, one INSERT a transaction, the
/// prepared statement reused), interleaved in ROUNDS rounds of COMMITS commits each so
/// that both meet the same disk weather. Prints the median rate of each and their ratio;
/// exits 1 when the ratio is under MIN_RATIO (default 0.5).
///
///     bench-state-commit [FOLDER] [ROUNDS] [COMMITS] [MIN_RATIO]
///
/// FOLDER (default `.build-release/bench-state`) holds both databases; any left there by
/// an earlier run are deleted first. Put it on the disk whose flushes you mean to
/// measure, not a tmpfs.

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func fail(_ message: String) -> Never {
    print("bench-state-commit: \(message)")
    exit(2)
}

let args = CommandLine.arguments
let folder = args.count > 1 ? args[1] : ".build-release/bench-state"
let rounds = args.count > 2 ? max(1, Int(args[2]) ?? 10) : 10
let commits = args.count > 3 ? max(1, Int(args[3]) ?? 200) : 200
let minimumRatio = args.count > 4 ? Double(args[4]) ?? 0.5 : 0.5

/// 512 bytes of JSON: `{"text":"xxx…"}`.
let payload = "{\"text\":\"" + String(repeating: "x", count: 512 - 11) + "\"}"
precondition(payload.utf8.count == 512)

// Start from nothing, so the two databases grow alike.
for file in ["raw.db", "raw.db-wal", "raw.db-shm", "state/aiwvm.db", "state/aiwvm.db-wal", "state/aiwvm.db-shm"] {
    unlink(folder + "/" + file)
}
mkdir(folder, 0o755)

/// The baseline: the sqlite3 C API with nothing in between.
struct RawSQLite {
    var db: OpaquePointer
    var insert: OpaquePointer

    init(path: String) {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK,
              let handle else { fail("cannot open \(path)") }
        db = handle
        let setup = """
            PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
            CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);
            """
        guard sqlite3_exec(db, setup, nil, nil, nil) == SQLITE_OK else {
            fail("cannot set up \(path): \(String(cString: sqlite3_errmsg(db)))")
        }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, "INSERT INTO t (payload) VALUES (?)", -1, &statement, nil) == SQLITE_OK,
              let statement else { fail("cannot prepare the insert") }
        insert = statement
    }

    /// One autocommit INSERT: one transaction, one WAL flush.
    func commit(_ text: String) {
        var text = text
        let rc = text.withUTF8 { bytes in
            // SQLITE_STATIC (nil): the bytes outlive the step, so SQLite need not copy them.
            sqlite3_bind_text(insert, 1, UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self),
                              Int32(bytes.count), nil)
            defer { sqlite3_reset(insert) }
            return sqlite3_step(insert)
        }
        guard rc == SQLITE_DONE else { fail("raw insert: \(String(cString: sqlite3_errmsg(db)))") }
    }
}

let raw = RawSQLite(path: folder + "/raw.db")
let store: StateStore
do {
    store = try StateStore(path: folder + "/state/aiwvm.db")
    try store.createRun(RunRecord(id: "bench", workflow: "bench", planPath: "bench.aiwp", planDigest: "00",
                                  inputsJSON: "{}", triggerJSON: "{}", startedAt: 0, ownerPID: Int64(getpid()),
                                  ownerHost: "localhost"))
} catch {
    fail(error.message)
}

func timeRaw(_ raw: RawSQLite, _ commits: Int) -> Double {
    let start = now()
    for _ in 0..<commits { raw.commit(payload) }
    return Double(commits) / (now() - start)
}

/// Commits `commits` new steps from index `next` on, each with its event, as a run does.
func timeStore(_ store: StateStore, _ next: inout Int, _ commits: Int) -> Double {
    let start = now()
    for _ in 0..<commits {
        let step = StepRecord(runID: "bench", index: next, stepID: "s\(next)", status: .succeeded,
                              outputJSON: payload, attempts: 1, startedAt: 1, endedAt: 2)
        next += 1
        let event = EventRecord(runID: "bench", sequence: Int64(next), at: 2, type: "step.committed",
                                json: #"{"seq":\#(next),"at":"2026-12-07T00:00:00.002Z","run":"bench","type":"step.committed","step":"s\#(next - 1)","attempts":1,"milliseconds":1}"#)
        do { try store.commitStep(step, event: event) } catch { fail(error.message) }
    }
    return Double(commits) / (now() - start)
}

// Warm up both past the WAL's growth: until the first checkpoint (at 1,000 pages) every
// commit extends the -wal file, and a flush that changes a file's size costs more. The
// store's step rows take two pages a commit (table and primary-key index), the raw rows
// one, so without this the early rounds would measure which file is still growing.
var nextIndex = 0
_ = (timeRaw(raw, 1_000), timeStore(store, &nextIndex, 1_000))

print("\(rounds) rounds of \(commits) commits each, 512-byte rows, WAL, synchronous=FULL, in \(folder)")
print("round     raw/s   store/s   ratio")
var rawRates: [Double] = []
var storeRates: [Double] = []
for round in 1...rounds {
    // Alternate who goes first, so neither always follows the other's checkpoint.
    let (r, s): (Double, Double)
    if round % 2 == 1 {
        r = timeRaw(raw, commits)
        s = timeStore(store, &nextIndex, commits)
    } else {
        s = timeStore(store, &nextIndex, commits)
        r = timeRaw(raw, commits)
    }
    rawRates.append(r)
    storeRates.append(s)
    print(String(format: "%5d  %8.0f  %8.0f   %5.2f", round, r, s, s / r))
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
let rawMedian = median(rawRates)
let storeMedian = median(storeRates)
let ratio = storeMedian / rawMedian
print(String(format: "raw sqlite3 commit: %.0f commits/s (median)", rawMedian))
print(String(format: "StateStore.commitStep: %.0f commits/s (median)", storeMedian))
print(String(format: "ratio store/raw %.2f (minimum %.2f) ", ratio, minimumRatio) + (ratio >= minimumRatio ? "ok" : "UNDER MINIMUM"))
exit(ratio >= minimumRatio ? 0 : 1)
