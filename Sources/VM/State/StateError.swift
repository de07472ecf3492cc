import GRDB

/// Why the state database could not be opened, read or written. The message always names
/// the database file, so `aiwvm` can print it as it is; it never quotes stored values,
/// which may hold secrets from a run's inputs or outputs.
public struct StateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database file concerned.
    public var path: String
    /// What went wrong, naming the database: `state database PATH: ACTION: CAUSE`.
    public var message: String
    /// SQLite's primary result code when SQLite reported the error (5 for "database is
    /// locked", 10 for "disk I/O error", 26 for "file is not a database"); nil otherwise.
    public var sqliteCode: Int32?

    /// Creates an error about the database at `path`.
    /// - Parameters:
    ///   - path: The database file.
    ///   - action: What the store was doing ("cannot open", "cannot commit step 2 of run R").
    ///   - cause: Why it failed, for people.
    ///   - sqliteCode: SQLite's primary result code, when SQLite reported the error.
    public init(path: String, action: String, cause: String, sqliteCode: Int32? = nil) {
        self.path = path
        self.message = "state database \(path): \(action): \(cause)"
        self.sqliteCode = sqliteCode
    }

    /// Wraps whatever GRDB or SQLite threw. A `DatabaseError` gives SQLite's own message
    /// ("database is locked"), not GRDB's description, which quotes the SQL.
    init(path: String, action: String, error: any Error) {
        if let stateError = error as? StateError {
            self = stateError
        } else if let databaseError = error as? DatabaseError {
            let code = databaseError.resultCode.primaryResultCode.rawValue
            self.init(path: path, action: action,
                      cause: databaseError.message ?? "SQLite error \(code)", sqliteCode: code)
        } else {
            self.init(path: path, action: action, cause: String(describing: error))
        }
    }

    /// The message.
    public var description: String { message }
}
