import GRDB

extension StateStore {
    /// Stores `event`, when there is one, in the transaction `db` is in: how a write stores
    /// the event that announces it beside its own rows.
    static func insert(_ event: EventRecord?, into db: Database) throws {
        guard let event else { return }
        try db.cachedStatement(sql: "INSERT INTO events (\(EventRecord.columns)) VALUES (?, ?, ?, ?, ?)").execute(arguments: event.arguments)
    }

    /// Stores one event line.
    /// - Throws: ``StateError`` when the run does not exist, the run already has an event
    ///   with this sequence number, or the write fails.
    public func appendEvent(_ event: EventRecord) throws(StateError) {
        try appendEvents([event])
    }

    /// Stores several event lines in one transaction: one disk flush for all of them,
    /// where one ``appendEvent(_:)`` each would cost a flush each.
    /// - Throws: ``StateError`` as ``appendEvent(_:)``; then none of them is stored.
    public func appendEvents(_ events: [EventRecord]) throws(StateError) {
        guard let first = events.first else { return }
        try write("cannot store event \(first.sequence) of run \(first.runID)") { db in
            for event in events { try Self.insert(event, into: db) }
        }
    }

    /// The run's events by sequence number.
    public func events(run: String) throws(StateError) -> [EventRecord] {
        try read("cannot read the events of run \(run)") { db in
            try Row.fetchAll(db, sql: "SELECT \(EventRecord.columns) FROM events WHERE run_id = ? ORDER BY sequence",
                             arguments: [run]).map(EventRecord.init(row:))
        }
    }

    /// The run's highest event sequence number, 0 when it has none: resume numbers its
    /// events from the next one.
    public func lastEventSequence(run: String) throws(StateError) -> Int64 {
        try read("cannot read the events of run \(run)") { db in
            try Int64.fetchOne(db, sql: "SELECT coalesce(max(sequence), 0) FROM events WHERE run_id = ?",
                               arguments: [run]) ?? 0
        }
    }
}
