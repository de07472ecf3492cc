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
        if names.count == 0, keys.propertiesAt == nil, let values = keys.values { return enumType(values) }
        guard names.count == 1, let name = names.first else {
            return names.count == 0 && keys.itemsAt != nil ? .array(itemType(keys.items, depth)) : .any
        }
        let object = name == "object" ? objectType(keys.properties, keys.additional, depth) : nil
        return named(name, items: itemType(keys.items, depth), object: object) ?? .any
    }

    /// The keys of a schema that say its type, read in one pass (this runs for every step
    /// of every file checked). Keys are kept as positions in the schema's pairs: a node
    /// copied out of them would retain its contents, and most are read once or never.
    private struct SchemaKeys {
        let pairs: [YAMLPair]
        var typeAt: Int?
        var propertiesAt: Int?
        var itemsAt: Int?
        var additionalAt: Int?
        var enumAt: Int?

        init?(_ node: YAMLNode) {
            guard case .mapping(let pairs) = node.kind else { return nil }
            self.pairs = pairs
            for i in pairs.indices {
                // By length, then text: a comparison that fails between strings is a call.
                let key = pairs[i].key
                switch key.utf8.count {
                case 4:
                    if key == "type" { typeAt = i } else if key == "enum" { enumAt = i }
                case 5:
                    if key == "items" { itemsAt = i }
                case 10:
                    if key == "properties" { propertiesAt = i }
                case 20:
                    if key == "additionalProperties" { additionalAt = i }
                default:
                    break
                }
            }
        }

        var properties: YAMLNode? { propertiesAt.map { pairs[$0].value } }
        var items: YAMLNode? { itemsAt.map { pairs[$0].value } }
        var additional: YAMLNode? { additionalAt.map { pairs[$0].value } }
        var values: [YAMLNode]? { enumAt.flatMap { pairs[$0].value.sequence } }

        /// How many type names the schema gives, `null` left out (types do not track
        /// nullability), and the first; `object` when there is no `type` but `properties`.
        var typeNames: (count: Int, first: String?) {
            var count = 0
            var first: String?
            if let t = typeAt {
                switch pairs[t].value.kind {
                case .scalar(let scalar):
                    (count, first) = (1, scalar.text)
                case .sequence(let list):
                    for i in list.indices {
                        guard let text = list[i].scalar?.text, text != "null" else { continue }
                        if count == 0 { first = text }
                        count += 1
                    }
                case .mapping:
                    break
                }
            }
            return count == 0 && propertiesAt != nil ? (1, "object") : (count, first)
        }
    }

    /// The type a type name stands for, given the parts of arrays and objects.
    private static func named(_ name: String, items: ValueType?, object: ObjectType?) -> ValueType? {
        // By length first: a comparison between strings that fails is a call.
        switch name.utf8.count {
        case 4: name == "null" ? .null : nil
        case 5: name == "array" ? .array(items ?? .any) : nil
        case 6: name == "string" ? .string : name == "number" ? .number : name == "object" ? object.map { .object($0) } ?? .anyObject : nil
        case 7: name == "integer" ? .integer : name == "boolean" ? .boolean : nil
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
