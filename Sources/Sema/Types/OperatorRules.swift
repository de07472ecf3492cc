import Diagnostics
import Syntax

/// The typing rules of the operators (docs/language.md §9.5): which operand types each
/// accepts and what it yields. An operand of type `any` is accepted by every rule.
enum OperatorRules {
    static func unary(_ op: UnaryOperator, _ t: ValueType, _ operand: Expr, _ context: inout CheckContext) -> ValueType {
        switch op {
        case .not:
            guard t == .boolean || t == .any else {
                context.report(.operandType, "'!' needs a boolean, not \(t.withArticle)", at: operand.span, help: conditionHelp(t))
                return .boolean
            }
            return .boolean
        case .negate:
            guard t.isNumeric else {
                context.report(.operandType, "'-' needs a number, not \(t.withArticle)", at: operand.span)
                return .any
            }
            return t
        }
    }

    static func binary(
        _ op: BinaryOperator, _ ta: ValueType, _ a: Expr, _ tb: ValueType, _ b: Expr, at whole: Expr,
        _ context: inout CheckContext
    ) -> ValueType {
        switch op {
        case .and, .or:
            for (t, e) in [(ta, a), (tb, b)] where t != .boolean && t != .any {
                context.report(
                    .operandType, "'\(op.rawValue)' needs boolean operands; this one is \(t.withArticle)", at: e.span,
                    help: conditionHelp(t))
            }
            return .boolean
        case .equal, .notEqual:
            if !ta.isComparable(with: tb) {
                context.report(
                    .neverEqual, "\(ta.withArticle) is never equal to \(tb.withArticle), so '\(op.rawValue)' is always \(op == .equal ? "false" : "true")",
                    at: whole.span, help: ["convert one side first, e.g. toJSON(x) for text or fromJSON(x) for a value"])
            }
            return .boolean
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let ordered = (ta.isNumeric && tb.isNumeric) || ((ta == .string || ta == .any) && (tb == .string || tb == .any))
            if !ordered {
                context.report(
                    .operandType, "'\(op.rawValue)' compares two numbers or two strings, not \(ta.withArticle) and \(tb.withArticle)",
                    at: whole.span)
            }
            return .boolean
        case .in:
            switch tb {
            case .any:
                break
            case .array(let element):
                if !ta.isComparable(with: element) {
                    context.report(
                        .neverEqual, "the array holds \(element) values, so \(ta.withArticle) is never in it", at: whole.span)
                }
            case .object, .string:
                if ta != .string, ta != .any {
                    context.report(
                        .operandType, "'in' looks for a string in \(tb.withArticle), not \(ta.withArticle)", at: a.span)
                }
            default:
                context.report(
                    .operandType, "'in' looks in an array, an object or a string, not in \(tb.withArticle)", at: b.span)
            }
            return .boolean
        case .plus:
            if ta == .string && (tb == .string || tb == .any) || tb == .string && ta == .any { return .string }
            if case .array(let x) = ta, case .array(let y) = tb { return .array(x.joined(with: y)) }
            // `any` may be an array (or a string) at run time, like the other operand.
            if case .array = ta, tb == .any { return .any }
            if case .array = tb, ta == .any { return .any }
            return arithmetic(op, ta, a, tb, b, at: whole, &context,
                              help: ta == .string || tb == .string ? ["to build text from other values, use format('{0} {1}', a, b)"] : [])
        case .minus, .times, .remainder:
            return arithmetic(op, ta, a, tb, b, at: whole, &context, help: [])
        case .divide:
            return arithmetic(op, ta, a, tb, b, at: whole, &context, help: []) == .any ? .any : .number
        }
    }

    /// Numbers in, an integer out when both are integers (`any` when either is unknown).
    private static func arithmetic(
        _ op: BinaryOperator, _ ta: ValueType, _ a: Expr, _ tb: ValueType, _ b: Expr, at whole: Expr,
        _ context: inout CheckContext, help: [String]
    ) -> ValueType {
        guard ta.isNumeric, tb.isNumeric else {
            let what = op == .plus ? "adds numbers, strings or arrays" : "needs numbers"
            context.report(
                .operandType, "'\(op.rawValue)' \(what), not \(ta.withArticle) and \(tb.withArticle)", at: whole.span, help: help)
            return .any
        }
        if ta == .any || tb == .any { return op == .plus ? .any : .number }
        return ta == .integer && tb == .integer ? .integer : .number
    }

    /// How to turn a value of a type into a condition.
    static func conditionHelp(_ t: ValueType) -> [String] {
        switch t {
        case .string: ["compare the text: x != '' or x == 'yes'"]
        case .integer, .number: ["compare the number: x != 0 or x > 0"]
        case .array, .object: ["test the size: len(x) > 0"]
        case .null: ["null is never a condition; compare a value with null: x != null"]
        default: []
        }
    }
}
