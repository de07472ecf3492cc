import Diagnostics

/// A token of the expression language.
struct Token: Equatable {
    enum Kind: Equatable {
        case identifier(String)
        case int(Int)
        case float(Double)
        case string(String)
        /// Punctuation and operators, as written: `(`, `==`, `?`…
        case symbol(String)
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
        case .symbol(let s): "'\(s)'"
        case .end: "the end of the expression"
        case .invalid: "an invalid character"
        }
    }
}
