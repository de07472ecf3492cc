/// A cron schedule compiled to bit sets, with Vixie cron's semantics: when both day of month
/// and day of week are restricted, a day matches if either does.
public struct CronSchedule: Sendable, Hashable {
    /// Bit n set: minute n (0–59).
    public var minutes: UInt64 = 0
    /// Bit n set: hour n (0–23).
    public var hours: UInt32 = 0
    /// Bit n set: day of month n (1–31).
    public var daysOfMonth: UInt32 = 0
    /// Bit n set: month n (1–12).
    public var months: UInt16 = 0
    /// Bit n set: weekday n (0–6, 0 Sunday; 7 in the source is folded into 0).
    public var daysOfWeek: UInt8 = 0
    /// Whether the day-of-month field does not start with `*`.
    public var dayOfMonthRestricted = false
    /// Whether the day-of-week field does not start with `*`.
    public var dayOfWeekRestricted = false

    /// Why a text is not a cron schedule, and which bytes of it are at fault.
    public struct ParseError: Error, Sendable, Equatable {
        /// The message (names the field and the reason).
        public var message: String
        /// The byte range of the offending field or part.
        public var range: Range<Int>
    }

    struct Field {
        let name: String
        let low: Int
        let high: Int
        let names: [String]
        let nameBase: Int
    }

    static let fields: [Field] = [
        Field(name: "minute", low: 0, high: 59, names: [], nameBase: 0),
        Field(name: "hour", low: 0, high: 23, names: [], nameBase: 0),
        Field(name: "day-of-month", low: 1, high: 31, names: [], nameBase: 0),
        Field(name: "month", low: 1, high: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], nameBase: 1),
        Field(name: "day-of-week", low: 0, high: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], nameBase: 0),
    ]

    static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    /// Parses five fields or a macro.
    public static func parse(_ text: String) -> Result<CronSchedule, ParseError> {
        let u = Array(text.utf8)
        var start = 0
        var end = u.count
        while start < end, isBlank(u[start]) { start += 1 }
        while end > start, isBlank(u[end - 1]) { end -= 1 }
        if start < end, u[start] == UInt8(ascii: "@") {
            let word = String(decoding: u[start..<end], as: UTF8.self)
            guard let expansion = macros[word.lowercased()] else {
                return .failure(ParseError(message: "unknown schedule '\(word)' (use @hourly, @daily, @weekly, @monthly or @yearly)", range: start..<end))
            }
            return parse(expansion)
        }
        var parts: [Range<Int>] = []
        var i = start
        while i < end {
            let s = i
            while i < end, !isBlank(u[i]) { i += 1 }
            parts.append(s..<i)
            while i < end, isBlank(u[i]) { i += 1 }
        }
        guard parts.count == 5 else {
            let what = parts.count < 5 ? "only \(parts.count)" : "\(parts.count)"
            let range = parts.count > 5 ? parts[5].lowerBound..<end : start..<end
            return .failure(ParseError(message: "a cron schedule has five fields (minute hour day-of-month month day-of-week), found \(what)", range: range))
        }
        var schedule = CronSchedule()
        for (index, part) in parts.enumerated() {
            let field = fields[index]
            var bits: UInt64 = 0
            switch parseField(u, part, field, into: &bits) {
            case .failure(let e): return .failure(e)
            case .success: break
            }
            // Vixie cron: a day field that starts with `*` (`*`, `*/2`) does not restrict.
            let star = u[part.lowerBound] == UInt8(ascii: "*")
            switch index {
            case 0: schedule.minutes = bits
            case 1: schedule.hours = UInt32(truncatingIfNeeded: bits)
            case 2: schedule.daysOfMonth = UInt32(truncatingIfNeeded: bits); schedule.dayOfMonthRestricted = !star
            case 3: schedule.months = UInt16(truncatingIfNeeded: bits)
            default:
                if bits & (1 << 7) != 0 { bits |= 1 }
                schedule.daysOfWeek = UInt8(truncatingIfNeeded: bits & 0x7F)
                schedule.dayOfWeekRestricted = !star
            }
        }
        return .success(schedule)
    }

    private static func parseField(_ u: [UInt8], _ part: Range<Int>, _ field: Field, into bits: inout UInt64) -> Result<Void, ParseError> {
        var itemStart = part.lowerBound
        var i = part.lowerBound
        while i <= part.upperBound {
            if i == part.upperBound || u[i] == UInt8(ascii: ",") {
                let item = itemStart..<i
                if item.isEmpty {
                    return .failure(ParseError(message: "\(field.name) field has an empty list item", range: part))
                }
                if case .failure(let e) = parseItem(u, item, field, into: &bits) { return .failure(e) }
                itemStart = i + 1
            }
            i += 1
        }
        return .success(())
    }

    /// One list item: `*`, `*/STEP`, `N`, `A-B`, `A-B/STEP`, `N/STEP` (from N to the end).
    private static func parseItem(_ u: [UInt8], _ item: Range<Int>, _ field: Field, into bits: inout UInt64) -> Result<Void, ParseError> {
        var body = item
        var step = 1
        let hasStep = item.contains { u[$0] == UInt8(ascii: "/") }
        if let slash = item.first(where: { u[$0] == UInt8(ascii: "/") }) {
            body = item.lowerBound..<slash
            let stepRange = (slash + 1)..<item.upperBound
            let stepText = String(decoding: u[stepRange], as: UTF8.self)
            guard let s = Int(stepText), s > 0, stepText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                return .failure(ParseError(message: "\(field.name) field: step '\(stepText)' must be a positive number", range: stepRange.isEmpty ? item : stepRange))
            }
            guard s <= field.high else {
                return .failure(ParseError(message: "\(field.name) field: step \(s) is larger than the field's range \(field.low)–\(field.high)", range: stepRange))
            }
            step = s
        }
        var low: Int
        var high: Int
        if body.count == 1, u[body.lowerBound] == UInt8(ascii: "*") {
            low = field.low
            high = field.high
        } else if let dash = body.first(where: { u[$0] == UInt8(ascii: "-") }), dash > body.lowerBound {
            switch (value(u, body.lowerBound..<dash, field), value(u, (dash + 1)..<body.upperBound, field)) {
            case (.failure(let e), _), (_, .failure(let e)): return .failure(e)
            case (.success(let a), .success(let b)):
                guard a <= b else {
                    return .failure(ParseError(message: "\(field.name) field: range \(text(u, body)) runs backwards", range: body))
                }
                low = a
                high = b
            }
        } else {
            switch value(u, body, field) {
            case .failure(let e): return .failure(e)
            case .success(let v):
                low = v
                high = hasStep ? field.high : v
            }
        }
        var v = low
        while v <= high {
            bits |= 1 << UInt64(v)
            v += step
        }
        return .success(())
    }

    private static func value(_ u: [UInt8], _ r: Range<Int>, _ field: Field) -> Result<Int, ParseError> {
        let t = text(u, r)
        guard !t.isEmpty else {
            return .failure(ParseError(message: "\(field.name) field: a value is missing", range: r))
        }
        if t.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard t.count <= 4, let n = Int(t), n >= field.low, n <= field.high else {
                return .failure(ParseError(message: "\(field.name) field: \(t) is out of range \(field.low)–\(field.high)", range: r))
            }
            return .success(n)
        }
        if !field.names.isEmpty {
            if let idx = field.names.firstIndex(of: t.uppercased()) { return .success(idx + field.nameBase) }
            let kind = field.name == "month" ? "a month name (JAN–DEC)" : "a day name (SUN–SAT)"
            return .failure(ParseError(message: "\(field.name) field: '\(t)' is not \(kind)", range: r))
        }
        return .failure(ParseError(message: "\(field.name) field: '\(t)' is not a number", range: r))
    }

    private static func text(_ u: [UInt8], _ r: Range<Int>) -> String { String(decoding: u[r], as: UTF8.self) }

    private static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
}
