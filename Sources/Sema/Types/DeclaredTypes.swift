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
        guard depth < 40, let keys = SchemaKeys(node) else { return .any }
        let names = keys.typeNames
        if names.count == 0, keys.properties == nil, let values = keys.values { return enumType(values) }
        guard names.count == 1, let name = names.first else {
            return names.count == 0 && keys.items != nil ? .array(itemType(keys.items, depth)) : .any
        }
        let object = name == "object" ? objectType(keys.properties, keys.additional, depth) : nil
        return named(name, items: itemType(keys.items, depth), object: object) ?? .any
    }

    /// The keys of a schema that say its type, read in one pass (this runs for every step
    /// of every file checked).
    private struct SchemaKeys {
        var type: YAMLNode?
        var properties: YAMLNode?
        var items: YAMLNode?
        var additional: YAMLNode?
        var values: [YAMLNode]?

        init?(_ node: YAMLNode) {
            guard case .mapping(let pairs) = node.kind else { return nil }
            for i in pairs.indices {
                // Plain comparisons: a `switch` over strings tries the cases through a slower path.
                let key = pairs[i].key
                if key == "type" { type = pairs[i].value }
                else if key == "properties" { properties = pairs[i].value }
                else if key == "items" { items = pairs[i].value }
                else if key == "additionalProperties" { additional = pairs[i].value }
                else if key == "enum" { values = pairs[i].value.sequence }
            }
        }

        /// How many type names the schema gives, `null` left out (types do not track
        /// nullability), and the first; `object` when there is no `type` but `properties`.
        var typeNames: (count: Int, first: String?) {
            var count = 0
            var first: String?
            if let scalar = type?.scalar {
                (count, first) = (1, scalar.text)
            } else if case .sequence(let list)? = type?.kind {
                for i in list.indices {
                    guard let text = list[i].scalar?.text, text != "null" else { continue }
                    if count == 0 { first = text }
                    count += 1
                }
            }
            return count == 0 && properties != nil ? (1, "object") : (count, first)
        }
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
        if case .mapping(let pairs)? = properties?.kind {
            fields.reserveCapacity(pairs.count)
            for i in pairs.indices { fields.append(ObjectField(pairs[i].key, schema(pairs[i].value, depth: depth + 1))) }
        }
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
