import Diagnostics

/// A `{{ }}` expression, parsed: every node keeps its span in the workflow file.
public struct Expr: Sendable {
    /// What the node is. Only the cases that hold other nodes are boxed: leaves (names,
    /// literals), about half of all nodes, cost no allocation.
    public enum Kind: Sendable {
        /// `null`.
        case null
        /// `true` or `false`.
        case bool(Bool)
        /// An integer literal.
        case int(Int)
        /// A floating-point literal.
        case float(Double)
        /// A string literal, unescaped.
        case string(String)
        /// `[a, b]`.
        case array([Expr])
        /// A bare name: `inputs`, `steps`, `item`…
        case name(String)
        /// `base.name`; `nameSpan` is where the name is.
        indirect case member(Expr, name: String, nameSpan: Span)
        /// `base[index]`.
        indirect case index(Expr, Expr)
        /// `!x`, `-x`.
        indirect case unary(UnaryOperator, Expr)
        /// `a + b` and the other infix operators.
        indirect case binary(BinaryOperator, Expr, Expr)
        /// `c ? a : b`.
        indirect case conditional(Expr, Expr, Expr)
        /// `f(a, b)`; `nameSpan` is where the function's name is.
        indirect case call(name: String, nameSpan: Span, arguments: [Expr])
    }

    /// The node.
    public var kind: Kind
    /// Its bytes in the file.
    public var span: Span

    /// Creates a node.
    public init(_ kind: Kind, span: Span) {
        self.kind = kind
        self.span = span
    }
}

/// Prefix operators.
public enum UnaryOperator: String, Sendable {
    /// Logical not.
    case not = "!"
    /// Arithmetic negation.
    case negate = "-"
}

/// Infix operators, with their binding power (higher binds tighter).
public enum BinaryOperator: String, Sendable, CaseIterable {
    /// `||`
    case or = "||"
    /// `&&`
    case and = "&&"
    /// `==`
    case equal = "=="
    /// `!=`
    case notEqual = "!="
    /// `<`
    case less = "<"
    /// `<=`
    case lessOrEqual = "<="
    /// `>`
    case greater = ">"
    /// `>=`
    case greaterOrEqual = ">="
    /// `in` (membership in an array, key in an object, substring in a string)
    case `in` = "in"
    /// `+` (numbers; strings concatenate)
    case plus = "+"
    /// `-`
    case minus = "-"
    /// `*`
    case times = "*"
    /// `/`
    case divide = "/"
    /// `%`
    case remainder = "%"

    /// The precedence level: `||` 2, `&&` 3, equality 4, comparison and `in` 5, additive 6,
    /// multiplicative 7 (`?:` is 1, prefix operators 8, postfix 9). Grammar/expressions.ebnf.
    public var precedence: Int {
        switch self {
        case .or: 2
        case .and: 3
        case .equal, .notEqual: 4
        case .less, .lessOrEqual, .greater, .greaterOrEqual, .in: 5
        case .plus, .minus: 6
        case .times, .divide, .remainder: 7
        }
    }
}
