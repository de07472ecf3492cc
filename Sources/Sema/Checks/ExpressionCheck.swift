import Diagnostics
import Syntax

/// Every `{{ }}` expression parses (AIW301–AIW303) and names only what is declared and in
/// reach (AIW310–AIW318): in step prompts, in workflow `outputs`, and in the action-block
/// values that are templates (`with` at any depth, `run` items, `if`, `foreach`, `env`).
struct ExpressionCheck: Check {
    /// Action keys whose string values are templates.
    static let templateKeys = ["with", "run", "if", "foreach", "env"]

    private var scope = WorkflowScope()
    private var steps: [StepSyntax] = []
    private var stepIndex = 0

    mutating func enterWorkflow(_ workflow: WorkflowSyntax, _ context: inout CheckContext) {
        scope = WorkflowScope(workflow)
        steps = workflow.steps
    }

    mutating func visitFrontmatter(_ frontmatter: Frontmatter, _ context: inout CheckContext) {
        guard let outputs = frontmatter.root?["outputs"]?.mapping else { return }
        let resolver = makeResolver(step: nil, inForeach: false)
        for pair in outputs { scan(pair.value, resolver, &context) }
    }

    mutating func visitStep(_ step: StepSyntax, index: Int, _ context: inout CheckContext) {
        stepIndex = index
        let resolver = makeResolver(step: index, inForeach: Self.hasForeach(step))
        for segment in step.prompt.segments {
            resolve(TemplateParser.parse(TemplateSource(file: context.file, span: segment), into: &context.sink), resolver, &context)
        }
    }

    mutating func visitAction(_ action: ActionBlock, in step: StepSyntax?, _ context: inout CheckContext) {
        guard let root = action.root, root.mapping != nil else { return }
        // Names in an action outside any step are not resolved: the block is an error already.
        let resolver = step.map { makeResolver(step: stepIndex, inForeach: Self.hasForeach($0)) }
        for key in Self.templateKeys {
            guard let value = root[key] else { continue }
            // `item` does not exist yet while the `foreach` list itself is computed.
            let keyResolver = key == "foreach" ? resolver?.outsideForeach : resolver
            scan(value, keyResolver, &context)
        }
    }

    private func makeResolver(step: Int?, inForeach: Bool) -> NameResolver {
        var stepEnv: Set<String> = []
        if let step, let env = steps[step].actions.first?.root?["env"]?.mapping { stepEnv = Set(env.map(\.key)) }
        return NameResolver(scope: scope, stepIndex: step, inForeach: inForeach, stepEnv: stepEnv)
    }

    private static func hasForeach(_ step: StepSyntax) -> Bool {
        step.actions.first?.root?["foreach"] != nil
    }

    private func resolve(_ parts: [TemplatePart], _ resolver: NameResolver?, _ context: inout CheckContext) {
        guard let resolver else { return }
        for part in parts {
            if case .expression(let e, _) = part { resolver.resolve(e, into: &context) }
        }
    }

    /// Parses (and resolves) every string scalar in a value, at any depth.
    private func scan(_ node: YAMLNode, _ resolver: NameResolver?, _ context: inout CheckContext) {
        var stack = [node]
        while let n = stack.popLast() {
            switch n.kind {
            case .scalar(let s):
                guard s.resolved == .string, s.text.utf8.count >= 2 else { continue }
                resolve(TemplateParser.parse(TemplateSource(scalar: s, node: n, file: context.file), into: &context.sink), resolver, &context)
            case .sequence(let items):
                stack += items.reversed()
            case .mapping(let pairs):
                stack += pairs.map(\.value).reversed()
            }
        }
    }
}
