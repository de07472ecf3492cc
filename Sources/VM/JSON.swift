import Diagnostics

/// Why a text is not JSON, and at which byte of it.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The byte offset in the text.
    public var offset: Int

    /// `byte 12: expected ':' after an object key`.
    public var description: String { "byte \(offset): \(message)" }
}

/// Reads JSON text (RFC 8259) into a ``Value``: agent answers, `--inputs` files, `fromJSON`.
/// Strict: no comments, no trailing commas, no NaN; a document nested deeper than
/// ``maxDepth`` is refused rather than read by deep recursion. Integers without fraction or
/// exponent that fit 64 bits are `integer`s; every other number is a `number`.
public struct JSONReader {
    /// The deepest nesting accepted.
    public static let maxDepth = 256

    private let bytes: [UInt8]
    private var i = 0
    private var depth = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The value of a whole JSON text (white space around it allowed, nothing else).
    public static func read(_ text: String) throws(JSONError) -> Value { try read(Array(text.utf8)) }

    /// The value of a whole JSON text given as UTF-8 bytes.
    public static func read(_ bytes: [UInt8]) throws(JSONError) -> Value {
        var reader = JSONReader(bytes)
        reader.skipSpace()
        let value = try reader.value()
        reader.skipSpace()
        guard reader.i == bytes.count else { throw reader.error("unexpected text after the JSON value") }
        return value
    }

    private func error(_ message: String) -> JSONError { JSONError(message: message, offset: i) }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func value() throws(JSONError) -> Value {
        guard i < bytes.count else { throw error("the text ends where a value should start") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try nested { (r: inout JSONReader) throws(JSONError) in try r.object() }
        case UInt8(ascii: "["): return try nested { (r: inout JSONReader) throws(JSONError) in try r.array() }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try word("true", .boolean(true))
        case UInt8(ascii: "f"): return try word("false", .boolean(false))
        case UInt8(ascii: "n"): return try word("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("unexpected character '\(Unicode.Scalar(bytes[i]))' where a value should start")
        }
    }

    private mutating func nested(_ body: (inout JSONReader) throws(JSONError) -> Value) throws(JSONError) -> Value {
        guard depth < Self.maxDepth else { throw error("the JSON is nested deeper than \(Self.maxDepth) levels") }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func word(_ w: StaticString, _ v: Value) throws(JSONError) -> Value {
        let n = w.utf8CodeUnitCount
        guard bytes.count - i >= n, w.withUTF8Buffer({ b in (0..<n).allSatisfy { bytes[i + $0] == b[$0] } }) else {
            throw error("unexpected text where a value should start")
        }
        i += n
        return v
    }

    private mutating func object() throws(JSONError) -> Value {
        i += 1
        var fields: [Value.Field] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            return .object(fields)
        }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a field name in double quotes") }
            let name = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after a field name") }
            i += 1
            skipSpace()
            fields.append(Value.Field(name, try value()))
            skipSpace()
            guard i < bytes.count else { throw error("the text ends inside an object") }
            if bytes[i] == UInt8(ascii: "}") {
                i += 1
                return Value.object(uniquing: fields)
            }
            guard bytes[i] == UInt8(ascii: ",") else { throw error("expected ',' or '}' in an object") }
            i += 1
        }
    }

    private mutating func array() throws(JSONError) -> Value {
        i += 1
        var items: [Value] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            return .array(items)
        }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            guard i < bytes.count else { throw error("the text ends inside an array") }
            if bytes[i] == UInt8(ascii: "]") {
                i += 1
                return .array(items)
            }
            guard bytes[i] == UInt8(ascii: ",") else { throw error("expected ',' or ']' in an array") }
            i += 1
        }
    }

    private mutating func string() throws(JSONError) -> String {
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw error("the text ends inside a string") }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                break
            }
            guard c >= 0x20 else { throw error("a control character must be escaped in a string") }
            if c != UInt8(ascii: "\\") {
                out.append(c)
                i += 1
                continue
            }
            i += 1
            guard i < bytes.count else { throw error("the text ends inside an escape") }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by an escaped low one.
                    guard bytes.count - i >= 2, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw error("a lone surrogate in a \\u escape")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("a lone surrogate in a \\u escape") }
                    scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw error("a lone surrogate in a \\u escape")
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("not a Unicode scalar in a \\u escape") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                i -= 2
                throw error("unknown escape '\\\(Unicode.Scalar(e))'")
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw error("a string is not valid UTF-8") }
        return s
    }

    private mutating func hex4() throws(JSONError) -> UInt32 {
        guard bytes.count - i >= 4 else { throw error("a \\u escape needs four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt32 = switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("a \\u escape needs four hex digits")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    private mutating func number() throws(JSONError) -> Value {
        let start = i
        var integral = true
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { throw error("expected a digit") }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < bytes.count, isDigit(bytes[i]) { throw error("a number cannot have a leading zero") }
        } else {
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            integral = false
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw error("expected a digit after the decimal point") }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            integral = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw error("expected a digit in the exponent") }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if integral, let n = Int64(text) { return .integer(n) }
        guard let d = Double(text), d.isFinite else {
            i = start
            throw error("the number \(text) is out of range")
        }
        return .number(d)
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
}

/// Writes a ``Value`` as compact JSON: fields in their order, no space, strings escaped as
/// RFC 8259 requires (and nothing more), numbers in the shortest form that reads back the
/// same (`1.0` stays `1.0`, so a number stays a number).
public enum JSONWriter {
    /// The JSON text.
    public static func write(_ value: Value) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    /// Appends the JSON text of a value.
    public static func write(_ value: Value, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .boolean(let b): out += b ? "true" : "false"
        case .integer(let n): out += String(n)
        case .number(let d): out += d.description
        case .string(let s): string(s, into: &out)
        case .array(let items):
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (k, f) in fields.enumerated() {
                if k > 0 { out += "," }
                string(f.name, into: &out)
                out += ":"
                write(f.value, into: &out)
            }
            out += "}"
        }
    }

    /// A string literal: the same escaping as the diagnostics' JSON (RFC 8259's, and DEL).
    static func string(_ s: String, into out: inout String) { JSONValue.quote(s, into: &out) }
}
