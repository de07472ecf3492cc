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
    /// The number of levels of the tree below and including this node (1 for a leaf). The
    /// parser bounds it, so that every recursive walk over an expression is bounded too:
    /// `a + b + c …` and `a.b.c …` are built in a loop, not by nested calls.
    public let height: Int

    /// Creates a node.
    public init(_ kind: Kind, span: Span) {
        self.kind = kind
        self.span = span
        self.height = 1 + Self.childHeight(kind)
    }

    private static func childHeight(_ kind: Kind) -> Int {
        switch kind {
        case .null, .bool, .int, .float, .string, .name: 0
        case .array(let items): maxHeight(items)
        case .member(let base, _, _): base.height
        case .index(let a, let b): max(a.height, b.height)
        case .unary(_, let x): x.height
        case .binary(_, let a, let b): max(a.height, b.height)
        case .conditional(let c, let a, let b): max(c.height, a.height, b.height)
        case .call(_, _, let arguments): maxHeight(arguments)
        }
    }

    /// The greatest height among nodes, 0 for none (a loop: `map` would allocate an array
    /// for every call and array literal parsed).
    private static func maxHeight(_ nodes: [Expr]) -> Int {
        var highest = 0
        for i in nodes.indices where nodes[i].height > highest { highest = nodes[i].height }
        return highest
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
