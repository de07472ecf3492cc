import Syntax

/// What a function parameter accepts.
public indirect enum ParameterType: Sendable, CustomStringConvertible {
    /// Any value.
    case any
    /// Text.
    case string
    /// An integer.
    case integer
    /// A number (an integer too).
    case number
    /// An array of any elements.
    case array
    /// An array of numbers.
    case arrayOfNumbers
    /// An object.
    case object
    /// One of several.
    case oneOf([ParameterType])

    /// Whether an argument of a type may be passed (`any` always may).
    public func accepts(_ type: ValueType) -> Bool {
        switch (self, type) {
        case (.any, _), (_, .any): true
        case (.string, .string), (.integer, .integer), (.number, .integer), (.number, .number): true
        case (.array, .array), (.object, .object): true
        case (.arrayOfNumbers, .array(let element)): element.isNumeric
        case (.oneOf(let options), _): options.contains { $0.accepts(type) }
        default: false
        }
    }

    /// `string`, `string | array`.
    public var description: String {
        switch self {
        case .any: "any"
        case .string: "string"
        case .integer: "integer"
        case .number: "number"
        case .array: "array"
        case .arrayOfNumbers: "array<number>"
        case .object: "object"
        case .oneOf(let options): options.map(\.description).joined(separator: " | ")
        }
    }
}

/// One parameter of a library function.
public struct Parameter: Sendable {
    /// Its name, for documentation and messages.
    public let name: String
    /// What it accepts.
    public var type: ParameterType

    /// Creates a parameter.
    public init(_ name: String, _ type: ParameterType) {
        self.name = name
        self.type = type
    }
}

/// A library function's typed signature: parameters, how many are required, whether the
/// last repeats, and the rule that gives the result type from the argument types.
/// (A class: looked up for every call checked, it is shared rather than copied.)
public final class FunctionSignature: Sendable {
    /// The function's name.
    public let name: String
    /// The parameters, in order.
    public let parameters: [Parameter]
    /// How many leading parameters must be given; the rest may be left out.
    public let required: Int
    /// Whether the last parameter may be given any number of times (at least once when required).
    public let variadic: Bool
    /// The result type, as documented (`integer`, `the element type`).
    public let returns: String
    /// One sentence on what the function does.
    public let summary: String
    /// The result type for arguments of these types (already accepted by the parameters).
    let result: @Sendable ([ValueType]) -> ValueType
    /// A further rule on the arguments: the index of an argument that is wrong and why.
    let refine: (@Sendable ([Expr.Kind], [ValueType]) -> (index: Int, message: String)?)?

    init(
        _ name: String, _ parameters: [Parameter], required: Int? = nil, variadic: Bool = false,
        returns: String, _ summary: String,
        result: @escaping @Sendable ([ValueType]) -> ValueType,
        refine: (@Sendable ([Expr.Kind], [ValueType]) -> (index: Int, message: String)?)? = nil
    ) {
        self.name = name
        self.parameters = parameters
        self.required = required ?? parameters.count
        self.variadic = variadic
        self.returns = returns
        self.summary = summary
        self.result = result
        self.refine = refine
    }

    /// `slice(value: string | array, start: integer, end?: integer) -> string | array`.
    public var display: String {
        let params = parameters.enumerated().map { i, p in
            let optional = i >= required ? "?" : ""
            let dots = variadic && i == parameters.count - 1 ? "..." : ""
            return "\(p.name)\(optional): \(p.type)\(dots)"
        }
        return "\(name)(\(params.joined(separator: ", "))) -> \(returns)"
    }

    /// The parameter an argument at a position is passed to, if any.
    func parameter(at index: Int) -> Parameter? {
        if index < parameters.count { return parameters[index] }
        return variadic ? parameters.last : nil
    }

    /// Whether `count` arguments is a valid number.
    func accepts(count: Int) -> Bool {
        count >= required && (variadic || count <= parameters.count)
    }

    /// "1 argument", "2 or 3 arguments", "at least 1 argument".
    var arityDescription: String {
        func plural(_ n: Int) -> String { n == 1 ? "1 argument" : "\(n) arguments" }
        if variadic { return "at least \(plural(max(required, 1)))" }
        if required == parameters.count { return plural(required) }
        if parameters.count == required + 1 { return "\(required) or \(plural(parameters.count))" }
        return "\(required) to \(plural(parameters.count))"
    }
}

