import GRDB

extension StateStore {
    /// Records that a step moved from one agent to another (or found none left).
    /// - Throws: ``StateError`` when the run does not exist or the write fails.
    public func recordFailover(_ failover: FailoverRecord) throws(StateError) {
        try write("cannot record a failover of step \(failover.stepIndex) of run \(failover.runID)") { db in
            try db.execute(sql: "INSERT INTO failovers (\(FailoverRecord.columns)) VALUES (\(StateRows.placeholders(7)))",
                           arguments: failover.arguments)
        }
    }

    /// The run's failovers in the order recorded.
    public func failovers(run: String) throws(StateError) -> [FailoverRecord] {
        try read("cannot read the failovers of run \(run)") { db in
            try Row.fetchAll(db, sql: "SELECT \(FailoverRecord.columns) FROM failovers WHERE run_id = ? ORDER BY id",
                             arguments: [run]).map(FailoverRecord.init(row:))
        }
    }
}
