import GRDB

extension StateStore {
    /// Records an attempt and adds its cost and tokens to the run's totals, in one
    /// transaction with the event that reports it (`attempt.finished`), when given: the
    /// totals are the sum of the recorded attempts, even after a crash in the middle of a
    /// step (the money was spent whether or not the step completes).
    /// - Throws: ``StateError`` when the run does not exist, the event's sequence number is
    ///   taken, or the write fails; then nothing is stored.
    public func recordAttempt(_ attempt: AttemptRecord, event: EventRecord? = nil) throws(StateError) {
        let action = "cannot record attempt \(attempt.number) of step \(attempt.stepIndex) of run \(attempt.runID)"
        try write(action) { db in
            try db.cachedStatement(sql: "INSERT INTO attempts (\(AttemptRecord.columns)) VALUES (\(StateRows.placeholders(17)))")
                .execute(arguments: attempt.arguments)
            if attempt.costUSD != nil || attempt.inputTokens != nil || attempt.outputTokens != nil {
                try db.cachedStatement(sql: """
                    UPDATE runs SET cost_usd = cost_usd + ?, input_tokens = input_tokens + ?,
                        output_tokens = output_tokens + ?
                    WHERE id = ?
                    """).execute(arguments: [attempt.costUSD ?? 0, attempt.inputTokens ?? 0,
                                             attempt.outputTokens ?? 0, attempt.runID])
            }
            try Self.insert(event, into: db)
        }
    }

    /// The run's attempts by step index, iteration and number (then in the order
    /// recorded, for a step resume ran again).
    public func attempts(run: String) throws(StateError) -> [AttemptRecord] {
        try read("cannot read the attempts of run \(run)") { db in
            try Row.fetchAll(db, sql: """
                SELECT \(AttemptRecord.columns) FROM attempts WHERE run_id = ?
                ORDER BY step_index, iteration, number, id
                """, arguments: [run]).map(AttemptRecord.init(row:))
        }
    }
}
