import Diagnostics

/// A Pratt parser for one expression (Grammar/expressions.ebnf). It stops at the first
/// error: the rest of a broken expression would only produce consequences of it.
struct ExpressionParser {
    /// Why an expression could not be parsed, and where.
    struct Failure: Error {
        var message: String
        var span: Span
        /// The other half of the problem (the bracket a missing one should close).
        var related: (message: String, span: Span)? = nil
    }

    private var lexer: Lexer
    private var current: Token
    /// Nesting depth, capped so that `((((…` cannot exhaust the stack.
    private var depth = 0
    static let maxDepth = 64

    /// Creates a parser of `range` of the text; `bytes` are the source's storage, which
    /// must stay valid while the parser is used.
    init(source: TemplateSource, bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        lexer = Lexer(source: source, bytes: bytes, range: range)
        current = lexer.next()
    }

    /// Parses the whole range as one expression.
    mutating func parseAll() throws(Failure) -> Expr {
        let expr = try expression(0)
        guard case .end = current.kind else { throw unexpected("an operator or the end of the expression") }
        return expr
    }

    private mutating func advance() -> Token {
        let t = current
        current = lexer.next()
        return t
    }

    private func isSymbol(_ s: Symbol) -> Bool {
        if case .symbol(let x) = current.kind { return x == s }
        return false
    }

    private mutating func expect(_ s: Symbol, closing open: Token? = nil) throws(Failure) -> Token {
        guard isSymbol(s) else {
            var failure = unexpected(open.map { "'\(s.rawValue)' to close '\($0.symbolText)'" } ?? "'\(s.rawValue)'")
            if let open, !current.isInvalid { failure.related = ("'\(open.symbolText)' is opened here", open.span) }
            throw failure
        }
        return advance()
    }

    /// The error for a token that is not what was expected; a token that is itself a lexical
    /// error (`=`, an unclosed string) reports that instead.
    private func unexpected(_ expectation: String) -> Failure {
        if case .invalid(let message) = current.kind { return Failure(message: message, span: current.span) }
        return Failure(message: "expected \(expectation), found \(current.described)", span: current.span)
    }

    /// Binding power of the operator at `current`, if it is an infix or postfix one.
    private func infixPrecedence() -> Int? {
        switch current.kind {
        case .symbol(.question): return 1
        case .symbol(.dot), .symbol(.openBracket): return 9
        case .symbol(let s): return s.binaryOperator?.precedence
        case .identifier("in"): return BinaryOperator.in.precedence
        default: return nil
        }
    }

    private mutating func expression(_ minimum: Int) throws(Failure) -> Expr {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            throw Failure(message: "expression is nested more than \(Self.maxDepth) levels deep", span: current.span)
        }
        var left = try prefix()
        while let precedence = infixPrecedence(), precedence > minimum {
            // A chain (`a + b + c …`, `a.b.c …`) deepens the tree without nesting calls.
            guard left.height < Self.maxDepth else {
                throw Failure(message: "expression is nested more than \(Self.maxDepth) levels deep", span: current.span)
            }
            let op = advance()
            switch op.kind {
            case .symbol(.question):
                // Right-associative: `a ? b : c ? d : e` is `a ? b : (c ? d : e)`.
                let then = try expression(0)
                _ = try expect(.colon)
                let otherwise = try expression(0)
                left = Expr(.conditional(left, then, otherwise), span: left.span.union(otherwise.span))
            case .symbol(.dot):
                guard case .identifier(let name) = current.kind else { throw unexpected("a name after '.'") }
                let nameToken = advance()
                left = Expr(.member(left, name: name, nameSpan: nameToken.span), span: left.span.union(nameToken.span))
            case .symbol(.openBracket):
                let index = try expression(0)
                let close = try expect(.closeBracket, closing: op)
                left = Expr(.index(left, index), span: left.span.union(close.span))
            default:
                guard let binary = op.binaryOperator else {
                    throw Failure(message: "unexpected \(op.described)", span: op.span)
                }
                // Left-associative: the right side binds only tighter operators.
                let right = try operand(after: op, precedence)
                left = Expr(.binary(binary, left, right), span: left.span.union(right.span))
            }
        }
        return left
    }

    private mutating func operand(after op: Token, _ precedence: Int) throws(Failure) -> Expr {
        if case .end = current.kind {
            throw Failure(message: "expected an expression after \(op.described)", span: op.span)
        }
        return try expression(precedence)
    }

    private mutating func prefix() throws(Failure) -> Expr {
        let token = advance()
        switch token.kind {
        case .int(let i): return Expr(.int(i), span: token.span)
        case .float(let d): return Expr(.float(d), span: token.span)
        case .string(let s): return Expr(.string(s), span: token.span)
        case .identifier("true"): return Expr(.bool(true), span: token.span)
        case .identifier("false"): return Expr(.bool(false), span: token.span)
        case .identifier("null"): return Expr(.null, span: token.span)
        case .identifier("in"):
            throw Failure(message: "'in' needs a value on its left", span: token.span)
        case .identifier(let name):
            guard isSymbol(.openParen) else { return Expr(.name(name), span: token.span) }
            let open = advance()
            var arguments: [Expr] = []
            if !isSymbol(.closeParen) {
                arguments.append(try expression(0))
                while isSymbol(.comma) {
                    _ = advance()
                    arguments.append(try expression(0))
                }
            }
            let close = try expect(.closeParen, closing: open)
            return Expr(.call(name: name, nameSpan: token.span, arguments: arguments), span: token.span.union(close.span))
        case .symbol(.openParen):
            let inner = try expression(0)
            let close = try expect(.closeParen, closing: token)
            return Expr(inner.kind, span: token.span.union(close.span))
        case .symbol(.openBracket):
            var items: [Expr] = []
            if !isSymbol(.closeBracket) {
                items.append(try expression(0))
                while isSymbol(.comma) {
                    _ = advance()
                    if isSymbol(.closeBracket) { break }
                    items.append(try expression(0))
                }
            }
            let close = try expect(.closeBracket, closing: token)
            return Expr(.array(items), span: token.span.union(close.span))
        case .symbol(.not), .symbol(.minus):
            let op: UnaryOperator = token.kind == .symbol(.not) ? .not : .negate
            let operand = try operand(after: token, 8)
            return Expr(.unary(op, operand), span: token.span.union(operand.span))
        case .invalid(let message):
            throw Failure(message: message, span: token.span)
        case .end:
            throw Failure(message: "expected an expression", span: token.span)
        case .symbol:
            throw Failure(message: "expected an expression, found \(token.described)", span: token.span)
        }
    }
}

extension Token {
    /// Whether the token is a lexical error.
    var isInvalid: Bool {
        if case .invalid = kind { return true }
        return false
    }

    /// The text of a symbol token (empty for others).
    var symbolText: String {
        if case .symbol(let s) = kind { return s.rawValue }
        if case .identifier("in") = kind { return "in" }
        return ""
    }

    /// The infix operator the token is, if any (`in` is a word).
    var binaryOperator: BinaryOperator? {
        if case .symbol(let s) = kind { return s.binaryOperator }
        if case .identifier("in") = kind { return .in }
        return nil
    }
}
