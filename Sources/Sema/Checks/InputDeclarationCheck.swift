import Diagnostics
import Syntax

/// An input's `default`, `enum`, `minimum`, `maximum` and `pattern` agree with its `type`
/// and with each other (AIW330–AIW333): `default: ten` for an integer is an error on that
/// line, not a failed run.
struct InputDeclarationCheck: Check {
    static let visits: CheckVisits = [.frontmatter]

    mutating func visitFrontmatter(_ frontmatter: Frontmatter, _ context: inout CheckContext) {
        for input in frontmatter.root?["inputs"]?.mapping ?? [] {
            guard input.value.mapping != nil, let type = input.value["type"]?.scalar?.text,
                  LanguageSchema.inputTypes.contains(type) else { continue }
            check(name: input.key, type: type, input.value, &context)
        }
    }

    private func check(name: String, type: String, _ decl: YAMLNode, _ context: inout CheckContext) {
        let numeric = type == "integer" || type == "number"
        for key in ["minimum", "maximum"] where !numeric {
            if let pair = decl.pair(key) {
                context.report(
                    .constraintNotApplicable, "'\(key)' applies to integer and number inputs, but '\(name)' is \(Self.withArticle(type))",
                    at: pair.keySpan)
            }
        }
        if let pair = decl.pair("pattern"), type != "string" {
            context.report(
                .constraintNotApplicable, "'pattern' applies to string inputs, but '\(name)' is \(Self.withArticle(type))", at: pair.keySpan)
        }
        let minimum = numeric ? number(decl["minimum"]) : nil
        let maximum = numeric ? number(decl["maximum"]) : nil
        if let minimum, let maximum, let node = decl["maximum"], maximum < minimum {
            context.report(
                .defaultViolatesConstraint, "'maximum' of input '\(name)' is below its 'minimum'", at: node.span,
                notes: [decl["minimum"].map { context.note("'minimum' is here", at: $0.span) }].compactMap { $0 })
        }
        // One evaluation compiles the pattern and matches the default (when it is text), so
        // each pattern is compiled once, not once to validate and again to match.
        var pattern: String?
        var defaultMatches: Bool?
        if type == "string", let node = decl["pattern"], let text = node.scalar?.text, node.scalar?.resolved != .null {
            let sample = decl["default"]?.scalar.flatMap { $0.resolved == .string ? $0.text : nil }
            let verdict = context.patterns.evaluate(text, value: sample)
            defaultMatches = verdict.matches
            if let error = verdict.error {
                context.report(.invalidPattern, "'pattern' of input '\(name)' is not a valid regular expression", at: node.span,
                               notes: [Note(error)])
            } else {
                pattern = text
            }
        }
        var allowed: [YAMLNode] = []
        if let items = decl["enum"]?.sequence {
            for item in items where matches(item, type: type, name: name, what: "value of 'enum'", &context) {
                allowed.append(item)
            }
        }
        guard let value = decl["default"], value.scalar?.resolved != .null,
              matches(value, type: type, name: name, what: "'default'", &context) else { return }
        if !allowed.isEmpty || decl["enum"]?.sequence?.isEmpty == false,
           !allowed.contains(where: { same($0, value) }) {
            context.report(
                .defaultViolatesConstraint, "'default' of input '\(name)' is not one of its 'enum' values", at: value.span,
                notes: [decl["enum"].map { context.note("the allowed values are here", at: $0.span) }].compactMap { $0 })
        }
        if let d = number(value) {
            if let minimum, d < minimum {
                context.report(.defaultViolatesConstraint, "'default' of input '\(name)' is below its 'minimum'", at: value.span)
            } else if let maximum, d > maximum {
                context.report(.defaultViolatesConstraint, "'default' of input '\(name)' is above its 'maximum'", at: value.span)
            }
        }
        if pattern != nil, value.scalar?.resolved == .string, defaultMatches == false {
            context.report(.defaultViolatesConstraint, "'default' of input '\(name)' does not match its 'pattern'", at: value.span)
        }
    }

    /// Whether a value has the input's type; reports AIW330 when not.
    private func matches(_ node: YAMLNode, type: String, name: String, what: String, _ context: inout CheckContext) -> Bool {
        let ok: Bool
        switch (type, node.kind) {
        case ("string", .scalar(let s)): ok = s.resolved == .string
        case ("integer", .scalar(let s)):
            if case .int(let i) = s.resolved { ok = i != nil } else { ok = false }
        case ("number", .scalar(let s)):
            switch s.resolved {
            case .int(let i): ok = i != nil
            case .float(let d): ok = d.isFinite
            default: ok = false
            }
        case ("boolean", .scalar(let s)):
            if case .bool = s.resolved { ok = true } else { ok = false }
        case ("array", .sequence), ("object", .mapping): ok = true
        default: ok = false
        }
        guard !ok else { return true }
        var fixIts: [FixIt] = []
        if type == "string", let s = node.scalar {
            fixIts.append(.replace(node.span, with: YAMLQuoting.doubleQuoted(s.text), "quote it"))
        }
        context.report(
            .inputTypeMismatch, "\(what) of input '\(name)' is \(node.kindDescription), but the input is \(Self.withArticle(type))",
            at: node.span, fixIts: fixIts)
        return false
    }

    /// "an integer", "a string".
    static func withArticle(_ type: String) -> String {
        (type.first.map { "aeiou".contains($0) } == true ? "an " : "a ") + type
    }

    private func number(_ node: YAMLNode?) -> Double? {
        guard case .scalar(let s)? = node?.kind else { return nil }
        switch s.resolved {
        case .int(let i?): return Double(i)
        case .float(let d) where d.isFinite: return d
        default: return nil
        }
    }

    /// Whether two scalars are the same value (same text, same resolved type).
    private func same(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
        guard let x = a.scalar, let y = b.scalar else { return false }
        return x.text == y.text && x.resolved == y.resolved
    }
}
