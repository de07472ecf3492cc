/// The type of an expression's value (docs/language.md §9.5).
///
/// `integer` is also a `number`; `any` is what the checker cannot know before the run (a
/// tool's result, `fromJSON`, a webhook body) and is accepted everywhere, so that only
/// certain mistakes are errors.
public indirect enum ValueType: Sendable, Hashable, CustomStringConvertible {
    /// Unknown until the run: accepted where any type is.
    case any
    /// `null`.
    case null
    /// `true` or `false`.
    case boolean
    /// A 64-bit integer.
    case integer
    /// A number, integer or not.
    case number
    /// Text.
    case string
    /// A list whose elements have one type.
    case array(ValueType)
    /// A mapping from field names to values.
    case object(ObjectType)

    /// An object of which nothing is known: every field is `any`.
    public static let anyObject = ValueType.object(ObjectType([], rest: .any))

    /// `string`, `array<integer>`, `object{id: string, …}`.
    public var description: String {
        switch self {
        case .any: "any"
        case .null: "null"
        case .boolean: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array(let element): "array<\(element)>"
        case .object(let object): object.description
        }
    }

    /// The type with an article, for messages ("a string", "an array").
    public var withArticle: String {
        switch self {
        case .any: "a value of any type"
        case .null: "null"
        case .integer: "an integer"
        case .array: "an array (\(self))"
        case .object(let o) where o.fields.isEmpty && o.rest == .any: "an object"
        case .object: "an object (\(self))"
        default: "a \(self)"
        }
    }

    /// Whether the type is an array.
    public var isArray: Bool {
        if case .array = self { return true }
        return false
    }

    /// Whether arithmetic applies: `integer`, `number`, or `any`.
    public var isNumeric: Bool {
        switch self {
        case .integer, .number, .any: true
        default: false
        }
    }

    /// Whether `==` between the two can ever be true: same kind, both numbers, `null` or
    /// `any` on either side.
    public func isComparable(with other: ValueType) -> Bool {
        switch (self, other) {
        case (.any, _), (_, .any), (.null, _), (_, .null): true
        case (.array, .array), (.object, .object): true
        default: (isNumeric && other.isNumeric) || self == other
        }
    }

    /// The type of a value that is one of the two: the common type, or `any`. `null` joins
    /// into the other side, since types do not track nullability.
    public func joined(with other: ValueType) -> ValueType {
        switch (self, other) {
        case _ where self == other: self
        case (.null, let t), (let t, .null): t
        case (.integer, .number), (.number, .integer): .number
        case (.array(let a), .array(let b)): .array(a.joined(with: b))
        default: .any
        }
    }
}

/// One known field of an object type.
public struct ObjectField: Sendable, Hashable {
    /// The field's name.
    public var name: String
    /// Its type.
    public var type: ValueType

    /// Creates a field.
    public init(_ name: String, _ type: ValueType) {
        self.name = name
        self.type = type
    }
}

/// The fields of an object type.
///
/// Objects in workflows have a handful of fields, so they are kept in a sorted array and
/// found by a scan: no hashing and no hash table per type, which matters because types are
/// made for every step of every file checked.
public struct ObjectType: Sendable, Hashable, CustomStringConvertible {
    /// Fields known by name, sorted by name.
    public private(set) var fields: [ObjectField]
    /// The type of every other field, or nil when there are none (an output schema with
    /// `properties` and without `additionalProperties`).
    public var rest: ValueType?

    /// Creates an object type from fields in any order (a repeated name keeps its first type).
    public init(_ fields: consuming [ObjectField], rest: ValueType?) {
        // Fields usually come sorted and unique (a schema's properties are often written in
        // order; the built-in types are): then the array is kept as it is, with no copy.
        if !fields.indices.dropFirst().allSatisfy({ fields[$0 - 1].name < fields[$0].name }) {
            // A stable sort keeps the first of a repeated name first.
            var sorted = fields.enumerated().sorted { ($0.element.name, $0.offset) < ($1.element.name, $1.offset) }.map(\.element)
            var kept = 1
            for i in sorted.indices.dropFirst() where sorted[i].name != sorted[kept - 1].name {
                sorted.swapAt(kept, i)
                kept += 1
            }
            sorted.removeSubrange(kept...)
            fields = sorted
        }
        self.fields = fields
        self.rest = rest
    }

    /// Creates an object type from a mapping of names to types.
    public init(fields: [String: ValueType], rest: ValueType?) {
        self.init(fields.map { ObjectField($0.key, $0.value) }, rest: rest)
    }

    /// The names of the known fields, sorted.
    public var names: [String] { fields.map(\.name) }

    /// The type of a field, or nil when the object cannot have it.
    public func field(_ name: String) -> ValueType? {
        // By index, lengths first: binding each field would copy it, and comparing names of
        // different lengths is a call that fails.
        let length = name.utf8.count
        for i in fields.indices where fields[i].name.utf8.count == length && fields[i].name == name { return fields[i].type }
        return rest
    }

    /// `object`, `object{id: string, label: string}`, `object{name: string, …}`,
    /// `object{*: string}`.
    public var description: String {
        if fields.isEmpty, rest == .any { return "object" }
        var parts = fields.map { "\($0.name): \($0.type)" }
        if let rest { parts.append(rest == .any ? "…" : "*: \(rest)") }
        return "object{\(parts.joined(separator: ", "))}"
    }
}
