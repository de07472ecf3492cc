import Plan

/// Checks a value against one of the plan's compiled schemas (docs/vm.md §5): what the
/// `validate` opcode does to a step's output, and what a failed attempt's feedback says.
/// Each problem names where it is, as a path from the output (`$.labels[2]`).
public struct SchemaCheck {
    /// At most this many problems are reported; the rest are counted.
    public static let maxProblems = 20

    let plan: VerifiedPlan
    /// What is wrong, in order of the value's layout.
    public private(set) var problems: [String] = []
    /// Problems found beyond ``maxProblems``.
    public private(set) var more = 0

    /// A checker for schemas of a verified plan.
    public init(_ plan: VerifiedPlan) { self.plan = plan }

    /// The problems of `value` against schema `schema` (none when it conforms).
    public static func problems(_ value: Value, _ schema: UInt32, in plan: VerifiedPlan) -> [String] {
        var check = SchemaCheck(plan)
        check.check(value, schema, at: "$")
        return check.more == 0 ? check.problems : check.problems + ["… and \(check.more) more"]
    }

    /// Records a problem; past the cap only counts it, without building its message (which
    /// may hold a large value as JSON).
    mutating func report(_ message: @autoclosure () -> String) {
        if problems.count < Self.maxProblems { problems.append(message()) } else { more += 1 }
    }

    /// A schema as the check uses it: names and allowed values decoded once per check, not
    /// once per value node (an array of ten thousand items is checked against one schema).
    struct Compiled {
        var schema: PlanContents.Schema
        var names: [String]
        var allowed: [Value]
    }

    /// Schemas decoded so far, by index.
    private var compiled: [UInt32: Compiled] = [:]

    mutating func compiledSchema(_ index: UInt32) -> Compiled {
        if let c = compiled[index] { return c }
        let schema = plan.schema(index)
        let c = Compiled(schema: schema, names: schema.properties.map { plan.string($0.name) },
                         allowed: schema.enumeration.map { Value(plan.constant($0), in: plan) })
        compiled[index] = c
        return c
    }

    /// Schemas name only earlier schemas (the verifier proved it), so this recursion is
    /// bounded by the schema table, whatever the value's depth.
    mutating func check(_ value: Value, _ index: UInt32, at path: String) {
        let c = compiledSchema(index)
        let schema = c.schema
        guard Self.accepts(schema.types, value) else {
            report("\(path): must be \(Self.names(schema.types)), not \(Text.article(value))")
            return
        }
        if !c.allowed.isEmpty, !c.allowed.contains(value) {
            report("\(path): must be one of \(c.allowed.map(JSONWriter.write).joined(separator: ", ")), not \(JSONWriter.write(value))")
        }
        switch value {
        case .array(let items) where schema.items != PlanContents.none:
            for (k, item) in items.enumerated() { check(item, schema.items, at: "\(path)[\(k)]") }
        case .object(let fields):
            for (p, name) in zip(schema.properties, c.names) {
                if let v = value[field: name] {
                    check(v, p.schema, at: Self.member(path, name))
                } else if p.required {
                    report("\(path): the required field '\(name)' is missing")
                }
            }
            guard schema.additional != PlanContents.Schema.additionalAny else { return }
            for f in fields where !c.names.contains(where: { Text.same($0, f.name) }) {
                if schema.additional == PlanContents.Schema.additionalNone {
                    report("\(Self.member(path, f.name)): no such field is allowed (the schema lists \(c.names.isEmpty ? "none" : c.names.map { "'\($0)'" }.joined(separator: ", ")))")
                } else {
                    check(f.value, schema.additional, at: Self.member(path, f.name))
                }
            }
        default:
            break
        }
    }

    /// Whether a value is of one of the types (no types: any value). An integer is a number;
    /// a number with no fraction is an integer, as JSON Schema says.
    static func accepts(_ types: PlanContents.SchemaTypes, _ v: Value) -> Bool {
        if types.isEmpty { return true }
        switch v {
        case .null: return types.contains(.null)
        case .boolean: return types.contains(.boolean)
        case .integer: return types.contains(.integer) || types.contains(.number)
        case .number(let d): return types.contains(.number) || (types.contains(.integer) && d.rounded(.towardZero) == d)
        case .string: return types.contains(.string)
        case .array: return types.contains(.array)
        case .object: return types.contains(.object)
        }
    }

    /// `a string or null`.
    static func names(_ types: PlanContents.SchemaTypes) -> String {
        var words: [String] = []
        if types.contains(.object) { words.append("an object") }
        if types.contains(.array) { words.append("an array") }
        if types.contains(.string) { words.append("a string") }
        if types.contains(.number) { words.append("a number") } else if types.contains(.integer) { words.append("an integer") }
        if types.contains(.boolean) { words.append("a boolean") }
        if types.contains(.null) { words.append("null") }
        return words.count <= 1 ? words.first ?? "any value" : words.dropLast().joined(separator: ", ") + " or " + (words.last ?? "")
    }

    /// `$.name`, or `$["a b"]` for a name that is not a plain word.
    static func member(_ path: String, _ name: String) -> String {
        let plain = !name.isEmpty && name.unicodeScalars.allSatisfy { $0 == "_" || $0 == "-" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        if plain { return path + "." + name }
        var quoted = ""
        JSONWriter.string(name, into: &quoted)
        return path + "[" + quoted + "]"
    }
}
