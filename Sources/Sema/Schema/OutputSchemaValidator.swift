import Diagnostics
import Syntax

/// Checks that a step's `output` is within the JSON Schema subset the VM validates
/// (AIW222): known keywords, known types, and each keyword's value of the right kind.
struct OutputSchemaValidator {
    let file: SourceFile
    /// Nesting deeper than this is refused (YAML is capped at 64 levels already; schemas
    /// nest two YAML levels per schema level).
    let maxDepth = 32

    func validate(_ node: YAMLNode, path: inout SchemaPath, into sink: inout DiagnosticSink, depth: Int = 0) {
        guard let pairs = node.mapping else {
            return sink.report(.invalidSchema, "'\(path)' must be a JSON Schema mapping, found \(node.kindDescription)", at: node.span)
        }
        guard depth < maxDepth else {
            return sink.report(.invalidSchema, "'\(path)' nests schemas more than \(maxDepth) levels deep", at: node.span)
        }
        for pair in pairs {
            let value = pair.value
            path.push(.key(pair.key))
            defer { path.pop() }
            switch pair.key {
            case "type":
                checkType(value, path: path, into: &sink)
            case "properties":
                guard let props = value.mapping else {
                    sink.report(.invalidSchema, "'\(path)' must map property names to schemas", at: value.span)
                    continue
                }
                for p in props {
                    path.push(.key(p.key))
                    validate(p.value, path: &path, into: &sink, depth: depth + 1)
                    path.pop()
                }
            case "items":
                validate(value, path: &path, into: &sink, depth: depth + 1)
            case "additionalProperties":
                if case .scalar(let s) = value.kind, case .bool = s.resolved { continue }
                validate(value, path: &path, into: &sink, depth: depth + 1)
            case "required":
                guard let items = value.sequence, items.allSatisfy({ $0.scalar.map { $0.resolved != .null } ?? false }) else {
                    sink.report(.invalidSchema, "'\(path)' must be a list of property names", at: value.span)
                    continue
                }
                if let props = node["properties"]?.mapping {
                    let names = Set(props.map(\.key))
                    for item in items {
                        guard let name = item.scalar?.text, !names.contains(name) else { continue }
                        sink.report(
                            .invalidSchema, "required property '\(name)' is not among '\(path.parent.appending("properties"))'", at: item.span,
                            help: [Suggestions.help(for: name, in: props.map(\.key), what: "property")])
                    }
                }
            case "enum":
                if value.sequence == nil {
                    sink.report(.invalidSchema, "'\(path)' must be a list of allowed values", at: value.span)
                }
            case "minimum", "maximum":
                if !isFiniteNumber(value) {
                    sink.report(.invalidSchema, "'\(path)' must be a finite number", at: value.span)
                }
            case "minLength", "maxLength", "minItems", "maxItems":
                guard case .scalar(let s) = value.kind, case .int(let n?) = s.resolved, n >= 0 else {
                    sink.report(.invalidSchema, "'\(path)' must be a non-negative integer", at: value.span)
                    continue
                }
            case "description", "title", "pattern":
                if value.scalar.map({ $0.resolved == .null }) ?? true {
                    sink.report(.invalidSchema, "'\(path)' must be text", at: value.span)
                }
            default:
                let close = Suggestions.closest(to: pair.key, in: LanguageSchema.schemaKeywords)
                sink.report(
                    .invalidSchema, "'\(pair.key)' is not a supported JSON Schema keyword in '\(path.parent)'", at: pair.keySpan,
                    help: [Suggestions.help(for: pair.key, in: LanguageSchema.schemaKeywords, what: "keyword")],
                    fixIts: close.count == 1 ? [.replace(pair.keySpan, with: close[0], "replace with '\(close[0])'")] : [])
            }
        }
    }

    private func checkType(_ value: YAMLNode, path: SchemaPath, into sink: inout DiagnosticSink) {
        let names: [YAMLNode]
        if value.scalar != nil {
            names = [value]
        } else if let items = value.sequence, !items.isEmpty {
            names = items
        } else {
            return sink.report(.invalidSchema, "'\(path)' must be a type name or a list of them", at: value.span)
        }
        for n in names {
            // `null` unquoted is YAML's null, but in a type list it can only mean the type.
            guard let scalar = n.scalar, scalar.resolved != .null || scalar.text == "null" else {
                sink.report(.invalidSchema, "'\(path)' must name types, found \(n.kindDescription)", at: n.span)
                continue
            }
            let t = scalar.text
            guard !LanguageSchema.schemaTypes.contains(t) else { continue }
            let known = ["int": "integer", "str": "string", "bool": "boolean", "float": "number", "list": "array", "dict": "object", "map": "object"]
            let suggestion = known[t] ?? Suggestions.closest(to: t, in: LanguageSchema.schemaTypes).first
            sink.report(
                .invalidSchema, "'\(t)' is not a JSON Schema type", at: n.span,
                help: [suggestion.map { "did you mean '\($0)'?" } ?? "expected one of \(quoted(LanguageSchema.schemaTypes))"],
                fixIts: suggestion.map { [.replace(n.span, with: $0, "replace with '\($0)'")] } ?? [])
        }
    }

    private func isFiniteNumber(_ node: YAMLNode) -> Bool {
        guard case .scalar(let s) = node.kind else { return false }
        switch s.resolved {
        case .int(let i): return i != nil
        case .float(let d): return d.isFinite
        default: return false
        }
    }
}
