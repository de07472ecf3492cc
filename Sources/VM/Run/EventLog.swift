#if canImport(Glibc)
import Glibc
#endif

/// Where a run reports what happens: the NDJSON event stream (`--events`), the state
/// database's events table, and progress lines on standard error (docs/vm.md §8). Every
/// line passes through the run's ``Redactor`` first.
struct EventLog {
    let runID: String
    /// The last sequence number written (a resumed run continues the numbering).
    var sequence: Int64
    /// The `--events` descriptor, if any.
    let fd: Int32?
    let store: StateStore?
    let redactor: Redactor
    /// Whether progress lines go to standard error.
    let progress: Bool
    /// The live view on a terminal, which replaces the progress lines.
    let view: ProgressView?
    let started: ContinuousClock.Instant

    init(runID: String, sequence: Int64, fd: Int32?, store: StateStore?, redactor: Redactor, progress: Bool, view: ProgressView?) {
        self.runID = runID
        self.sequence = sequence
        self.fd = fd
        self.store = store
        self.redactor = redactor
        self.progress = progress
        self.view = progress ? view : nil
        started = ContinuousClock.now
    }

    /// A step's line in the live view changed (nothing without a view).
    func board(_ step: String, _ status: String, attempt: Int? = nil, agent: String? = nil, note: String = "", done: Bool = false) {
        view?.update(step: step, status: status, attempt: attempt, agent: agent, note: redactor.apply(note), done: done)
    }

    /// Records one event: `{"seq":…,"at":…,"run":…,"type":…, fields…}`.
    mutating func emit(_ type: String, _ fields: [Value.Field]) throws(RunStop) {
        try emit(type, fields) { store, event throws(StateError) in try store.appendEvent(event) }
    }

    /// Records one event that `write` stores with other rows in one transaction (a step's
    /// commit with its `step.committed`, a run's end with `run.finished`), so the database
    /// never holds one without the other. The stream gets the line once it is stored. With
    /// no store (a dry run) `write` is not called.
    mutating func emit(_ type: String, _ fields: [Value.Field],
                       storedBy write: (StateStore, EventRecord) throws(StateError) -> Void) throws(RunStop) {
        sequence += 1
        let at = WallClock.now()
        let line = redactor.apply(JSONWriter.write(.object([
            Value.Field("seq", .integer(sequence)), Value.Field("at", .string(WallClock.iso(at))),
            Value.Field("run", .string(runID)), Value.Field("type", .string(type)),
        ] + fields)))
        if let store {
            do throws(StateError) {
                try write(store, EventRecord(runID: runID, sequence: sequence, at: at, type: type, json: line))
            } catch {
                throw RunStop.state(error.description)
            }
        }
        if let fd { Files.writeAll(fd, Array((line + "\n").utf8)) }
    }

    /// A progress line on standard error, prefixed with the time since the run started.
    func say(_ text: String) {
        guard progress, view == nil else { return }
        let elapsed = ContinuousClock.now - started
        let tenths = elapsed.components.seconds * 10 + elapsed.components.attoseconds / 100_000_000_000_000_000
        Files.writeAll(2, Array("[\(tenths / 10).\(tenths % 10)s] \(redactor.apply(text))\n".utf8))
    }
}

/// Why a run stopped before its end.
enum RunStop: Error {
    /// A step failed and the run may not go on; the message points at the source.
    case failed(String)
    /// SIGINT or SIGTERM: the run is resumable.
    case interrupted
    /// The state database failed: nothing more can be recorded durably.
    case state(String)
}
