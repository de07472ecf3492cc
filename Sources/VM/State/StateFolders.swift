#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder a database lives in: created when missing, checked before SQLite opens the
/// file, because SQLite's own "unable to open database file" says neither which folder
/// nor why.
enum StateFolders {
    /// Creates the missing folders above `path` (like `mkdir -p`) and checks that the
    /// innermost one is a folder this process can write in: WAL needs to create the
    /// `-wal` and `-shm` files beside the database even when the database exists.
    static func prepareParent(of path: String) throws(StateError) {
        let parent = parentFolder(of: path)
        var prefix = parent.hasPrefix("/") ? "/" : ""
        for component in parent.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw failure(path, "cannot create folder \(prefix)")
            }
            prefix += "/"
        }
        var info = stat()
        guard stat(parent, &info) == 0 else {
            throw failure(path, "cannot use folder \(parent)")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw StateError(path: path, action: "cannot open", cause: "\(parent) is not a folder")
        }
        guard access(parent, W_OK | X_OK) == 0 else {
            throw failure(path, "cannot write in folder \(parent)")
        }
    }

    /// The folder part of `path`: "." for a bare file name, "/" for a file at the root.
    static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = path[..<slash]
        return parent.isEmpty ? "/" : String(parent)
    }

    /// An error whose cause is the C library's text for the current `errno`.
    private static func failure(_ path: String, _ action: String) -> StateError {
        let code = errno
        return StateError(path: path, action: action, cause: String(cString: strerror(code)))
    }
}
