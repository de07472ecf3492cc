/// What the three agent protocols share when they read a finished process: its lines, the
/// tail of its standard error, messages kept short, numbers read leniently. Every function
/// is linear in its input and total on any bytes: agents are outside programs.
enum AgentOutput {
    /// The longest message a failure carries, in characters: enough for an error line, short
    /// enough for `runs show` and for a retry prompt.
    static let messageCap = 500

    /// How much of one stderr line is decoded: a 64 MiB line must not be copied whole to
    /// keep 500 characters of it.
    static let tailBytes = 4 * messageCap

    /// The byte ranges of the lines of `bytes`, without their `\n` (nor a `\r` before it),
    /// in order; a last line without `\n` counts.
    static func lines(_ bytes: [UInt8]) -> [Range<Int>] {
        // Through a buffer pointer: a slice and a generic search per line cost ~80 ns a byte
        // in a debug build, which 64 MiB of output turns into seconds.
        bytes.withUnsafeBufferPointer { b in
            var out: [Range<Int>] = []
            var start = 0
            var i = 0
            while i < b.count {
                if b[i] == 0x0A {
                    out.append(start..<(i > start && b[i - 1] == 0x0D ? i - 1 : i))
                    start = i + 1
                }
                i += 1
            }
            if start < b.count { out.append(start..<(b[b.count - 1] == 0x0D ? b.count - 1 : b.count)) }
            return out
        }
    }

    /// Whether a byte is JSON white space (what JSON allows around a value).
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    /// The range left once JSON white space is cut from both ends.
    static func trimmed(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi, isSpace(bytes[lo]) { lo += 1 }
        while hi > lo, isSpace(bytes[hi - 1]) { hi -= 1 }
        return lo..<hi
    }

    /// A message for people: white space trimmed, at most ``messageCap`` characters (an
    /// ellipsis says when it was cut).
    static func capped(_ text: Substring) -> String {
        guard let start = text.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let body = text[start..<trimmedEnd(text)]
        let head = body.prefix(messageCap)
        return head.endIndex < body.endIndex ? head + "…" : String(head)
    }

    /// See ``capped(_:)-(Substring)``.
    static func capped(_ text: String) -> String { capped(text[...]) }

    /// The index just past the last non-white-space character.
    private static func trimmedEnd(_ text: Substring) -> Substring.Index {
        var end = text.endIndex
        while end > text.startIndex {
            let before = text.index(before: end)
            if !text[before].isWhitespace { break }
            end = before
        }
        return end
    }

    /// The last line of standard error that is not blank, decoded leniently and capped;
    /// nil when there is none. Programs print the error that ended them last.
    static func stderrTail(_ stderr: [UInt8]) -> String? {
        let all = trimmed(stderr, 0..<stderr.count)
        guard !all.isEmpty else { return nil }
        let lineStart = stderr[all].lastIndex(of: 0x0A).map { $0 + 1 } ?? all.lowerBound
        let end = min(all.upperBound, lineStart + tailBytes)
        let text = capped(String(decoding: stderr[lineStart..<end], as: UTF8.self))
        return text.isEmpty ? nil : text
    }

    /// The failure of a process that did not exit with status 0 and left nothing readable:
    /// `exit status 3: <last stderr line>`.
    static func exitFailure(_ end: ProcessEnd, stderr: [UInt8]) -> AttemptFailure {
        AttemptFailure(.exit, stderrTail(stderr).map { "\(end): \($0)" } ?? "\(end)")
    }

    /// The byte offset of the first byte that is not well-formed UTF-8, or nil when all are.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        // The standard library's validation is fast; the scalar walk below only finds where.
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }

    /// Whether an agent's error text is a refusal for rate or usage limits (HTTP 429, the
    /// providers' `rate_limit_error`, Claude's "usage limit reached"): retry policies wait
    /// on those rather than fail over at once.
    static func looksRateLimited(_ text: String) -> Bool {
        let t = text.lowercased()
        // A bare "429" is not enough: "read 1429 files" is no refusal.
        return ["rate limit", "rate_limit", "ratelimit", "rate-limit", "too many requests", "usage limit",
                "error: 429", "error 429", "status 429", "http 429", "code 429"]
            .contains { t.contains($0) }
    }

    /// An integer count: a JSON integer, or a number that is a whole integer (some writers
    /// print `12.0`).
    static func count(_ v: Value?) -> Int64? {
        switch v {
        case .integer(let n)?: n
        case .number(let d)?: Int64(exactly: d)
        default: nil
        }
    }

    /// A number of either kind.
    static func number(_ v: Value?) -> Double? {
        switch v {
        case .integer(let n)?: Double(n)
        case .number(let d)?: d
        default: nil
        }
    }

    /// A string field, or nil.
    static func string(_ v: Value?) -> String? {
        if case .string(let s)? = v { return s }
        return nil
    }

    /// The sum of the counts present; nil when none is.
    static func sum(_ counts: Int64?...) -> Int64? {
        let present = counts.compactMap { $0 }
        guard !present.isEmpty else { return nil }
        // Wrapping: counts come from outside and must not trap on overflow.
        return present.reduce(0, &+)
    }
}
