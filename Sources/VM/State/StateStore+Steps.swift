import GRDB

extension StateStore {
    /// The statement ``commitStep(_:)`` runs; GRDB keeps it prepared between calls.
    static let commitStepSQL = "INSERT OR REPLACE INTO steps (\(StepRecord.columns)) VALUES (\(StateRows.placeholders(10)))"

    /// Commits a completed step: the checkpoint the VM waits for before its next
    /// instruction. One transaction, durable when this returns. A step committed again
    /// (same run and index) replaces the earlier row.
    /// - Throws: ``StateError`` when the run does not exist or the write fails.
    public func commitStep(_ step: StepRecord) throws(StateError) {
        try writeStatement("cannot commit step \(step.index) of run \(step.runID)") { db in
            try db.cachedStatement(sql: Self.commitStepSQL).execute(arguments: step.arguments)
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
