import Diagnostics
import Syntax

/// Every `{{ }}` expression parses (AIW301–AIW303) and names only what is declared and in
/// reach (AIW310–AIW318): in step prompts, in workflow `outputs`, and in the action-block
/// values that are templates (`with` at any depth, `run` items, `if`, `foreach`, `env`).
/// Then the warnings that need every expression seen: unused inputs (AIW320), a secret in an
/// agent's prompt (AIW322), a constant `if` (AIW323).
struct ExpressionCheck: Check {
    /// Action keys whose string values are templates.
    static let templateKeys = ["with", "run", "if", "foreach", "env"]

    private var scope = WorkflowScope()
    private var steps: [StepSyntax] = []
    private var stepIndex = 0
    private var usage = NameUsage()

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
        let readsBefore = usage.secretReads.count
        for segment in step.prompt.segments {
            resolve(TemplateParser.parse(TemplateSource(file: context.file, span: segment), into: &context.sink), resolver, &context)
        }
        // An agent step's prompt goes to the model provider; a tool or command step's prose
        // goes nowhere.
        let root = step.actions.first?.root
        guard root?["tool"] == nil, root?["run"] == nil else { return }
        for read in usage.secretReads[readsBefore...] {
            context.report(
                .secretInPrompt, "secret '\(read.name)' in the prompt of step '\(step.id)' would be sent to the model provider",
                at: read.span,
                help: ["pass secrets to commands and tools (`run`, `env`, `with`), never to an agent"])
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
            if key == "if", let scalar = value.scalar, scalar.resolved == .string {
                // Parsed once, for the names and for the constant-condition warning.
                let parts = TemplateParser.parse(TemplateSource(scalar: scalar, node: value, file: context.file), into: &context.sink)
                resolve(parts, keyResolver, &context)
                checkConstantCondition(value, parts, &context)
            } else {
                scan(value, keyResolver, &context)
                if key == "if" { checkConstantCondition(value, [], &context) }
            }
        }
    }

    mutating func leaveWorkflow(_ workflow: WorkflowSyntax, _ context: inout CheckContext) {
        // After an expression that did not parse, or a misspelt name, an input may look
        // unused when the broken text is its use: one mistake, one diagnostic.
        let broken: Set<DiagnosticCode> = [
            .expressionSyntax, .unclosedExpression, .emptyExpression, .unknownName, .unknownInput,
            .yamlSyntax, .yamlTooComplex, .unclosedActionBlock,
        ]
        guard !context.sink.diagnostics.contains(where: { broken.contains($0.code) }) else { return }
        for (name, span) in scope.inputs.sorted(by: { $0.value.start < $1.value.start }) where !usage.inputs.contains(name) {
            context.report(.unusedInput, "input '\(name)' is never used", at: span, help: ["use it as {{ inputs.\(name) }}, or remove it"])
        }
        // Unused secrets wait for the registries: a tool's `auth` reads secrets by name too.
    }

    /// An `if` that is a literal (`true`, `{{ false }}`) decides nothing.
    private func checkConstantCondition(_ value: YAMLNode, _ parts: [TemplatePart], _ context: inout CheckContext) {
        guard let scalar = value.scalar else { return }
        var constant = scalar.resolved != .string
        if scalar.resolved == .string {
            if parts.count == 1, case .expression(let e, _) = parts[0] {
                switch e.kind {
                case .null, .bool, .int, .float, .string, .array: constant = true
                default: break
                }
            }
        }
        if constant {
            context.report(
                .constantCondition, "'if' is constant, so the step always or never runs", at: value.span,
                help: ["make the condition depend on inputs or earlier steps, or remove 'if'"])
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

    private mutating func resolve(_ parts: [TemplatePart], _ resolver: NameResolver?, _ context: inout CheckContext) {
        guard let resolver else { return }
        for part in parts {
            if case .expression(let e, _) = part { resolver.resolve(e, into: &context, usage: &usage) }
        }
    }

    /// Parses (and resolves) every string scalar in a value, at any depth.
    private mutating func scan(_ node: YAMLNode, _ resolver: NameResolver?, _ context: inout CheckContext) {
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
