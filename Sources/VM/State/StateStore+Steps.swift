import GRDB

extension StateStore {
    /// The statement ``commitStep(_:)`` runs; GRDB keeps it prepared between calls.
    static let commitStepSQL = "INSERT OR REPLACE INTO steps (\(StepRecord.columns)) VALUES (\(StateRows.placeholders(10)))"

    /// Commits a completed step: the checkpoint the VM waits for before its next
    /// instruction. One transaction with the event that announces it (`step.committed`,
    /// `step.failed`, `step.skipped`), durable when this returns, with every write before
    /// it. A step committed again (same run and index) replaces the earlier row.
    /// - Throws: ``StateError`` when the run does not exist, the event's sequence number is
    ///   taken, or the write fails; then neither row is stored.
    public func commitStep(_ step: StepRecord, event: EventRecord? = nil) throws(StateError) {
        try durableWrite("cannot commit step \(step.index) of run \(step.runID)") { db in
            try db.cachedStatement(sql: Self.commitStepSQL).execute(arguments: step.arguments)
            try Self.insert(event, into: db)
        }
    }

    /// The run's committed steps, by index.
    public func steps(run: String) throws(StateError) -> [StepRecord] {
        try read("cannot read the steps of run \(run)") { db in
            try Row.fetchAll(db, sql: "SELECT \(StepRecord.columns) FROM steps WHERE run_id = ? ORDER BY step_index",
                             arguments: [run]).map(StepRecord.init(row:))
        }
    }
}
