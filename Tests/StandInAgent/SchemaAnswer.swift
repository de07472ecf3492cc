/// Structured answers: when a prompt asks for JSON matching a schema (the VM writes the
/// schema in a ```json block after a line that mentions "JSON Schema"), the stand-in answers
/// with a value that satisfies it, or, when asked to misbehave, one that does not.
enum SchemaAnswer {
    /// How deep a generated value may go: schemas that refer to themselves stop here.
    static let maxDepth = 32

    /// The schema of a prompt, or nil when it asks for none (or the block is not JSON).
    static func schema(in prompt: String) -> JSON? {
        var sawHeading = false
        var block: [Substring]?
        for line in prompt.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.trimmingSpaces
            if var lines = block {
                if t == "```" { return JSON.parse(Array(lines.joined(separator: "\n").utf8)) }
                lines.append(line)
                block = lines
            } else if sawHeading, t.hasPrefix("```json") {
                block = []
            } else if line.contains("JSON Schema") {
                sawHeading = true
            }
        }
        return nil
    }

    /// A value that satisfies the schema: the first `const` or `enum` value, 0 (or the
    /// minimum), "stand-in", one item per array, every property filled.
    static func example(_ schema: JSON, depth: Int = 0) -> JSON {
        guard depth < maxDepth, case .object = schema else { return .string("stand-in") }
        if let c = schema["const"] { return c }
        if case .array(let values)? = schema["enum"], let first = values.first { return first }
        for key in ["anyOf", "oneOf", "allOf"] {
            if case .array(let options)? = schema[key], let first = options.first { return example(first, depth: depth + 1) }
        }
        switch type(of: schema) {
        case "null": return .null
        case "boolean": return .bool(true)
        case "integer", "number":
            let low = schema["minimum"]?.numberValue ?? schema["exclusiveMinimum"]?.numberValue.map { $0 + 1 } ?? 0
            return .number(String(Int(max(0, min(low.rounded(.up), 1e15)))))
        case "array":
            let least = Int(max(1, min(schema["minItems"]?.numberValue ?? 1, 16)))
            if case .array(let tuple)? = schema["items"] { return .array(tuple.map { example($0, depth: depth + 1) }) }
            let item = schema["items"].map { example($0, depth: depth + 1) } ?? .string("stand-in")
            return .array(Array(repeating: item, count: least))
        case "object":
            var fields: [(String, JSON)] = []
            if case .object(let properties)? = schema["properties"] {
                for (name, sub) in properties { fields.append((name, example(sub, depth: depth + 1))) }
            }
            if case .array(let required)? = schema["required"] {
                for case .string(let name) in required where !fields.contains(where: { $0.0 == name }) {
                    fields.append((name, .string("stand-in")))
                }
            }
            return .object(fields)
        default:
            let least = Int(max(0, min(schema["minLength"]?.numberValue ?? 0, 1000)))
            let text = "stand-in"
            return .string(text.count >= least ? text : text + String(repeating: "x", count: least - text.count))
        }
    }

    /// A value that breaks the schema, for retry tests: the first required property left
    /// out, else a value of another type.
    static func counterexample(_ schema: JSON) -> JSON {
        let good = example(schema)
        if case .object(let fields) = good, case .array(let required)? = schema["required"],
           case .string(let name)? = required.first {
            return .object(fields.filter { $0.0 != name })
        }
        if case .string = good { return .number("0") }
        return .string("stand-in: not what the schema asks for")
    }

    /// The type a schema asks for: its `type` (the first that is not "null" of a list), else
    /// what its keywords imply.
    private static func type(of schema: JSON) -> String {
        switch schema["type"] {
        case .string(let t)?: return t
        case .array(let ts)?:
            let names = ts.compactMap(\.stringValue)
            return names.first { $0 != "null" } ?? names.first ?? "string"
        default:
            if schema["properties"] != nil || schema["required"] != nil { return "object" }
            if schema["items"] != nil { return "array" }
            return "string"
        }
    }
}

extension Substring {
    /// The text without spaces and tabs at either end.
    var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[start...last]
    }
}
