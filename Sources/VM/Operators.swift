import Plan

/// The operators at run time (docs/vm.md §4): what the expression opcodes do to values.
/// The type checker refused what it could prove wrong; a value typed `any` is checked here,
/// and an integer that overflows 64 bits or a division by zero fails the step instead of
/// wrapping or trapping.
public enum Operators {
    /// A binary operator's result; `op` is one of `add` … `in`.
    public static func binary(_ op: Opcode, _ a: Value, _ b: Value) throws(ExpressionError) -> Value {
        switch op {
        case .add: return try add(a, b)
        case .subtract: return try arithmetic("-", a, b, { $0.subtractingReportingOverflow($1) }, -)
        case .multiply: return try arithmetic("*", a, b, { $0.multipliedReportingOverflow(by: $1) }, *)
        case .divide:
            guard let x = Numbers.double(a), let y = Numbers.double(b) else { throw mismatch("/", a, b) }
            guard y != 0 else { throw ExpressionError("division by zero") }
            return try finite(x / y, "/")
        case .remainder:
            if case .integer(let x) = a, case .integer(let y) = b {
                guard y != 0 else { throw ExpressionError("remainder of a division by zero") }
                let r = x.remainderReportingOverflow(dividingBy: y)
                return .integer(r.overflow ? 0 : r.partialValue)
            }
            guard let x = Numbers.double(a), let y = Numbers.double(b) else { throw mismatch("%", a, b) }
            guard y != 0 else { throw ExpressionError("remainder of a division by zero") }
            return .number(x.truncatingRemainder(dividingBy: y))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let order: Numbers.Comparison
            if Numbers.isNumber(a), Numbers.isNumber(b) {
                order = Numbers.compare(a, b)
            } else if case .string(let x) = a, case .string(let y) = b {
                order = Text.less(x, y) ? .less : Text.same(x, y) ? .equal : .greater
            } else {
                throw ExpressionError("cannot compare \(Text.article(a)) with \(Text.article(b)) by order")
            }
            switch op {
            case .less: return .boolean(order == .less)
            case .lessOrEqual: return .boolean(order != .greater)
            case .greater: return .boolean(order == .greater)
            default: return .boolean(order != .less)
            }
        case .equal: return .boolean(a == b)
        case .notEqual: return .boolean(a != b)
        case .contains:
            switch b {
            case .array(let items): return .boolean(items.contains { $0 == a })
            case .object:
                guard case .string(let name) = a else { throw ExpressionError("'in' an object needs a field name (a string), not \(Text.article(a))") }
                return .boolean(b[field: name] != nil)
            case .string(let text):
                guard case .string(let part) = a else { throw ExpressionError("'in' a string needs a string, not \(Text.article(a))") }
                return .boolean(Text.find(part, in: text) != nil)
            default: throw ExpressionError("'in' needs an array, an object or a string on its right, not \(Text.article(b))")
            }
        default: throw ExpressionError("'\(op.info.name)' is not a binary operator")
        }
    }

    /// `!a` and `-a`.
    public static func unary(_ op: Opcode, _ a: Value) throws(ExpressionError) -> Value {
        switch (op, a) {
        case (.not, .boolean(let b)): return .boolean(!b)
        case (.negate, .integer(let n)):
            guard n != .min else { throw ExpressionError("-\(n) does not fit in a 64-bit integer") }
            return .integer(-n)
        case (.negate, .number(let d)): return .number(-d)
        case (.not, _): throw ExpressionError("'!' needs a boolean, not \(Text.article(a))")
        default: throw ExpressionError("'-' needs a number, not \(Text.article(a))")
        }
    }

    /// `x.name`: the field, or null when absent; null stays null.
    public static func field(_ a: Value, _ name: String) throws(ExpressionError) -> Value {
        switch a {
        case .object: return a[field: name] ?? .null
        case .null: return .null
        default: throw ExpressionError("cannot read field '\(name)' of \(Text.article(a))")
        }
    }

    /// `x[i]`: an array's element or a string's character (Unicode scalar) by integer
    /// position from 0, an object's field by name; null when absent, and null stays null.
    public static func index(_ a: Value, _ i: Value) throws(ExpressionError) -> Value {
        switch (a, i) {
        case (.null, _): return .null
        case (.array(let items), .integer(let n)): return n >= 0 && n < Int64(items.count) ? items[Int(n)] : .null
        case (.string(let s), .integer(let n)):
            guard n >= 0, n < Int64(s.unicodeScalars.count) else { return .null }
            let scalar = s.unicodeScalars[s.unicodeScalars.index(s.unicodeScalars.startIndex, offsetBy: Int(n))]
            return .string(String(scalar))
        case (.object, .string(let name)): return a[field: name] ?? .null
        case (.array, _), (.string, _): throw ExpressionError("an index into \(Text.article(a)) must be an integer, not \(Text.article(i))")
        case (.object, _): throw ExpressionError("an index into an object must be a field name (a string), not \(Text.article(i))")
        default: throw ExpressionError("cannot index \(Text.article(a))")
        }
    }

    /// Interpolation: the texts of the values joined; a string as it is, null as nothing,
    /// anything else as compact JSON.
    public static func text(_ values: ArraySlice<Value>) -> String {
        var out = ""
        for v in values {
            switch v {
            case .null: break
            case .string(let s): out += s
            default: JSONWriter.write(v, into: &out)
            }
        }
        return out
    }

    /// A condition's value, which must be a boolean (no truthiness).
    public static func condition(_ a: Value) throws(ExpressionError) -> Bool {
        guard case .boolean(let b) = a else { throw ExpressionError("a condition must be a boolean, not \(Text.article(a)); compare it (!= '', > 0, != null)") }
        return b
    }

    static func add(_ a: Value, _ b: Value) throws(ExpressionError) -> Value {
        switch (a, b) {
        case (.string(let x), .string(let y)): return .string(x + y)
        case (.array(let x), .array(let y)): return .array(x + y)
        default: return try arithmetic("+", a, b, { $0.addingReportingOverflow($1) }, +)
        }
    }

    static func arithmetic(
        _ symbol: String, _ a: Value, _ b: Value,
        _ integers: (Int64, Int64) -> (partialValue: Int64, overflow: Bool), _ numbers: (Double, Double) -> Double
    ) throws(ExpressionError) -> Value {
        if case .integer(let x) = a, case .integer(let y) = b {
            let r = integers(x, y)
            guard !r.overflow else { throw ExpressionError("\(x) \(symbol) \(y) does not fit in a 64-bit integer") }
            return .integer(r.partialValue)
        }
        guard let x = Numbers.double(a), let y = Numbers.double(b) else { throw mismatch(symbol, a, b) }
        return try finite(numbers(x, y), symbol)
    }

    static func finite(_ d: Double, _ symbol: String) throws(ExpressionError) -> Value {
        guard d.isFinite else { throw ExpressionError("the result of '\(symbol)' is too large for a number") }
        return .number(d)
    }

    static func mismatch(_ symbol: String, _ a: Value, _ b: Value) -> ExpressionError {
        ExpressionError("'\(symbol)' needs two numbers\(symbol == "+" ? ", two strings or two arrays" : ""), not \(Text.article(a)) and \(Text.article(b))")
    }
}
