import Diagnostics
import Sema

/// `aiwc check --dump-types`: what semantic analysis learnt about a file, as text: the
/// declared names with their types, every expression node with its type, and every name
/// with its definition. A debug view of what the language server answers from.
enum TypeDump {
    static func render(_ model: SemanticModel, file: SourceFile) -> String {
        var out = "== \(file.path)\n"
        let scope = model.scope
        func at(_ span: Span) -> String {
            let l = file.location(at: span.start)
            return "\(l.line):\(l.column)"
        }
        func range(_ span: Span) -> String {
            let e = file.location(at: span.end)
            return "\(at(span))-\(e.line):\(e.column)"
        }
        out += "scope:\n"
        for (name, input) in scope.inputs.sorted(by: { $0.value.span < $1.value.span }) {
            out += "  input \(name): \(input.type)  (\(at(input.span)))\n"
        }
        for (name, span) in scope.secrets.sorted(by: { $0.value < $1.value }) { out += "  secret \(name): string  (\(at(span)))\n" }
        for (name, span) in scope.env.sorted(by: { $0.value < $1.value }) { out += "  env \(name): string  (\(at(span)))\n" }
        for (id, step) in scope.steps.sorted(by: { $0.value.index < $1.value.index }) {
            out += "  step \(id): output \(step.output)  (\(at(step.span)))\n"
        }
        out += "  trigger: \(scope.triggerType)\n"
        out += "expressions:\n"
        // Outer nodes are recorded after their parts; sort by position, outer first.
        let nodes = model.nodes.sorted { ($0.span.start, $0.depth) < ($1.span.start, $1.depth) }
        for node in nodes {
            var text = file.text(node.span).replacing("\n", with: " ")
            if text.count > 60 { text = String(text.prefix(57)) + "..." }
            let indent = String(repeating: "  ", count: node.depth + 1)
            out += "\(indent)\(range(node.span))  \(node.type)  \(text)\n"
        }
        out += "references:\n"
        for ref in model.references.sorted(by: { $0.span < $1.span }) {
            let target = ref.definition.map { "defined at \(at($0))" } ?? "library function"
            out += "  \(range(ref.span))  \(ref.kind.rawValue) \(ref.name)  \(target)\n"
        }
        return out
    }
}
