import CStateSQLite
import GRDB
import GRDBSQLite

/// The VM's durable record of runs: a SQLite database (by default
/// `.aiworkflow/state/aiwvm.db`) that `aiwvm exec` writes, `aiwvm resume` continues from
/// and `aiwvm runs` reads. StateSchema.swift describes the tables (and docs/vm.md).
///
/// Every write is one transaction with the journal in WAL mode. The writes that the
/// durability promise rests on (``commitStep(_:event:)`` and ``finishRun(id:status:endedAt:error:outputsJSON:event:)``)
/// commit with `synchronous=FULL`: when they return, they and every write before them
/// survive a crash of the process or of the machine. Every other write commits with
/// `synchronous=NORMAL`: it survives a crash of the process (even SIGKILL) but not a power
/// cut unless a durable write follows it. So a step costs one disk flush, not one per row.
/// Several processes may open the same file; a writer waits up to 5 s for another's
/// transaction before failing with "database is locked".
///
/// A value-type handle: copies share one SQLite connection, which closes when the last
/// copy goes away. Calls from several threads take turns on that connection.
public struct StateStore: Sendable {
    /// The database file.
    public let path: String
    /// The connection; GRDB serialises the calls on it.
    let queue: DatabaseQueue

    /// How long a writer waits for another connection's transaction, in seconds.
    static let busyTimeout: Double = 5

    /// Opens the database at `path`, creating it and its missing folders when needed, and
    /// brings its schema up to date.
    /// - Parameter path: The database file.
    /// - Throws: ``StateError`` naming `path` when a folder cannot be created or written,
    ///   the file is not a SQLite database, or its schema is newer than this VM knows.
    public init(path: String) throws(StateError) {
        guard !path.isEmpty else {
            throw StateError(path: path, action: "cannot open", cause: "no file name given")
        }
        try StateFolders.prepareParent(of: path)
        self.path = path
        do {
            queue = try DatabaseQueue(path: path, configuration: Self.configuration)
        } catch {
            throw StateError(path: path, action: "cannot open", error: error)
        }
        try migrate()
    }

    /// The connection's settings. The pragmas are set in `prepareDatabase` rather than
    /// with GRDB's `journalMode = .wal`, so that a refused WAL is an error, not a silent
    /// fallback. The WAL file is kept when the connection closes, and closing does not
    /// checkpoint it: a run would otherwise pay, at every start and end, for a new WAL's
    /// header flush and a checkpoint's copy and flushes. SQLite's automatic checkpoint
    /// (every 1,000 pages, inside some later commit) keeps the WAL from growing.
    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "aiwvm.state"
        configuration.prepareDatabase { db in
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            guard mode?.lowercased() == "wal" else {
                throw DatabaseError(resultCode: .SQLITE_ERROR,
                                    message: "the file system refused the WAL journal (mode \(mode ?? "unknown"))")
            }
            // NORMAL until a durable write asks for FULL (``durableWrite``). fullfsync
            // matters on macOS only, where a plain fsync leaves the data in the drive's cache.
            // The kept WAL is cut back to 4 MiB after each checkpoint, so that one large step
            // output does not leave a large file for good.
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA fullfsync = ON; PRAGMA journal_size_limit = 4194304")
            guard aiw_sqlite_keep_wal(db.sqliteConnection) == SQLITE_OK else {
                throw DatabaseError(resultCode: .SQLITE_ERROR, message: "cannot keep the WAL between connections")
            }
        }
        return configuration
    }

    /// Applies the migrations this VM knows and refuses a database from a newer VM.
    private func migrate() throws(StateError) {
        let generation: Int
        do {
            generation = try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } ?? 0
        } catch {
            throw StateError(path: path, action: "cannot read the schema", error: error)
        }
        if generation > StateSchema.generation {
            throw StateError(path: path, action: "cannot open",
                             cause: "the database was written by a newer aiwvm (schema generation \(generation), this one knows \(StateSchema.generation))")
        }
        if generation == StateSchema.generation { return }
        let migrator = StateSchema.migrator
        do {
            try migrator.migrate(queue)
        } catch {
            // Two processes opening a new database at once both see `v1` missing; the
            // loser's migration fails on the tables the winner created. What the loser
            // wanted is done, so only an incomplete schema is an error.
            let done = (try? queue.read { db in try migrator.hasCompletedMigrations(db) }) ?? false
            if !done {
                throw StateError(path: path, action: "cannot prepare the schema", error: error)
            }
        }
        let superseded: Bool
        do {
            superseded = try queue.read { db in try migrator.hasBeenSuperseded(db) }
        } catch {
            throw StateError(path: path, action: "cannot read the schema", error: error)
        }
        if superseded {
            throw StateError(path: path, action: "cannot open",
                             cause: "the database was written by a newer aiwvm (unknown migrations)")
        }
        do {
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = \(StateSchema.generation)") }
        } catch {
            throw StateError(path: path, action: "cannot record the schema generation", error: error)
        }
    }

    /// Runs `body` in one write transaction (BEGIN IMMEDIATE … COMMIT), committed with
    /// `synchronous=NORMAL`: all of it or none of it happened, and what happened survives a
    /// crash of the process; a crash of the machine only once a ``durableWrite(_:_:)``
    /// follows it.
    /// - Parameter action: What is being done, for the error message; built only on failure.
    func write<T>(_ action: @autoclosure () -> String, _ body: (Database) throws -> T) throws(StateError) -> T {
        do {
            return try queue.writeWithoutTransaction { db in try Self.transaction(db, body) }
        } catch {
            throw StateError(path: path, action: action(), error: error)
        }
    }

    /// Runs `body` in one write transaction committed with `synchronous=FULL`: it, and
    /// every write committed before it on this connection, is on disk when this returns
    /// (one flush of the WAL covers all its earlier frames). The connection goes back to
    /// NORMAL afterwards, whatever happened.
    func durableWrite(_ action: @autoclosure () -> String, _ body: (Database) throws -> Void) throws(StateError) {
        do {
            try queue.writeWithoutTransaction { db in
                try db.cachedStatement(sql: "PRAGMA synchronous = FULL").execute()
                defer { try? db.cachedStatement(sql: "PRAGMA synchronous = NORMAL").execute() }
                try Self.transaction(db, body)
            }
        } catch {
            throw StateError(path: path, action: action(), error: error)
        }
    }

    /// `body` between BEGIN IMMEDIATE and COMMIT, rolled back when it throws. The two
    /// statements stay prepared, where GRDB's own transactions prepare theirs anew each
    /// time: every write of a step comes through here.
    private static func transaction<T>(_ db: Database, _ body: (Database) throws -> T) throws -> T {
        try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
        do {
            let result = try body(db)
            try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
            return result
        } catch {
            // SQLite may have rolled back already (a full disk, an I/O error).
            if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK TRANSACTION") }
            throw error
        }
    }

    /// Runs `body` in one read transaction, which sees a consistent snapshot.
    func read<T>(_ action: @autoclosure () -> String, _ body: (Database) throws -> T) throws(StateError) -> T {
        do {
            return try queue.read(body)
        } catch {
            throw StateError(path: path, action: action(), error: error)
        }
    }
}
