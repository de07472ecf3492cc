import Plan
import Syntax

/// Output schemas to the plan's schema table: the subset of JSON Schema that a step's
/// output is checked with at run time (`type`, `properties`, `required`, `items`,
/// `additionalProperties`, `enum`). Parts come before the schema that names them, and
/// equal schemas are stored once.
extension Lowerer {
    /// The index of a schema, compiled with its parts. Recursive: YAML nests at most 64
    /// levels, and past 40 a schema accepts anything (as the type checker reads it).
    mutating func schema(_ node: YAMLNode, depth: Int = 0) -> UInt32 {
        var s = PlanContents.Schema()
        if depth < 40, node.mapping != nil {
            let names = (node["type"]?.sequence ?? node["type"].map { [$0] } ?? []).compactMap { $0.scalar?.text }
            for name in names {
                let bits: PlanContents.SchemaTypes = switch name {
                case "null": .null
                case "boolean": .boolean
                case "integer": .integer
                case "number": [.number, .integer]
                case "string": .string
                case "array": .array
                case "object": .object
                default: []
                }
                s.types.formUnion(bits)
            }
            if let items = node["items"] { s.items = schema(items, depth: depth + 1) }
            let required = Set((node["required"]?.sequence ?? []).compactMap { $0.scalar?.text })
            for pair in node["properties"]?.mapping ?? [] {
                let child = schema(pair.value, depth: depth + 1)
                s.properties.append(PlanContents.Schema.Property(name: string(pair.key), schema: child, required: required.contains(pair.key)))
            }
            // A required name with no declared schema still must be present.
            for name in required.sorted() where !s.properties.contains(where: { strings.strings[Int($0.name)] == name }) {
                s.properties.append(PlanContents.Schema.Property(name: string(name), schema: schema(YAMLNode(.mapping([]), span: node.span), depth: depth + 1), required: true))
            }
            if let additional = node["additionalProperties"] {
                switch additional.scalar?.resolved {
                case .bool(false)?: s.additional = PlanContents.Schema.additionalNone
                case .bool(true)?: s.additional = PlanContents.Schema.additionalAny
                default: s.additional = schema(additional, depth: depth + 1)
                }
            }
            for value in node["enum"]?.sequence ?? [] {
                if let k = literal(value) { s.enumeration.append(constant(k)) }
            }
        }
        return schemas.index(s)
    }
}
