/// Text rules at run time: comparison and search by UTF-8 bytes (no Unicode normalization,
/// as JSON text compares), values as text, `format` templates.
enum Text {
    /// The value as text: a string as it is, anything else as compact JSON.
    static func of(_ v: Value) -> String {
        if case .string(let s) = v { return s }
        return JSONWriter.write(v)
    }

    /// Byte order of the UTF-8 encodings, which is the order of the Unicode scalars.
    static func less(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// Whether two texts have the same bytes.
    static func same(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }

    /// The byte offset of the first occurrence of `needle` (0 for an empty one).
    static func find(_ needle: String, in text: String) -> Int? {
        let h = Array(text.utf8), n = Array(needle.utf8)
        return find(n, in: h, from: 0)
    }

    /// The first occurrence of `n` in `h` at or after `start`: Knuth–Morris–Pratt, linear in
    /// both (a naive scan is quadratic on texts such as `aaa…ab`, and texts here come from
    /// agents).
    static func find(_ n: [UInt8], in h: [UInt8], from start: Int) -> Int? {
        guard n.count <= h.count - start else { return nil }
        guard !n.isEmpty else { return start }
        // The length of the longest proper prefix of n[...k] that is also its suffix.
        var border = [Int](repeating: 0, count: n.count)
        var k = 0
        for i in 1..<max(1, n.count) {
            while k > 0, n[i] != n[k] { k = border[k - 1] }
            if n[i] == n[k] { k += 1 }
            border[i] = k
        }
        var matched = 0
        for i in start..<h.count {
            while matched > 0, h[i] != n[matched] { matched = border[matched - 1] }
            if h[i] == n[matched] { matched += 1 }
            if matched == n.count { return i - n.count + 1 }
        }
        return nil
    }

    /// The pieces between occurrences of a separator (not empty), left to right.
    static func split(_ text: String, by separator: String) -> [String] {
        let h = Array(text.utf8), n = Array(separator.utf8)
        var pieces: [String] = []
        var start = 0
        while let at = find(n, in: h, from: start) {
            pieces.append(String(decoding: h[start..<at], as: UTF8.self))
            start = at + n.count
        }
        pieces.append(String(decoding: h[start...], as: UTF8.self))
        return pieces
    }

    /// Every occurrence of `old` (not empty) replaced, left to right, without overlap.
    static func replace(_ text: String, _ old: String, with new: String) -> String {
        split(text, by: old).joined(separator: new)
    }

    /// `a string`, `an integer`, `null`: a value's type for messages.
    static func article(_ v: Value) -> String {
        switch v {
        case .null: "null"
        case .integer, .array, .object: "an \(v.typeName)"
        default: "a \(v.typeName)"
        }
    }

    /// `format`: `{N}` replaced by the text of value N, `{{` and `}}` by one brace.
    static func format(_ template: String, _ values: [Value]) throws(ExpressionError) -> String {
        let b = Array(template.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "}") {
                guard i + 1 < b.count, b[i + 1] == c else { throw ExpressionError("format: a '}' at byte \(i) of the template is neither '}}' nor the end of a placeholder") }
                out.append(c)
                i += 2
                continue
            }
            guard c == UInt8(ascii: "{") else {
                out.append(c)
                i += 1
                continue
            }
            if i + 1 < b.count, b[i + 1] == c {
                out.append(c)
                i += 2
                continue
            }
            var j = i + 1
            var n = 0
            while j < b.count, b[j] >= UInt8(ascii: "0"), b[j] <= UInt8(ascii: "9"), n < 1_000_000 {
                n = n * 10 + Int(b[j] - UInt8(ascii: "0"))
                j += 1
            }
            guard j > i + 1, j < b.count, b[j] == UInt8(ascii: "}") else {
                throw ExpressionError("format: a '{' at byte \(i) of the template is neither '{{' nor a placeholder such as {0}")
            }
            guard n < values.count else {
                throw ExpressionError("format: the template uses {\(n)} but \(values.count) value\(values.count == 1 ? " is" : "s are") given")
            }
            out += Array(of(values[n]).utf8)
            i = j + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Number rules at run time: integers and other numbers compare by value.
enum Numbers {
    static func isNumber(_ v: Value) -> Bool {
        switch v {
        case .integer, .number: true
        default: false
        }
    }

    static func double(_ v: Value) -> Double? {
        switch v {
        case .integer(let n): Double(n)
        case .number(let d): d
        default: nil
        }
    }

    /// The order of two numbers (both must be numbers), exact in every case: an integer and
    /// a floating-point number are compared by value, not through a rounded conversion
    /// (`9007199254740993 > 9007199254740992.0`).
    static func compare(_ a: Value, _ b: Value) -> Comparison {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return order(x, y)
        case (.integer(let x), .number(let y)): return compare(x, y)
        case (.number(let x), .integer(let y)):
            switch compare(y, x) {
            case .less: return .greater
            case .greater: return .less
            case .equal: return .equal
            }
        default:
            let x = double(a) ?? 0, y = double(b) ?? 0
            return x < y ? .less : x == y ? .equal : .greater
        }
    }

    static func order<T: Comparable>(_ x: T, _ y: T) -> Comparison { x < y ? .less : x == y ? .equal : .greater }

    /// An integer against a finite double, exactly.
    static func compare(_ x: Int64, _ y: Double) -> Comparison {
        // 2^63 is exact as a double; every double at or past it is beyond every Int64.
        if y >= 9_223_372_036_854_775_808.0 { return .less }
        if y < -9_223_372_036_854_775_808.0 { return .greater }
        let whole = y.rounded(.down)
        // In range, so the conversion is exact.
        let w = Int64(whole)
        if x != w { return order(x, w) }
        return whole == y ? .equal : .less
    }

    enum Comparison { case less, equal, greater }
}
