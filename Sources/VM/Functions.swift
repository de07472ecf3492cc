import Plan

/// Why an expression could not be evaluated at run time: what the type checker could not
/// know (a value typed `any`), or a value out of range. The run's step fails with it.
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in the words of the checker's messages.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

/// The fixed function library at run time (docs/vm.md §2 gives each rule): the functions
/// `call` reaches by index. Text is handled as Unicode scalars (`len` and `slice` count
/// them) and compared by its UTF-8 bytes, with no normalization, as JSON text is.
public enum Functions {
    /// Calls a function with its arguments (the verifier proved the count in range).
    public static func call(_ f: BuiltinFunction, _ args: [Value]) throws(ExpressionError) -> Value {
        let a = Arguments(function: f, values: args)
        switch f {
        case .contains:
            switch try a.value(0) {
            case .string(let text): return .boolean(Text.find(try a.string(1), in: text) != nil)
            case .array(let items):
                let needle = try a.value(1)
                return .boolean(items.contains { $0 == needle })
            case let other: throw a.mismatch(0, "string or array", other)
            }
        case .default:
            let v = try a.value(0)
            if case .null = v { return try a.value(1) }
            return v
        case .endsWith: return .boolean(try a.string(0).utf8.reversed().starts(with: try a.string(1).utf8.reversed()))
        case .startsWith: return .boolean(try a.string(0).utf8.starts(with: try a.string(1).utf8))
        case .first: return try a.array(0).first ?? .null
        case .last: return try a.array(0).last ?? .null
        case .format: return .string(try Text.format(try a.string(0), Array(args.dropFirst())))
        case .fromJSON:
            let text = try a.string(0)
            do throws(JSONError) {
                return try JSONReader.read(text)
            } catch {
                throw ExpressionError("fromJSON: the text is not JSON (\(error))")
            }
        case .join:
            let separator = args.count > 1 ? try a.string(1) : ","
            return .string(try a.array(0).map(Text.of).joined(separator: separator))
        case .keys: return .array(try a.object(0).map(\.name).sorted(by: Text.less).map { .string($0) })
        case .values: return .array(try a.object(0).sorted { Text.less($0.name, $1.name) }.map(\.value))
        case .len:
            switch try a.value(0) {
            case .string(let s): return .integer(Int64(s.unicodeScalars.count))
            case .array(let items): return .integer(Int64(items.count))
            case .object(let fields): return .integer(Int64(fields.count))
            case let other: throw a.mismatch(0, "string, array or object", other)
            }
        case .lower: return .string(try a.string(0).lowercased())
        case .upper: return .string(try a.string(0).uppercased())
        case .trim:
            let scalars = try a.string(0).unicodeScalars
            guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
                  let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return .string("") }
            return .string(String(scalars[start...end]))
        case .max, .min: return try extreme(a, largest: f == .max)
        case .replace:
            let old = try a.string(1)
            guard !old.isEmpty else { throw ExpressionError("replace: the text to replace is empty") }
            return .string(Text.replace(try a.string(0), old, with: try a.string(2)))
        case .round: return try round(a)
        case .slice: return try slice(a)
        case .split:
            let separator = try a.string(1)
            guard !separator.isEmpty else { throw ExpressionError("split: the separator is empty") }
            return .array(Text.split(try a.string(0), by: separator).map { .string($0) })
        case .toJSON: return .string(JSONWriter.write(try a.value(0)))
        }
    }

    /// `max` and `min`: of the numbers, or of one array of them.
    static func extreme(_ a: Arguments, largest: Bool) throws(ExpressionError) -> Value {
        var numbers = a.values
        if numbers.count == 1, case .array(let items) = numbers[0] { numbers = items }
        guard var best = numbers.first else { throw ExpressionError("\(a.function.name): the array is empty") }
        for (k, n) in numbers.enumerated() {
            guard Numbers.isNumber(n) else {
                throw ExpressionError("\(a.function.name): \(a.values.count == 1 ? "element \(k) of the array" : "argument \(k + 1)") must be a number, not \(Text.article(n))")
            }
            if (largest ? Numbers.compare(n, best) : Numbers.compare(best, n)) == .greater { best = n }
        }
        return best
    }

    /// `round`: half away from zero, to an integer, or to `digits` decimal places.
    static func round(_ a: Arguments) throws(ExpressionError) -> Value {
        let v = try a.value(0)
        guard let x = Numbers.double(v) else { throw a.mismatch(0, "number", v) }
        guard a.values.count > 1 else {
            if case .integer = v { return v }
            let r = x.rounded(.toNearestOrAwayFromZero)
            guard let n = Int64(exactly: r) else { throw ExpressionError("round: \(JSONWriter.write(v)) is too large for an integer") }
            return .integer(n)
        }
        let digits = try a.integer(1)
        guard digits < 16, digits > -16 else { return .number(x) }
        var scale = 1.0
        for _ in 0..<abs(Int(digits)) { scale *= 10 }
        let r = digits >= 0 ? (x * scale).rounded(.toNearestOrAwayFromZero) / scale : (x / scale).rounded(.toNearestOrAwayFromZero) * scale
        return .number(r.isFinite ? r : x)
    }

    /// `slice`: from `start` up to `end`, negative positions from the end, clamped.
    static func slice(_ a: Arguments) throws(ExpressionError) -> Value {
        let v = try a.value(0)
        let count: Int
        switch v {
        case .string(let s): count = s.unicodeScalars.count
        case .array(let items): count = items.count
        default: throw a.mismatch(0, "string or array", v)
        }
        func position(_ p: Int64) -> Int {
            let n = Int64(count)
            return Int(p < 0 ? Swift.max(0, n + p) : Swift.min(n, p))
        }
        let start = position(try a.integer(1))
        let end = Swift.max(start, a.values.count > 2 ? position(try a.integer(2)) : count)
        switch v {
        case .string(let s):
            let scalars = Array(s.unicodeScalars)
            var out = String.UnicodeScalarView()
            out.append(contentsOf: scalars[start..<end])
            return .string(String(out))
        case .array(let items): return .array(Array(items[start..<end]))
        default: return v
        }
    }
}

/// A call's arguments, read with the type each parameter needs.
struct Arguments {
    let function: BuiltinFunction
    let values: [Value]

    func value(_ i: Int) throws(ExpressionError) -> Value {
        guard i < values.count else { throw ExpressionError("'\(function.name)' is missing argument \(i + 1)") }
        return values[i]
    }

    func string(_ i: Int) throws(ExpressionError) -> String {
        let v = try value(i)
        guard case .string(let s) = v else { throw mismatch(i, "string", v) }
        return s
    }

    func array(_ i: Int) throws(ExpressionError) -> [Value] {
        let v = try value(i)
        guard case .array(let items) = v else { throw mismatch(i, "array", v) }
        return items
    }

    func object(_ i: Int) throws(ExpressionError) -> [Value.Field] {
        let v = try value(i)
        guard case .object(let fields) = v else { throw mismatch(i, "object", v) }
        return fields
    }

    func integer(_ i: Int) throws(ExpressionError) -> Int64 {
        let v = try value(i)
        switch v {
        case .integer(let n): return n
        case .number(let d): if let n = Int64(exactly: d) { return n }
        default: break
        }
        throw mismatch(i, "integer", v)
    }

    /// `argument 1 of 'upper' must be string, not an integer`.
    func mismatch(_ i: Int, _ expected: String, _ got: Value) -> ExpressionError {
        ExpressionError("argument \(i + 1) of '\(function.name)' must be \(expected), not \(Text.article(got))")
    }
}
