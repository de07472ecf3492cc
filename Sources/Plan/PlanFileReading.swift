#if canImport(Glibc)
import Glibc
#endif

/// Reads a plan file as the VM does: one buffer of the file's size, filled by `read`, and
/// nothing larger than a plan may be. Shared by `aiwvm` and the load benchmark, so the
/// benchmark times the VM's own read.
public enum PlanFileReading {
    /// Why a file could not be read.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The path.
        public var path: String
        /// The system's reason, or why the file cannot be a plan.
        public var reason: String
        /// `path: reason`.
        public var description: String { "\(path): \(reason)" }
    }

    /// The whole file.
    public static func read(_ path: String) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        guard (st.st_mode & S_IFMT) != S_IFDIR else { throw Failure(path: path, reason: "is a directory") }
        // The verifier refuses anything larger: a huge file is not read at all.
        guard st.st_size <= PlanFormat.maxSize else {
            throw Failure(path: path, reason: "is larger than a plan may be (\(PlanFormat.maxSize) bytes)")
        }
        // One extra byte shows the end at once; a file that grows (or a pipe, size 0) grows
        // the buffer, up to the limit.
        var bytes = [UInt8](repeating: 0, count: Int(st.st_size) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                guard count <= PlanFormat.maxSize else {
                    throw Failure(path: path, reason: "is larger than a plan may be (\(PlanFormat.maxSize) bytes)")
                }
                bytes.append(contentsOf: repeatElement(0, count: bytes.count))
            }
            let n = bytes.withUnsafeMutableBytes { raw in Glibc.read(fd, raw.baseAddress.map { $0 + count }, raw.count - count) }
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
}
