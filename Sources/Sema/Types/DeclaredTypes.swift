import Syntax

/// The types that declarations give: an input's `type`, a step's `output` schema.
enum DeclaredTypes {
    /// An input's declared type; `array` and `object` inputs say nothing of their parts.
    static func input(_ declaration: YAMLNode) -> ValueType {
        switch declaration["type"]?.scalar?.text {
        case "string": .string
        case "integer": .integer
        case "number": .number
        case "boolean": .boolean
        case "array": .array(.any)
        case "object": .anyObject
        default: .any
        }
    }

    /// The type of values an output schema accepts. An object with `properties` has those
    /// fields only unless `additionalProperties` allows more; a nullable type
    /// (`[string, "null"]`) is its non-null part; a schema this cannot express is `any`.
    static func schema(_ node: YAMLNode, depth: Int = 0) -> ValueType {
        guard depth < 40, node.mapping != nil else { return .any }
        var names: [String] = []
        if let scalar = node["type"]?.scalar {
            names = [scalar.text]
        } else if let items = node["type"]?.sequence {
            names = items.compactMap { $0.scalar?.text }.filter { $0 != "null" }
        }
        if names.isEmpty {
            if node["properties"] != nil { names = ["object"] } else if let values = node["enum"]?.sequence { return enumType(values) }
        }
        guard names.count == 1 else { return names.isEmpty && node["items"] != nil ? .array(itemType(node, depth)) : .any }
        switch names[0] {
        case "string": return .string
        case "integer": return .integer
        case "number": return .number
        case "boolean": return .boolean
        case "null": return .null
        case "array": return .array(itemType(node, depth))
        case "object": return .object(objectType(node, depth))
        default: return .any
        }
    }

    private static func itemType(_ node: YAMLNode, _ depth: Int) -> ValueType {
        node["items"].map { schema($0, depth: depth + 1) } ?? .any
    }

    private static func objectType(_ node: YAMLNode, _ depth: Int) -> ObjectType {
        var fields: [String: ValueType] = [:]
        for pair in node["properties"]?.mapping ?? [] { fields[pair.key] = schema(pair.value, depth: depth + 1) }
        let rest: ValueType?
        if let additional = node["additionalProperties"] {
            switch additional.scalar?.resolved {
            case .bool(false)?: rest = nil
            case .bool(true)?: rest = .any
            default: rest = schema(additional, depth: depth + 1)
            }
        } else {
            rest = node["properties"] == nil ? .any : nil
        }
        return ObjectType(fields: fields, rest: rest)
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
