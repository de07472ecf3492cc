import GRDB

extension StateStore {
    /// Records a new run.
    /// - Throws: ``StateError`` when a run with the same id exists or the write fails.
    public func createRun(_ run: RunRecord) throws(StateError) {
        try write("cannot create run \(run.id)") { db in
            try db.execute(sql: "INSERT INTO runs (\(RunRecord.columns)) VALUES (\(StateRows.placeholders(16)))",
                           arguments: run.arguments)
        }
    }

    /// The run with this id, or nil when there is none.
    public func run(id: String) throws(StateError) -> RunRecord? {
        try read("cannot read run \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT \(RunRecord.columns) FROM runs WHERE id = ?",
                             arguments: [id]).map(RunRecord.init(row:))
        }
    }

    /// The most recent runs, newest first (by start time, then by creation for runs
    /// started in the same millisecond).
    /// - Parameters:
    ///   - workflow: Only runs of this workflow, when given.
    ///   - status: Only runs in this status, when given.
    ///   - limit: At most this many runs; zero or less gives none.
    public func runs(workflow: String? = nil, status: RunStatus? = nil, limit: Int) throws(StateError) -> [RunRecord] {
        guard limit > 0 else { return [] }
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let workflow {
            conditions.append("workflow = ?")
            arguments += [workflow]
        }
        if let status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        arguments += [limit]
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT \(RunRecord.columns) FROM runs \(filter) ORDER BY started_at DESC, rowid DESC LIMIT ?"
        return try read("cannot list runs") { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map(RunRecord.init(row:))
        }
    }

    /// Records how a run ended.
    /// - Parameters:
    ///   - id: The run.
    ///   - status: Anything but `running`.
    ///   - endedAt: When it ended, in milliseconds since the Unix epoch.
    ///   - error: Why it failed or stopped.
    ///   - outputsJSON: Its outputs, when computed.
    ///   - event: The event that announces it (`run.finished`), stored in the same
    ///     transaction.
    ///
    /// Durable when this returns, with every write before it (``durableWrite(_:_:)``).
    /// - Throws: ``StateError`` when there is no such run, `status` is `running`, or the
    ///   write fails; then nothing is stored.
    public func finishRun(id: String, status: RunStatus, endedAt: Int64, error: String? = nil,
                          outputsJSON: String? = nil, event: EventRecord? = nil) throws(StateError) {
        let action = "cannot finish run \(id)"
        guard status != .running else {
            throw StateError(path: path, action: action, cause: "a finished run cannot be 'running'")
        }
        try durableWrite(action) { db in
            try db.execute(sql: """
                UPDATE runs SET status = ?, ended_at = ?, error = ?, outputs_json = ? WHERE id = ?
                """, arguments: [status.rawValue, endedAt, error, outputsJSON, id])
            // Thrown inside, so that the event is rolled back with the update.
            guard db.changesCount == 1 else { throw StateError(path: path, action: action, cause: "no such run") }
            try Self.insert(event, into: db)
        }
    }

    /// Takes a run over for `aiwvm resume`: `running` again, owned by this process, with
    /// the previous ending (time, error, outputs) cleared. The caller decides beforehand
    /// whether the previous owner is gone; this does not check.
    /// - Throws: ``StateError`` when there is no such run or the write fails.
    public func claimRun(id: String, ownerPID: Int64, ownerHost: String) throws(StateError) {
        let action = "cannot claim run \(id)"
        let changed = try write(action) { db in
            try db.execute(sql: """
                UPDATE runs SET status = 'running', owner_pid = ?, owner_host = ?,
                    ended_at = NULL, error = NULL, outputs_json = NULL
                WHERE id = ?
                """, arguments: [ownerPID, ownerHost, id])
            return db.changesCount
        }
        guard changed == 1 else { throw StateError(path: path, action: action, cause: "no such run") }
    }
}
