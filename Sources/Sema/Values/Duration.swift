/// A duration such as `250ms`, `2s`, `5m`, `1h30m` or `1d`, in milliseconds.
public struct Duration: Sendable, Hashable {
    /// The length in milliseconds.
    public var milliseconds: Int64

    /// Creates a duration.
    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// Why a text is not a duration, and at which byte of it.
    public struct ParseError: Error, Sendable, Equatable {
        /// The message.
        public var message: String
        /// The byte range of the text at fault.
        public var range: Range<Int>
        /// A corrected text, when one is obvious.
        public var suggestion: String?
    }

    static let units: [(name: String, ms: Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ]

    /// Parses a duration: one or more `NUMBER UNIT` parts, largest unit first, each unit at
    /// most once.
    public static func parse(_ text: String) -> Result<Duration, ParseError> {
        let u = Array(text.utf8)
        if u.isEmpty { return .failure(ParseError(message: "a duration cannot be empty", range: 0..<0)) }
        if u.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return .failure(ParseError(
                message: "duration '\(text)' has no unit", range: 0..<u.count, suggestion: text + "s"))
        }
        var i = 0
        var total: Int64 = 0
        var lastRank = -1
        while i < u.count {
            let numberStart = i
            while i < u.count, u[i] >= 0x30, u[i] <= 0x39 { i += 1 }
            guard i > numberStart else {
                return .failure(ParseError(message: "expected a number in duration '\(text)'", range: i..<min(i + 1, u.count)))
            }
            let unitStart = i
            while i < u.count, (u[i] >= 0x61 && u[i] <= 0x7A) || (u[i] >= 0x41 && u[i] <= 0x5A) { i += 1 }
            let unit = String(decoding: u[unitStart..<i], as: UTF8.self)
            guard !unit.isEmpty else {
                if unitStart < u.count {
                    return .failure(ParseError(message: "unexpected '\(String(decoding: u[unitStart...unitStart], as: UTF8.self))' in duration '\(text)'", range: unitStart..<(unitStart + 1)))
                }
                return .failure(ParseError(message: "the last number in duration '\(text)' has no unit", range: numberStart..<i))
            }
            guard let rank = units.firstIndex(where: { $0.name == unit }) else {
                let known = ["min": "m", "sec": "s", "secs": "s", "hr": "h", "hrs": "h", "day": "d", "days": "d", "mins": "m", "S": "s", "M": "m", "H": "h", "D": "d", "MS": "ms"]
                let fix = known[unit].map { String(decoding: u[0..<unitStart], as: UTF8.self) + $0 + String(decoding: u[i...], as: UTF8.self) }
                return .failure(ParseError(
                    message: "unknown unit '\(unit)' in duration '\(text)' (units: ms, s, m, h, d)",
                    range: unitStart..<i, suggestion: fix))
            }
            guard rank > lastRank else {
                return .failure(ParseError(
                    message: "unit '\(unit)' in duration '\(text)' must come after larger units, each unit once",
                    range: unitStart..<i))
            }
            lastRank = rank
            guard let n = Int64(String(decoding: u[numberStart..<unitStart], as: UTF8.self)) else {
                return .failure(ParseError(message: "duration '\(text)' is too long", range: numberStart..<unitStart))
            }
            let (product, o1) = n.multipliedReportingOverflow(by: units[rank].ms)
            let (sum, o2) = total.addingReportingOverflow(product)
            guard !o1, !o2 else {
                return .failure(ParseError(message: "duration '\(text)' is too long", range: numberStart..<i))
            }
            total = sum
        }
        return .success(Duration(milliseconds: total))
    }
}
