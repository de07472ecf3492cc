import Plan

/// A plan's compiled schema written back as JSON Schema: what an agent is shown when its
/// step has an `output` schema (docs/vm.md §6).
enum SchemaText {
    /// Schema `i` as a JSON Schema value.
    static func value(_ i: UInt32, in plan: VerifiedPlan) -> Value {
        let s = plan.schema(i)
        var fields: [Value.Field] = []
        let names: [(PlanContents.SchemaTypes, String)] = [
            (.null, "null"), (.boolean, "boolean"), (.integer, "integer"), (.number, "number"),
            (.string, "string"), (.array, "array"), (.object, "object"),
        ]
        let types = names.filter { s.types.contains($0.0) }.map { Value.string($0.1) }
        if types.count == 1 { fields.append(Value.Field("type", types[0])) } else if !types.isEmpty { fields.append(Value.Field("type", .array(types))) }
        if !s.enumeration.isEmpty {
            fields.append(Value.Field("enum", .array(s.enumeration.map { Value(plan.constant($0), in: plan) })))
        }
        if s.items != PlanContents.none { fields.append(Value.Field("items", value(s.items, in: plan))) }
        if !s.properties.isEmpty {
            fields.append(Value.Field("properties", .object(s.properties.map { Value.Field(plan.string($0.name), value($0.schema, in: plan)) })))
            let required = s.properties.filter(\.required).map { Value.string(plan.string($0.name)) }
            if !required.isEmpty { fields.append(Value.Field("required", .array(required))) }
        }
        switch s.additional {
        case PlanContents.Schema.additionalAny: break
        case PlanContents.Schema.additionalNone: fields.append(Value.Field("additionalProperties", .boolean(false)))
        default: fields.append(Value.Field("additionalProperties", value(s.additional, in: plan)))
        }
        return .object(fields)
    }

    /// Whether an answer for this schema is read as JSON rather than kept as text: when the
    /// schema accepts no string.
    static func wantsJSON(_ i: UInt32, in plan: VerifiedPlan) -> Bool {
        let types = plan.schema(i).types
        return !types.isEmpty && !types.contains(.string)
    }

    /// The JSON inside an agent's answer: the whole answer, or the body of its first
    /// fenced block, or the text from the first `{` or `[` to the last `}` or `]` (agents
    /// often wrap JSON in prose or a fence).
    static func json(in answer: String) -> Result<Value, JSONError> {
        let direct = Result { () throws(JSONError) in try JSONReader.read(answer) }
        if case .success = direct { return direct }
        let bytes = Array(answer.utf8)
        let fence = Array("```".utf8)
        if let open = Text.find(fence, in: bytes, from: 0) {
            var start = open + 3
            while start < bytes.count, bytes[start] != 10 { start += 1 }
            if let close = Text.find(fence, in: bytes, from: min(start, bytes.count)) {
                let inner = Array(bytes[min(start, close)..<close])
                if case .success(let v) = Result(catching: { () throws(JSONError) in try JSONReader.read(inner) }) { return .success(v) }
            }
        }
        if let first = bytes.firstIndex(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") }),
           let last = bytes.lastIndex(where: { $0 == UInt8(ascii: "}") || $0 == UInt8(ascii: "]") }), first < last {
            if case .success(let v) = Result(catching: { () throws(JSONError) in try JSONReader.read(Array(bytes[first...last])) }) { return .success(v) }
        }
        return direct
    }
}
