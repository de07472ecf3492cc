import Diagnostics

/// A token of the expression language.
struct Token: Equatable {
    enum Kind: Equatable {
        case identifier(String)
        case int(Int)
        case float(Double)
        case string(String)
        /// Punctuation and operators: `(`, `==`, `?`…
        case symbol(Symbol)
        case end
        /// A lexical error, with its message.
        case invalid(String)
    }

    var kind: Kind
    var span: Span

    /// How the token reads in a message.
    var described: String {
        switch kind {
        case .identifier(let s): "'\(s)'"
        case .int, .float: "a number"
        case .string: "a string"
        case .symbol(let s): "'\(s.rawValue)'"
        case .end: "the end of the expression"
        case .invalid: "an invalid character"
        }
    }
}

/// Punctuation and operators of the expression language, by their text. Matched by bytes in
/// the lexer and compared as small integers in the parser: no strings per token.
enum Symbol: String, Equatable {
    case openParen = "(", closeParen = ")", openBracket = "[", closeBracket = "]"
    case comma = ",", dot = ".", question = "?", colon = ":"
    case not = "!", minus = "-", plus = "+", times = "*", divide = "/", remainder = "%"
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case equal = "==", notEqual = "!=", and = "&&", or = "||"

    /// The symbol spelt by one byte, or by it and the next (`second`, 0 when none).
    /// - Returns: The symbol and how many bytes it takes, or nil.
    static func match(_ first: UInt8, _ second: UInt8) -> (Symbol, Int)? {
        switch (first, second) {
        case (UInt8(ascii: "="), UInt8(ascii: "=")): return (.equal, 2)
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): return (.notEqual, 2)
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): return (.lessOrEqual, 2)
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): return (.greaterOrEqual, 2)
        case (UInt8(ascii: "&"), UInt8(ascii: "&")): return (.and, 2)
        case (UInt8(ascii: "|"), UInt8(ascii: "|")): return (.or, 2)
        default: break
        }
        let one: Symbol? = switch first {
        case UInt8(ascii: "("): .openParen
        case UInt8(ascii: ")"): .closeParen
        case UInt8(ascii: "["): .openBracket
        case UInt8(ascii: "]"): .closeBracket
        case UInt8(ascii: ","): .comma
        case UInt8(ascii: "."): .dot
        case UInt8(ascii: "?"): .question
        case UInt8(ascii: ":"): .colon
        case UInt8(ascii: "!"): .not
        case UInt8(ascii: "-"): .minus
        case UInt8(ascii: "+"): .plus
        case UInt8(ascii: "*"): .times
        case UInt8(ascii: "/"): .divide
        case UInt8(ascii: "%"): .remainder
        case UInt8(ascii: "<"): .less
        case UInt8(ascii: ">"): .greater
        default: nil
        }
        return one.map { ($0, 1) }
    }

    /// The infix operator the symbol is, if any.
    var binaryOperator: BinaryOperator? {
        switch self {
        case .or: .or
        case .and: .and
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        case .plus: .plus
        case .minus: .minus
        case .times: .times
        case .divide: .divide
        case .remainder: .remainder
        default: nil
        }
    }
}
