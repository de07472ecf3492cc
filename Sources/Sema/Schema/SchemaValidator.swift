import Diagnostics
import Syntax

/// Checks a YAML tree against a ``Shape`` and reports every mismatch with its code: unknown
/// keys with a did-you-mean (AIW201), missing keys (AIW202), wrong types (AIW203), bad
/// formats (AIW204–AIW207, AIW223–AIW225, AIW227), choices (AIW208), ranges (AIW209),
/// trigger kinds (AIW219), repeats (AIW220) and output schemas (AIW222).
struct SchemaValidator {
    let file: SourceFile

    /// Validates an object at the root (the frontmatter or an action block).
    /// - Parameters:
    ///   - node: The root node (nil for an empty block).
    ///   - shape: The object shape.
    ///   - anchor: Where "missing key" diagnostics point when the block is empty.
    func validate(root node: YAMLNode?, _ shape: ObjectShape, anchor: Span, into sink: inout DiagnosticSink) {
        guard let node else {
            reportMissing(shape.fields.filter(\.required).map(\.name), in: "the \(shape.what)", at: anchor, into: &sink)
            return
        }
        var path = SchemaPath()
        validate(node, .object(shape), path: &path, into: &sink, missingAnchor: anchor)
    }

    func validate(_ node: YAMLNode, _ shape: Shape, path: inout SchemaPath, into sink: inout DiagnosticSink, missingAnchor: Span? = nil) {
        switch shape {
        case .any:
            return
        case .null:
            if case .scalar(let s) = node.kind, s.resolved == .null { return }
            mismatch(node, expected: "nothing (null)", path: path, into: &sink)
        case .scalar:
            guard let s = node.scalar else { return mismatch(node, expected: "a single value", path: path, into: &sink) }
            if s.resolved == .null { mismatch(node, expected: "a value", path: path, into: &sink) }
        case .string(let format):
            guard let s = node.scalar, s.resolved != .null else {
                return mismatch(node, expected: "text", path: path, into: &sink)
            }
            FormatChecks(file: file).check(s.text, format, node: node, path: path, into: &sink)
        case .constantTrue:
            guard case .scalar(let s) = node.kind, case .bool(true) = s.resolved else {
                return sink.report(
                    .invalidChoice, "'\(path)' can only be true (or left empty)", at: node.span,
                    help: ["remove the entry to turn it off"])
            }
        case .boolean:
            guard case .scalar(let s) = node.kind, case .bool = s.resolved else {
                return mismatch(node, expected: "true or false", path: path, into: &sink)
            }
        case let .integer(min, max):
            guard case .scalar(let s) = node.kind, case .int(let value) = s.resolved else {
                return mismatch(node, expected: "an integer", path: path, into: &sink)
            }
            guard let value else {
                return sink.report(.outOfRange, "'\(path)' is too large: \(s.text) does not fit in 64 bits", at: node.span)
            }
            checkRange(Double(value), text: s.text, min: min.map(Double.init), max: max.map(Double.init), node: node, path: path, into: &sink)
        case let .number(min, max):
            guard case .scalar(let s) = node.kind else { return mismatch(node, expected: "a number", path: path, into: &sink) }
            let value: Double
            switch s.resolved {
            case .int(let i?): value = Double(i)
            case .int(nil): value = Double(s.text) ?? .infinity
            case .float(let d): value = d
            default: return mismatch(node, expected: "a number", path: path, into: &sink)
            }
            guard value.isFinite else {
                return sink.report(.outOfRange, "'\(path)' must be a finite number, found \(s.text)", at: node.span)
            }
            checkRange(value, text: s.text, min: min, max: max, node: node, path: path, into: &sink)
        case .choice(let choices):
            guard let s = node.scalar, s.resolved != .null else {
                return mismatch(node, expected: "one of " + quoted(choices), path: path, into: &sink)
            }
            if !choices.contains(s.text) {
                let close = Suggestions.closest(to: s.text, in: choices)
                sink.report(
                    .invalidChoice, "'\(s.text)' is not a valid value for '\(path)'", at: node.span,
                    help: [close.isEmpty ? "expected one of \(quoted(choices))" : Suggestions.help(for: s.text, in: choices, what: "value")],
                    fixIts: close.count == 1 ? [.replace(node.span, with: close[0], "replace with '\(close[0])'")] : [])
            }
        case let .list(item, unique):
            guard let items = node.sequence else {
                var fixIts: [FixIt] = []
                if let s = node.scalar, s.resolved != .null {
                    fixIts.append(.replace(node.span, with: "[\(YAMLQuoting.flowItem(s.text))]", "make it a list of one"))
                }
                return mismatch(node, expected: "a list", path: path, into: &sink, fixIts: fixIts)
            }
            var seen: [String: Span] = [:]
            for (i, element) in items.enumerated() {
                path.push(.index(i))
                validate(element, item, path: &path, into: &sink)
                path.pop()
                guard unique, let s = element.scalar else { continue }
                if let first = seen[s.text] {
                    sink.report(
                        .duplicateEntry, "'\(s.text)' is listed twice in '\(path)'", at: element.span,
                        notes: [Note("first listed here", at: sink.range(first))],
                        fixIts: [.replace(removalSpan(of: element, in: items, index: i), with: "", "remove the repeat")])
                } else {
                    seen[s.text] = element.span
                }
            }
        case let .map(keyFormat, value):
            guard let pairs = node.mapping else { return mismatch(node, expected: "a mapping", path: path, into: &sink) }
            for pair in pairs {
                let keyNode = YAMLNode(.scalar(YAMLScalar(text: pair.key, style: .plain)), span: pair.keySpan)
                path.push(.key(pair.key))
                FormatChecks(file: file).check(pair.key, keyFormat, node: keyNode, path: path, into: &sink)
                validate(pair.value, value, path: &path, into: &sink)
                path.pop()
            }
        case .object(let object):
            validateObject(node, object, path: &path, into: &sink, missingAnchor: missingAnchor)
        case .oneOf(let alternatives):
            if let chosen = alternatives.first(where: { accepts($0, node) }) {
                validate(node, chosen, path: &path, into: &sink, missingAnchor: missingAnchor)
            } else {
                let kinds = alternatives.map(describe)
                mismatch(node, expected: kinds.joined(separator: " or "), path: path, into: &sink)
            }
        case .outputSchema:
            OutputSchemaValidator(file: file).validate(node, path: &path, into: &sink)
        }
    }

    private func validateObject(_ node: YAMLNode, _ object: ObjectShape, path: inout SchemaPath, into sink: inout DiagnosticSink, missingAnchor: Span?) {
        guard let pairs = node.mapping else {
            return mismatch(node, expected: "a mapping (\(object.what))", path: path, into: &sink)
        }
        let names = object.fields.map(\.name)
        var kinds: [YAMLPair] = []
        // A misspelt required key (`nme:`) is one mistake: the unknown-key error suggests the
        // key, and the missing-key error for it is not reported as well.
        var suggestedMissing: Set<String> = []
        for pair in pairs {
            guard let field = object.field(pair.key) else {
                let close = Suggestions.closest(to: pair.key, in: names)
                if close.count == 1 { suggestedMissing.insert(close[0]) }
                let where_ = path.isEmpty ? "the \(object.what)" : "'\(path)'"
                sink.report(
                    .unknownKey, "unknown key '\(pair.key)' in \(where_)", at: pair.keySpan,
                    help: [Suggestions.help(for: pair.key, in: names, what: "key")],
                    fixIts: close.count == 1 ? [.replace(pair.keySpan, with: close[0], "replace with '\(close[0])'")] : [])
                continue
            }
            if object.exactlyOne.contains(pair.key) { kinds.append(pair) }
            path.push(.key(pair.key))
            validate(pair.value, field.shape, path: &path, into: &sink)
            path.pop()
        }
        if !object.exactlyOne.isEmpty {
            if kinds.count > 1 {
                sink.report(
                    .invalidTrigger, "a trigger entry has one kind, but this one has '\(kinds[0].key)' and '\(kinds[1].key)'",
                    at: kinds[1].keySpan,
                    notes: [Note("'\(kinds[0].key)' is given here", at: sink.range(kinds[0].keySpan))],
                    help: ["start a new list item with `- \(kinds[1].key):`"])
            } else if kinds.isEmpty, !pairs.contains(where: { object.field($0.key) == nil }) {
                sink.report(
                    .invalidTrigger, "trigger entry has no kind", at: node.span,
                    help: ["expected one of " + quoted(object.exactlyOne)])
            }
        }
        let missing = object.fields.filter { f in
            f.required && !suggestedMissing.contains(f.name) && !pairs.contains { $0.key == f.name }
        }.map(\.name)
        reportMissing(missing, in: path.isEmpty ? "the \(object.what)" : "'\(path)'", at: missingAnchor ?? node.span, into: &sink)
    }

    /// One diagnostic for all the keys missing from one mapping (they share a position).
    private func reportMissing(_ names: [String], in where_: String, at span: Span, into sink: inout DiagnosticSink) {
        guard let last = names.last else { return }
        let list = names.count == 1 ? "key '\(last)'" : "keys " + names.dropLast().map { "'\($0)'" }.joined(separator: ", ") + " and '\(last)'"
        sink.report(.missingKey, "missing required \(list) in \(where_)", at: span)
    }

    private func checkRange(_ value: Double, text: String, min: Double?, max: Double?, node: YAMLNode, path: SchemaPath, into sink: inout DiagnosticSink) {
        if let min, value < min {
            sink.report(.outOfRange, "'\(path)' must be at least \(format(min)), found \(text)", at: node.span,
                        fixIts: [.replace(node.span, with: format(min), "use \(format(min))")])
        } else if let max, value > max {
            sink.report(.outOfRange, "'\(path)' must be at most \(format(max)), found \(text)", at: node.span,
                        fixIts: [.replace(node.span, with: format(max), "use \(format(max))")])
        }
    }

    private func format(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
    }

    /// The span to delete to remove a flow-list element with its separator.
    private func removalSpan(of element: YAMLNode, in items: [YAMLNode], index: Int) -> Span {
        guard index > 0 else { return element.span }
        return Span(start: items[index - 1].span.end, end: element.span.end)
    }

    private func mismatch(_ node: YAMLNode, expected: String, path: SchemaPath, into sink: inout DiagnosticSink, fixIts: [FixIt] = []) {
        let name = path.isEmpty ? "the value" : "'\(path)'"
        sink.report(.typeMismatch, "\(name) must be \(expected), found \(node.kindDescription)", at: node.span, fixIts: fixIts)
    }

    /// Whether a shape accepts the node's kind (used to pick a `oneOf` alternative).
    private func accepts(_ shape: Shape, _ node: YAMLNode) -> Bool {
        switch (shape, node.kind) {
        case (.any, _): return true
        case (.null, .scalar(let s)): return s.resolved == .null
        case (.boolean, .scalar(let s)), (.constantTrue, .scalar(let s)):
            if case .bool = s.resolved { return true }
            return false
        case (.integer, .scalar(let s)):
            if case .int = s.resolved { return true }
            return false
        case (.number, .scalar(let s)):
            switch s.resolved {
            case .int, .float: return true
            default: return false
            }
        case (.string, .scalar(let s)), (.scalar, .scalar(let s)), (.choice, .scalar(let s)):
            return s.resolved != .null
        case (.list, .sequence), (.object, .mapping), (.map, .mapping), (.outputSchema, .mapping):
            return true
        case (.oneOf(let alts), _): return alts.contains { accepts($0, node) }
        default: return false
        }
    }

    private func describe(_ shape: Shape) -> String {
        switch shape {
        case .string: "text"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "true or false"
        case .constantTrue: "true"
        case .null: "nothing"
        case .choice(let c): c.count == 1 ? "'\(c[0])'" : "one of " + quoted(c)
        case .list: "a list"
        case .map, .outputSchema: "a mapping"
        case .object(let o): "a mapping (\(o.what))"
        case .oneOf(let alts): alts.map(describe).joined(separator: " or ")
        case .scalar: "a single value"
        case .any: "anything"
        }
    }

}

func quoted(_ names: [String]) -> String {
    names.map { "'\($0)'" }.joined(separator: ", ")
}
