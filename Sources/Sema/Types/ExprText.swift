import Syntax

/// Short source-like text of an expression, for messages: `steps.fetch.output`,
/// `inputs.tags[0]`.
enum ExprText {
    static func path(_ e: Expr) -> String {
        switch e.kind {
        case .name(let n): n
        case .member(let base, let name, _): "\(path(base)).\(name)"
        case .index(let base, let index):
            switch index.kind {
            case .int(let i): "\(path(base))[\(i)]"
            case .string(let s) where s.utf8.count <= 40: "\(path(base))[\"\(s)\"]"
            default: "\(path(base))[…]"
            }
        case .call(let name, _, _): "\(name)(…)"
        case .null: "null"
        case .bool(let b): "\(b)"
        case .int(let i): "\(i)"
        case .string: "the string"
        default: "the value"
        }
    }
}
