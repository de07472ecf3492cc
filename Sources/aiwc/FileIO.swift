#if canImport(Glibc)
import Glibc

private let systemRead = Glibc.read
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin

private let systemRead = Darwin.read
private let systemWrite = Darwin.write
#endif

/// Plain POSIX file access: one `read` loop per file, no Foundation on the hot path.
enum FileIO {
    /// A file-system error with the path and the system's reason.
    struct Failure: Error, Sendable, CustomStringConvertible {
        let path: String
        let reason: String
        /// Whether the path does not exist (a usage error) rather than failing to read.
        var missing = false
        var description: String { "\(path): \(reason)" }
    }

    /// Reads a whole file.
    static func read(_ path: String) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw Failure(path: path, reason: "is a directory") }
        // One buffer of the size fstat reports (plus one byte, to see the end at once);
        // it grows if the file does (or is a pipe, which reports 0).
        var bytes = [UInt8](repeating: 0, count: max(Int(st.st_size), 0) + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let n = bytes.withUnsafeMutableBytes { raw in
                systemRead(fd, raw.baseAddress.map { $0 + count }, raw.count - count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            count += n
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// Writes a new file; fails if it exists (`O_EXCL`), so nothing is ever overwritten.
    static func create(_ path: String, contents: String) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        if let failed = writeAll(Array(contents.utf8), to: fd) { throw Failure(path: path, reason: String(cString: strerror(failed))) }
    }

    /// Replaces a file's contents all at once: the bytes go to a temporary file beside it,
    /// which is then renamed over it, so a reader never sees half a file.
    static func replace(_ path: String, with bytes: [UInt8]) throws(Failure) {
        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        if let failed = writeAll(bytes, to: fd) {
            close(fd)
            unlink(temporary)
            throw Failure(path: path, reason: String(cString: strerror(failed)))
        }
        guard close(fd) == 0, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(path: path, reason: reason)
        }
    }

    /// Copies a file, with its permission bits (an executable stays executable).
    static func copy(_ source: String, to destination: String) throws(Failure) {
        var st = stat()
        guard stat(source, &st) == 0 else { throw Failure(path: source, reason: String(cString: strerror(errno))) }
        try replace(destination, with: try read(source))
        guard chmod(destination, st.st_mode & 0o7777) == 0 else { throw Failure(path: destination, reason: String(cString: strerror(errno))) }
    }

    /// Whether a path is a symbolic link (not followed).
    static func isLink(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }

    /// A file's permission bits, or nil when it cannot be examined.
    static func mode(_ path: String) -> mode_t? {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_mode & 0o7777 : nil
    }

    /// Sets a file's permission bits.
    static func setMode(_ path: String, _ mode: mode_t) throws(Failure) {
        guard chmod(path, mode) == 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Moves a file to a new name that must not exist yet (a hard link, then the old name
    /// removed: the file, its mode and its contents stay as they were, and an existing file
    /// at the new name is never replaced).
    static func move(_ source: String, to destination: String) throws(Failure) {
        guard link(source, destination) == 0 else { throw Failure(path: destination, reason: String(cString: strerror(errno))) }
        guard unlink(source) == 0 else { throw Failure(path: source, reason: String(cString: strerror(errno))) }
    }


    /// Writes every byte, retrying short and interrupted writes.
    /// - Returns: The `errno` of a write that failed, or nil.
    private static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32? {
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += n
        }
        return nil
    }

    /// Creates a folder and its parents.
    static func makeDirectories(_ path: String) throws(Failure) {
        var current = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            current += (current.isEmpty || current.hasSuffix("/") ? "" : "/") + part
            if mkdir(current, 0o755) != 0, errno != EEXIST {
                throw Failure(path: current, reason: String(cString: strerror(errno)))
            }
        }
    }

    /// What a path is.
    enum Kind { case file, directory, missing, unreadable, other }

    /// Whether a path is a file, a folder, missing, unreadable (it may exist, but `stat`
    /// fails: a folder on the way that cannot be searched) or something else (following
    /// symbolic links).
    static func kind(_ path: String) -> Kind {
        var st = stat()
        guard stat(path, &st) == 0 else { return errno == ENOENT || errno == ENOTDIR ? .missing : .unreadable }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// The entries of a folder, sorted, without `.` and `..`.
    static func list(_ path: String) throws(Failure) -> [String] {
        guard let dir = opendir(path) else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Writes text to a file descriptor, retrying short writes.
    static func write(_ text: String, to fd: Int32) {
        // Output that cannot be written (a closed pipe) has nowhere to be reported.
        _ = writeAll(Array(text.utf8), to: fd)
    }
}
