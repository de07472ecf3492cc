import Syntax

/// The types that declarations give: an input's `type`, a step's `output` schema.
enum DeclaredTypes {
    /// An input's declared type; `array` and `object` inputs say nothing of their parts.
    static func input(_ declaration: YAMLNode) -> ValueType {
        named(declaration["type"]?.scalar?.text ?? "", items: nil, object: nil) ?? .any
    }

    /// The type of values an output schema accepts. An object with `properties` has those
    /// fields only unless `additionalProperties` allows more; a nullable type
    /// (`[string, "null"]`) is its non-null part; a schema this cannot express is `any`.
    static func schema(_ node: YAMLNode, depth: Int = 0) -> ValueType {
        guard depth < 40, let pairs = node.mapping else { return .any }
        // One pass over the keys: this runs for every step of every file checked.
        var type: YAMLNode?
        var properties: YAMLNode?
        var items: YAMLNode?
        var additional: YAMLNode?
        var values: [YAMLNode]?
        for pair in pairs {
            // Plain comparisons: a `switch` over strings tries the cases through a slower path.
            let key = pair.key
            if key == "type" { type = pair.value }
            else if key == "properties" { properties = pair.value }
            else if key == "items" { items = pair.value }
            else if key == "additionalProperties" { additional = pair.value }
            else if key == "enum" { values = pair.value.sequence }
        }
        var names: [String] = []
        if let scalar = type?.scalar {
            names = [scalar.text]
        } else if let list = type?.sequence {
            names = list.compactMap { $0.scalar?.text }.filter { $0 != "null" }
        }
        if names.isEmpty {
            if properties != nil { names = ["object"] } else if let values { return enumType(values) }
        }
        guard names.count == 1 else { return names.isEmpty && items != nil ? .array(itemType(items, depth)) : .any }
        let object = names[0] == "object" ? objectType(properties, additional, depth) : nil
        return named(names[0], items: itemType(items, depth), object: object) ?? .any
    }

    /// The type a type name stands for, given the parts of arrays and objects.
    private static func named(_ name: String, items: ValueType?, object: ObjectType?) -> ValueType? {
        switch name {
        case "string": .string
        case "integer": .integer
        case "number": .number
        case "boolean": .boolean
        case "null": .null
        case "array": .array(items ?? .any)
        case "object": object.map { .object($0) } ?? .anyObject
        default: nil
        }
    }

    private static func itemType(_ items: YAMLNode?, _ depth: Int) -> ValueType {
        items.map { schema($0, depth: depth + 1) } ?? .any
    }

    private static func objectType(_ properties: YAMLNode?, _ additional: YAMLNode?, _ depth: Int) -> ObjectType {
        var fields: [ObjectField] = []
        for pair in properties?.mapping ?? [] { fields.append(ObjectField(pair.key, schema(pair.value, depth: depth + 1))) }
        let rest: ValueType?
        if let additional {
            switch additional.scalar?.resolved {
            case .bool(false)?: rest = nil
            case .bool(true)?: rest = .any
            default: rest = schema(additional, depth: depth + 1)
            }
        } else {
            rest = properties == nil ? .any : nil
        }
        return ObjectType(fields, rest: rest)
    }

    /// The type of an `enum` list's values when they share one.
    static func enumType(_ values: [YAMLNode]) -> ValueType {
        var type: ValueType?
        for value in values {
            let t = literal(value)
            type = type.map { $0.joined(with: t) } ?? t
        }
        return type ?? .any
    }

    /// The type of a YAML value written in place (a `foreach` list, an `enum` value).
    static func literal(_ node: YAMLNode) -> ValueType {
        switch node.kind {
        case .scalar(let s):
            switch s.resolved {
            case .null: return .null
            case .bool: return .boolean
            case .int: return .integer
            case .float: return .number
            case .string: return .string
            }
        case .sequence(let items):
            return .array(items.reduce(nil as ValueType?) { acc, item in acc.map { $0.joined(with: literal(item)) } ?? literal(item) } ?? .any)
        case .mapping:
            return .anyObject
        }
    }
}
