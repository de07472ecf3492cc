import Plan

/// A value at run time: what inputs, step outputs, expressions and workflow outputs are.
/// The JSON data model, with integers kept apart from other numbers (as the type checker
/// keeps `integer` apart from `number`) and object fields in the order they were given.
public enum Value: Sendable, CustomStringConvertible {
    case null
    case boolean(Bool)
    case integer(Int64)
    /// A finite number (no NaN or infinity is ever made: JSON has none).
    case number(Double)
    case string(String)
    case array([Value])
    /// Fields in the order given; names are unique (``Value/object(_:)`` keeps the last of
    /// a repeated name, as JSON readers commonly do).
    case object([Field])

    /// One field of an object.
    public struct Field: Sendable {
        /// The field's name.
        public var name: String
        /// Its value.
        public var value: Value

        /// Creates a field.
        public init(_ name: String, _ value: Value) {
            self.name = name
            self.value = value
        }
    }

    /// An object from fields that may repeat a name: the last value of a name wins, in the
    /// place of its first occurrence.
    public static func object(uniquing fields: [Field]) -> Value {
        var out: [Field] = []
        out.reserveCapacity(fields.count)
        // Names are told apart by their bytes (a String key would merge canonically
        // equivalent names); a table keeps an object of many fields linear to build.
        var seen: [[UInt8]: Int] = [:]
        for f in fields {
            let key = Array(f.name.utf8)
            if let i = seen[key] {
                out[i].value = f.value
            } else {
                seen[key] = out.count
                out.append(f)
            }
        }
        return .object(out)
    }

    /// The type's name as the language spells it (`string`, `integer`…), for messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .boolean: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// A field of an object by name.
    public subscript(field name: String) -> Value? {
        guard case .object(let fields) = self else { return nil }
        return fields.first { Text.same($0.name, name) }?.value
    }

    /// Compact JSON.
    public var description: String { JSONWriter.write(self) }
}

extension Value: Equatable {
    /// Equality as `==` defines it at run time: numbers by value whatever their kind (`1 ==
    /// 1.0`), arrays element by element, objects by their fields whatever their order.
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.boolean(let x), .boolean(let y)): x == y
        case (.integer(let x), .integer(let y)): x == y
        case (.integer(let x), .number(let y)), (.number(let y), .integer(let x)): Int64(exactly: y) == x
        case (.number(let x), .number(let y)): x == y
        // By bytes: `==` is what JSON means by equal text, with no Unicode normalization.
        case (.string(let x), .string(let y)): Text.same(x, y)
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)):
            // Field names are unique, so equal counts and every field of one found equal in
            // the other make them equal; a table keeps large objects linear.
            x.count == y.count && {
                var byName: [[UInt8]: Value] = [:]
                for f in y { byName[Array(f.name.utf8)] = f.value }
                return x.allSatisfy { f in byName[Array(f.name.utf8)].map { $0 == f.value } ?? false }
            }()
        default: false
        }
    }
}

extension Value {
    /// A constant of a verified plan as a value (its strings read from the plan's pool).
    public init(_ constant: PlanContents.Constant, in plan: VerifiedPlan) {
        switch constant {
        case .null: self = .null
        case .boolean(let b): self = .boolean(b)
        case .integer(let n): self = .integer(n)
        case .number(let d): self = .number(d)
        case .string(let s): self = .string(plan.string(s))
        }
    }
}
