#if canImport(Glibc)
import Glibc
#endif

/// The few file operations a run needs (attempt folders, logs, the events file), on the C
/// library directly: the VM does not load Foundation for them.
public enum Files {
    /// Creates a folder and its missing parents (mode 0755); true when it exists after.
    @discardableResult
    public static func makeFolders(_ path: String) -> Bool {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += part
            if mkdir(prefix, 0o755) != 0, errno != EEXIST { return false }
            prefix += "/"
        }
        return isFolder(path)
    }

    /// Whether a path names a folder.
    public static func isFolder(_ path: String) -> Bool {
        var s = stat()
        return stat(path, &s) == 0 && (s.st_mode & S_IFMT) == S_IFDIR
    }

    /// Writes bytes to a file, replacing it: through a temporary file renamed over it, so a
    /// reader never sees half a file.
    @discardableResult
    public static func write(_ bytes: [UInt8], to path: String) -> Bool {
        let temporary = path + ".tmp\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        let ok = writeAll(fd, bytes)
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// Writes every byte to a descriptor, through partial writes and interruptions.
    @discardableResult
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                done += n
            }
            return true
        }
    }

    /// Reads a whole file, or nil when it cannot be read.
    public static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { return out }
            out += chunk[0..<n]
        }
    }

    /// The working folder, absolute.
    public static func currentFolder() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A path made absolute against the working folder.
    public static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : currentFolder() + "/" + path
    }

    /// The folder part of a path (`.` when it has none).
    public static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// A name safe as one path component: anything but letters, digits, `-`, `_` and `.`
    /// becomes `_`, and `.`/`..` are refused.
    public static func component(_ name: String) -> String {
        let safe = String(name.unicodeScalars.map { s -> Character in
            s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_" || s == "." ? Character(s) : "_"
        })
        return safe.isEmpty || safe == "." || safe == ".." ? "_" : safe
    }
}
