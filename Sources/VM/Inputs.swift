import Plan

/// Why a run's inputs were refused: every problem found, each naming its input. Nothing
/// runs; `aiwvm exec` exits with status 2 (a bad command line or inputs).
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One line per problem, in the order of the declarations.
    public var problems: [String]

    /// The problems, one a line.
    public var description: String { problems.joined(separator: "\n") }
}

/// The run's inputs, from `--input NAME=VALUE` pairs and a JSON object (`--inputs FILE`),
/// checked against the plan's declarations before anything runs (docs/vm.md §3): type,
/// required, allowed values, minimum, maximum and pattern. A pair wins over the object.
public enum InputBinding {
    /// The inputs in the order the workflow declares them, each given, defaulted, or null.
    public static func bind(_ plan: VerifiedPlan, pairs: [String], object: Value? = nil) throws(InputError) -> [Value.Field] {
        let declared = plan.inputs
        let names = declared.map { plan.string($0.name) }
        var problems: [String] = []
        // Keyed by the names' bytes: a String key would merge canonically equivalent names.
        var given: [[UInt8]: (name: String, value: Value)] = [:]
        if let object {
            if case .object(let fields) = object {
                for f in fields { given[Array(f.name.utf8)] = (f.name, f.value) }
            } else {
                problems.append("the inputs file must hold a JSON object, not \(Text.article(object))")
            }
        }
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "=") else {
                problems.append("'\(pair)' is not NAME=VALUE")
                continue
            }
            let name = String(pair[..<eq])
            let text = String(pair[pair.index(after: eq)...])
            guard let k = names.firstIndex(where: { Text.same($0, name) }) else {
                given[Array(name.utf8)] = (name, .string(text))
                continue
            }
            switch parse(text, as: declared[k].type) {
            case .success(let v): given[Array(name.utf8)] = (name, v)
            case .failure(let e): problems.append("input '\(name)' \(e.message)")
            }
        }
        for name in given.values.map(\.name).sorted(by: Text.less) where !names.contains(where: { Text.same($0, name) }) {
            problems.append("unknown input '\(name)'; the workflow declares \(names.isEmpty ? "none" : names.map { "'\($0)'" }.joined(separator: ", "))")
        }
        var out: [Value.Field] = []
        for (k, input) in declared.enumerated() {
            let name = names[k]
            guard let v = given[Array(name.utf8)]?.value else {
                if input.defaultValue != PlanContents.none {
                    var value = Value(plan.constant(input.defaultValue), in: plan)
                    if input.type == .array || input.type == .object, case .string(let text) = value {
                        // An array or object default is held as its JSON text (plan-format.md §3).
                        switch parse(text, as: input.type) {
                        case .success(let v): value = v
                        case .failure(let e):
                            problems.append("the plan's default for input '\(name)' \(e.message)")
                            continue
                        }
                    }
                    out.append(Value.Field(name, value))
                } else if input.required {
                    problems.append("input '\(name)' is required (\(input.type.name)); give it with --input \(name)=VALUE")
                } else {
                    out.append(Value.Field(name, .null))
                }
                continue
            }
            let before = problems.count
            check(v, input, name, plan, into: &problems)
            if problems.count == before { out.append(Value.Field(name, normalized(v, input.type))) }
        }
        guard problems.isEmpty else { throw InputError(problems: problems) }
        return out
    }

    /// Text from the command line as a value of the declared type.
    static func parse(_ text: String, as type: PlanContents.InputType) -> Result<Value, ExpressionError> {
        switch type {
        case .string: return .success(.string(text))
        case .boolean:
            if text == "true" { return .success(.boolean(true)) }
            if text == "false" { return .success(.boolean(false)) }
            return .failure(ExpressionError("must be true or false, not '\(text)'"))
        case .integer, .number, .array, .object:
            guard let v = try? JSONReader.read(text), matches(v, type) else {
                return .failure(ExpressionError("must be \(type.article) (JSON for arrays and objects), not '\(text)'"))
            }
            return .success(v)
        }
    }

    /// Whether a value is of the declared type (an integer is a number; a number with no
    /// fraction is an integer).
    static func matches(_ v: Value, _ type: PlanContents.InputType) -> Bool {
        switch (type, v) {
        case (.string, .string), (.boolean, .boolean), (.array, .array), (.object, .object), (.integer, .integer),
             (.number, .integer), (.number, .number): true
        case (.integer, .number(let d)): Int64(exactly: d) != nil
        default: false
        }
    }

    /// An integer given as `5.0` is kept as the integer 5.
    static func normalized(_ v: Value, _ type: PlanContents.InputType) -> Value {
        if type == .integer, case .number(let d) = v, let n = Int64(exactly: d) { return .integer(n) }
        return v
    }

    static func check(_ v: Value, _ input: PlanContents.Input, _ name: String, _ plan: VerifiedPlan, into problems: inout [String]) {
        guard matches(v, input.type) else {
            problems.append("input '\(name)' must be \(input.type.article), not \(Text.article(v))")
            return
        }
        if input.allowed != PlanContents.none {
            let allowed = plan.enumeration(ofSchema: input.allowed).map { Value(plan.constant($0), in: plan) }
            if !allowed.contains(v) {
                problems.append("input '\(name)' must be one of \(allowed.map(JSONWriter.write).joined(separator: ", ")), not \(JSONWriter.write(v))")
            }
        }
        for (bound, isMinimum) in [(input.minimum, true), (input.maximum, false)] where bound != PlanContents.none {
            let limit = Value(plan.constant(bound), in: plan)
            guard Numbers.isNumber(limit) else { continue }
            let order = Numbers.compare(v, limit)
            if isMinimum ? order == .less : order == .greater {
                problems.append("input '\(name)' must be at \(isMinimum ? "least" : "most") \(JSONWriter.write(limit)), not \(JSONWriter.write(v))")
            }
        }
        if input.pattern != PlanContents.none, case .string(let text) = v {
            let pattern = plan.string(input.pattern)
            // JSON Schema's rule: the pattern may match anywhere in the text (unanchored).
            if let regex = try? Regex(pattern) {
                if !text.contains(regex) { problems.append("input '\(name)' must match the pattern \(pattern), not \(JSONWriter.write(v))") }
            } else {
                problems.append("input '\(name)': its pattern \(pattern) is not a regular expression this VM can run")
            }
        }
    }
}

extension PlanContents.InputType {
    /// The type's name in the language.
    var name: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .array: "array"
        case .object: "object"
        }
    }

    /// `a string`, `an integer`…
    var article: String {
        switch self {
        case .integer, .array, .object: "an \(name)"
        default: "a \(name)"
        }
    }
}
