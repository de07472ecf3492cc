#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system's IANA time zone database (Debian's `tzdata`), read directly: a zone exists
/// when its compiled file (`TZif`) does. Reading it without Foundation keeps the compiler from
/// loading ICU at start-up, and it is the same database `aiwvm serve` schedules with.
public struct TimeZoneDatabase: Sendable {
    /// The database's folder.
    public let root: String

    /// `$TZDIR`, else `/usr/share/zoneinfo`.
    public static var system: TimeZoneDatabase {
        TimeZoneDatabase(root: getenv("TZDIR").map { String(cString: $0) } ?? "/usr/share/zoneinfo")
    }

    /// Creates a database rooted at a folder.
    public init(root: String) {
        self.root = root
    }

    /// Whether the database is installed; without it only the spelling of names is checked.
    public var isAvailable: Bool {
        var st = stat()
        return stat(root, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether a name (already checked for form by ``isWellFormed(_:)``) names a zone.
    public func contains(_ name: String) -> Bool {
        let fd = open(root + "/" + name, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var magic = [UInt8](repeating: 0, count: 4)
        let n = magic.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4) }
        return n == 4 && magic == Array("TZif".utf8)
    }

    /// Every zone and link name, from the database's `tzdata.zi` (empty if it has none).
    public func names() -> [String] {
        let fd = open(root + "/tzdata.zi", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            bytes += chunk[0..<n]
        }
        // `Z NAME …` declares a zone, `L TARGET NAME` a link.
        var out: [String] = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count >= 2 else { continue }
            if fields[0].elementsEqual("Z".utf8) {
                out.append(String(decoding: fields[1], as: UTF8.self))
            } else if fields[0].elementsEqual("L".utf8), fields.count >= 3 {
                out.append(String(decoding: fields[2], as: UTF8.self))
            }
        }
        return out
    }

    /// The form of names the language accepts: `UTC`, `GMT`, or `Area/Location` with ASCII
    /// letters, digits, `_`, `+` and `-`, the area capitalised. Abbreviations (`EST`) and
    /// offsets (`GMT+1`) are refused: their meaning varies between systems.
    public static func isWellFormed(_ name: String) -> Bool {
        if name == "UTC" || name == "GMT" { return true }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, let area = parts.first?.first, area.isASCII, area.isUppercase else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part != "." && part != ".."
                && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_+-".contains($0)) }
        }
    }
}
