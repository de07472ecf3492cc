import Diagnostics
import Syntax

/// Every `{{ }}` expression parses (AIW301–AIW303): in step prompts, in workflow `outputs`,
/// and in the action-block values that are templates (`with` at any depth, `run` items,
/// `if`, `foreach`, `env`).
struct ExpressionSyntaxCheck: Check {
    /// Action keys whose string values are templates.
    static let templateKeys = ["with", "run", "if", "foreach", "env"]

    mutating func visitFrontmatter(_ frontmatter: Frontmatter, _ context: inout CheckContext) {
        guard let outputs = frontmatter.root?["outputs"]?.mapping else { return }
        for pair in outputs { scan(pair.value, &context) }
    }

    mutating func visitStep(_ step: StepSyntax, index: Int, _ context: inout CheckContext) {
        for segment in step.prompt.segments {
            _ = TemplateParser.parse(TemplateSource(file: context.file, span: segment), into: &context.sink)
        }
    }

    mutating func visitAction(_ action: ActionBlock, in step: StepSyntax?, _ context: inout CheckContext) {
        guard let root = action.root, root.mapping != nil else { return }
        for key in Self.templateKeys {
            if let value = root[key] { scan(value, &context) }
        }
    }

    /// Parses every string scalar in a value, at any depth.
    private func scan(_ node: YAMLNode, _ context: inout CheckContext) {
        var stack = [node]
        while let n = stack.popLast() {
            switch n.kind {
            case .scalar(let s):
                guard s.resolved == .string, s.text.utf8.count >= 2 else { continue }
                _ = TemplateParser.parse(TemplateSource(scalar: s, node: n, file: context.file), into: &context.sink)
            case .sequence(let items):
                stack += items.reversed()
            case .mapping(let pairs):
                stack += pairs.map(\.value).reversed()
            }
        }
    }
}
