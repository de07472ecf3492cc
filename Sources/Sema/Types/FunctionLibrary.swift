import Syntax

/// The fixed library of expression functions, with their typed signatures (documented one
/// by one in docs/language.md §9.6; a test keeps the two in step).
public enum FunctionLibrary {
    /// Every function, sorted by name.
    public static let signatures: [FunctionSignature] = [
        FunctionSignature(
            "contains", [Parameter("haystack", .oneOf([.string, .array])), Parameter("needle", .any)], returns: "boolean",
            "Whether the text contains the substring, or the array an element equal to the value.",
            result: { _ in .boolean },
            refine: { _, types in
                if types[0] == .string, types[1] != .string, types[1] != .any {
                    return (1, "'contains' on a string looks for a string, not \(types[1].withArticle)")
                }
                if case .array(let element) = types[0], !element.isComparable(with: types[1]) {
                    return (1, "the array holds \(element) values, so \(types[1].withArticle) is never in it")
                }
                return nil
            }),
        FunctionSignature(
            "default", [Parameter("value", .any), Parameter("fallback", .any)], returns: "the type of both",
            "The value, or the fallback when the value is null or missing.",
            result: { $0[0] == .null ? $0[1] : $0[0].joined(with: $0[1]) }),
        FunctionSignature(
            "endsWith", [Parameter("text", .string), Parameter("suffix", .string)], returns: "boolean",
            "Whether the text ends with the suffix.", result: { _ in .boolean }),
        FunctionSignature(
            "first", [Parameter("items", .array)], returns: "the element type",
            "The first element, or null when the array is empty.", result: { element(of: $0[0]) }),
        FunctionSignature(
            "format", [Parameter("template", .string), Parameter("values", .any)], required: 1, variadic: true, returns: "string",
            "The template with `{0}`, `{1}`… replaced by the values (`{{`/`}}` for literal braces).",
            result: { _ in .string },
            refine: { kinds, _ in
                guard case .string(let template) = kinds[0] else { return nil }
                guard let highest = formatPlaceholders(template) else {
                    return (0, "the template has a '{' or '}' that is not a placeholder such as {0}; write '{{' or '}}' for a brace")
                }
                let given = kinds.count - 1
                if highest >= given {
                    return (0, "the template uses {\(highest)} but \(given == 1 ? "1 value is" : "\(given) values are") given")
                }
                return nil
            }),
        FunctionSignature(
            "fromJSON", [Parameter("text", .string)], returns: "any",
            "The value the JSON text encodes; the run fails when it is not JSON.", result: { _ in .any }),
        FunctionSignature(
            "join", [Parameter("items", .array), Parameter("separator", .string)], required: 1, returns: "string",
            "The elements as text, separated by the separator (default `,`); arrays and objects as JSON.",
            result: { _ in .string }),
        FunctionSignature(
            "keys", [Parameter("object", .object)], returns: "array<string>",
            "The object's field names, sorted.", result: { _ in .array(.string) }),
        FunctionSignature(
            "last", [Parameter("items", .array)], returns: "the element type",
            "The last element, or null when the array is empty.", result: { element(of: $0[0]) }),
        FunctionSignature(
            "len", [Parameter("value", .oneOf([.string, .array, .object]))], returns: "integer",
            "The number of characters of text, elements of an array or fields of an object.", result: { _ in .integer }),
        FunctionSignature(
            "lower", [Parameter("text", .string)], returns: "string", "The text in lower case.", result: { _ in .string }),
        FunctionSignature(
            "max", [Parameter("values", .oneOf([.number, .arrayOfNumbers]))], variadic: true, returns: "integer or number",
            "The largest of the numbers, or of one array of numbers.", result: numericResult,
            refine: numbersRule),
        FunctionSignature(
            "min", [Parameter("values", .oneOf([.number, .arrayOfNumbers]))], variadic: true, returns: "integer or number",
            "The smallest of the numbers, or of one array of numbers.", result: numericResult,
            refine: numbersRule),
        FunctionSignature(
            "replace", [Parameter("text", .string), Parameter("old", .string), Parameter("new", .string)], returns: "string",
            "The text with every occurrence of `old` replaced by `new`.", result: { _ in .string }),
        FunctionSignature(
            "round", [Parameter("value", .number), Parameter("digits", .integer)], required: 1, returns: "integer, or number with digits",
            "The number rounded half away from zero, to an integer or to `digits` decimal places.",
            result: { $0.count == 1 ? .integer : .number }),
        FunctionSignature(
            "slice", [Parameter("value", .oneOf([.string, .array])), Parameter("start", .integer), Parameter("end", .integer)], required: 2,
            returns: "the type of value",
            "The characters or elements from `start` up to (not including) `end`; negative positions count from the end.",
            result: { $0[0] }),
        FunctionSignature(
            "split", [Parameter("text", .string), Parameter("separator", .string)], returns: "array<string>",
            "The pieces of the text between separators.", result: { _ in .array(.string) }),
        FunctionSignature(
            "startsWith", [Parameter("text", .string), Parameter("prefix", .string)], returns: "boolean",
            "Whether the text starts with the prefix.", result: { _ in .boolean }),
        FunctionSignature(
            "toJSON", [Parameter("value", .any)], returns: "string", "The value as compact JSON text.", result: { _ in .string }),
        FunctionSignature(
            "trim", [Parameter("text", .string)], returns: "string", "The text without leading and trailing white space.",
            result: { _ in .string }),
        FunctionSignature(
            "upper", [Parameter("text", .string)], returns: "string", "The text in upper case.", result: { _ in .string }),
        FunctionSignature(
            "values", [Parameter("object", .object)], returns: "array of the field type",
            "The object's field values, in the order of its sorted field names.",
            result: { types in
                guard case .object(let o) = types[0] else { return .array(.any) }
                let all = o.fields.map(\.type) + (o.rest.map { [$0] } ?? [])
                return .array(all.dropFirst().reduce(all.first ?? .any) { $0.joined(with: $1) })
            }),
    ]

    /// Every function name, sorted (in the order of ``signatures``).
    public static let names = signatures.map(\.name)

    /// The signature of a function, if the library has it.
    public static func signature(_ name: String) -> FunctionSignature? {
        // A scan of the names, lengths first: cheaper for 22 short names than hashing the
        // name, and it does not retain each signature on the way.
        let length = name.utf8.count
        for i in names.indices where names[i].utf8.count == length && names[i] == name { return signatures[i] }
        return nil
    }

    private static func element(of type: ValueType) -> ValueType {
        if case .array(let element) = type { return element }
        return .any
    }

    private static let numericResult: @Sendable ([ValueType]) -> ValueType = { types in
        // One argument is one array of numbers, or a single number (`max(x)` is `x`).
        let scalars = types.count == 1 && types[0].isArray ? [element(of: types[0])] : types
        return scalars.allSatisfy { $0 == .integer } ? .integer : scalars.contains(.any) ? .any : .number
    }

    /// `min(xs)` takes one array; `min(a, b)` takes numbers, never arrays among them.
    private static let numbersRule: @Sendable ([Expr.Kind], [ValueType]) -> (index: Int, message: String)? = { _, types in
        guard types.count > 1, let i = types.firstIndex(where: { !$0.isNumeric }) else { return nil }
        return (i, "an array is accepted only as the single argument; here every argument must be a number")
    }

    /// The highest `{N}` placeholder of a format template (-1 when there is none), or nil when
    /// a brace is neither a placeholder nor doubled.
    static func formatPlaceholders(_ template: String) -> Int? {
        let b = Array(template.utf8)
        var highest = -1
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "{") {
                if i + 1 < b.count, b[i + 1] == UInt8(ascii: "{") { i += 2; continue }
                var j = i + 1
                var n = 0
                while j < b.count, b[j] >= 0x30, b[j] <= 0x39, n < 1_000_000 { n = n * 10 + Int(b[j] - 0x30); j += 1 }
                guard j > i + 1, j < b.count, b[j] == UInt8(ascii: "}") else { return nil }
                highest = max(highest, n)
                i = j + 1
            } else if b[i] == UInt8(ascii: "}") {
                guard i + 1 < b.count, b[i + 1] == UInt8(ascii: "}") else { return nil }
                i += 2
            } else {
                i += 1
            }
        }
        return highest
    }
}
