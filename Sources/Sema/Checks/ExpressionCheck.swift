import Diagnostics
import Syntax

/// Every `{{ }}` expression parses (AIW301–AIW303), names only what is declared and in reach
/// (AIW310–AIW318) and is well typed (AIW340–AIW346): in step prompts, in workflow
/// `outputs`, and in the action-block values that are templates (`with` at any depth, `run`
/// items, `if`, `foreach`, `env`). `if` must be a boolean (AIW341) and `foreach` an array
/// (AIW342). Then the warnings that need every expression seen: unused inputs (AIW320), a
/// secret in an agent's prompt (AIW322), a constant `if` (AIW323).
struct ExpressionCheck: Check {
    /// Codes after which a name may look unused because its use is the broken text.
    static let hidesUnused: Set<DiagnosticCode> = [
        .expressionSyntax, .unclosedExpression, .emptyExpression, .unknownName, .unknownInput, .undeclaredSecret,
        .yamlSyntax, .yamlTooComplex, .unclosedActionBlock,
    ]

    /// The file's scope and step types, shared by the file's typers (set on entering the
    /// workflow, the first visit).
    private var fileTypes: FileTypes?
    /// The typer of the current step, `item` typed once its `foreach` is.
    private var stepTyper: ExpressionTyper?
    private var usage = NameUsage()
    /// Each tool step's call resolved against the tools lock, by step index.
    var toolCalls: [Int: ToolResolution] = [:]
    /// The index of the step being visited.
    var stepIndex = 0

    mutating func enterWorkflow(_ workflow: WorkflowSyntax, _ context: inout CheckContext) {
        let toolOutputs = resolveToolCalls(workflow, &context)
        let scope = WorkflowScope(workflow, toolOutputs: toolOutputs)
        if context.model != nil { context.model?.scope = scope }
        // The scope's last use: moved into the file's types, not copied.
        fileTypes = FileTypes(scope)
    }

    mutating func visitFrontmatter(_ frontmatter: Frontmatter, _ context: inout CheckContext) {
        guard let outputs = frontmatter.root?["outputs"]?.mapping, let fileTypes else { return }
        let typer = ExpressionTyper(file: fileTypes, stepIndex: nil, item: nil, stepEnv: [])
        for i in outputs.indices { scan(outputs[i].value, typer, &context) }
    }

    mutating func visitStep(_ step: StepSyntax, index: Int, _ context: inout CheckContext) {
        guard let fileTypes else { return }
        // The first action block says what the step is; its keys are read in one pass.
        var stepEnv: Set<String> = []
        var foreach: YAMLNode?
        var isAgentStep = true
        if let first = step.actions.first, case .mapping(let pairs)? = first.root?.kind {
            for i in pairs.indices {
                switch Self.key(pairs[i].key) {
                case .env:
                    if let env = pairs[i].value.mapping, !env.isEmpty { stepEnv = Set(env.map(\.key)) }
                case .foreach where !first.isBroken: foreach = pairs[i].value
                case .tool, .run: isAgentStep = false
                default: break
                }
            }
        }
        stepIndex = index
        var typer = ExpressionTyper(file: fileTypes, stepIndex: index, item: nil, stepEnv: stepEnv)
        // The `foreach` list is typed first: `item` in the prompt has its element type.
        if let foreach { typer = typer.inForeach(checkForeach(foreach, typer, &context)) }
        stepTyper = typer
        let readsBefore = usage.secretReads.count
        for segment in step.prompt.segments {
            let source = TemplateSource(file: context.file, span: segment)
            guard source.nextOpenBraces(from: 0) != nil else { continue }
            typeParts(TemplateParser.parse(source, into: &context.sink), typer, fixes: .plain, &context)
        }
        // An agent step's prompt goes to the model provider; a tool or command step's prose
        // goes nowhere.
        guard isAgentStep else { return }
        for read in usage.secretReads[readsBefore...] {
            context.report(
                .secretInPrompt, "secret '\(read.name)' in the prompt of step '\(step.id)' would be sent to the model provider",
                at: read.span,
                help: ["pass secrets to commands and tools (`run`, `env`, `with`), never to an agent"])
        }
    }

    mutating func visitAction(_ action: ActionBlock, in step: StepSyntax?, _ context: inout CheckContext) {
        guard case .mapping(let pairs)? = action.root?.kind else { return }
        // Names in an action outside any step are not resolved: the block is an error already.
        guard let step, let typer = stepTyper else { return }
        let isFirst = step.actions.first?.span == action.span
        let call = isFirst ? toolCalls[stepIndex] : nil
        var hasWith = false
        // One pass over the keys, by index (binding each pair would copy it).
        for i in pairs.indices {
            switch Self.key(pairs[i].key) {
            case .with:
                hasWith = true
                if let operation = call?.operation, let schema = operation.inputSchema {
                    checkArguments(pairs[i], schema, operation.name, typer, &context)
                } else {
                    scan(pairs[i].value, typer, &context)
                }
            case .tool: if let call { reportResolution(call, pairs[i].value, &context) }
            case .run, .env: scan(pairs[i].value, typer, &context)
            case .if: checkCondition(pairs[i].value, typer, &context)
            case .foreach where !isFirst: _ = checkForeach(pairs[i].value, typer.outsideForeach, &context)
            default: break
            }
        }
        if !hasWith, let operation = call?.operation, let schema = operation.inputSchema, let tool = action.root?.pair("tool") {
            reportMissingArguments(schema, given: [], operation.name, at: tool.keySpan, &context)
        }
    }

    /// The action-block keys this check reads.
    private enum Key {
        case with, run, env, `if`, foreach, tool, other
    }

    /// Which key a key is, by length first: a `switch` over strings compares the key with
    /// every word until one matches, and a comparison that fails is a call.
    private static func key(_ key: String) -> Key {
        switch key.utf8.count {
        case 2: key == "if" ? .if : .other
        case 3: key == "run" ? .run : key == "env" ? .env : .other
        case 4: key == "with" ? .with : key == "tool" ? .tool : .other
        case 7: key == "foreach" ? .foreach : .other
        default: .other
        }
    }

    mutating func leaveWorkflow(_ workflow: WorkflowSyntax, _ context: inout CheckContext) {
        // After an expression that did not parse, or a misspelt name, an input may look
        // unused when the broken text is its use: one mistake, one diagnostic.
        // The scope is read through the file's types (binding it would copy every table).
        guard let fileTypes,
              !context.sink.diagnostics.contains(where: { Self.hidesUnused.contains($0.code) }) else { return }
        let inputs = fileTypes.scope.inputs
        for p in inputs.indices.sorted(by: { inputs[$0].value.span.start < inputs[$1].value.span.start }) where !usage.readsInput(at: p) {
            let (name, input) = inputs[p]
            context.report(.unusedInput, "input '\(name)' is never used", at: input.span, help: ["use it as {{ inputs.\(name) }}, or remove it"])
        }
        reportUnusedSecrets(workflow, fileTypes.scope, &context)
    }

    /// Secrets that no expression, webhook, listed tool or named agent reads (AIW321). A tool
    /// or agent that no registry defines may read any secret, so then nothing is reported.
    private func reportUnusedSecrets(_ workflow: WorkflowSyntax, _ scope: WorkflowScope, _ context: inout CheckContext) {
        guard scope.secrets.count > usage.secrets.count else { return }
        let root = workflow.frontmatter?.root
        // The declared secrets no expression reads: usually one or two, so names are struck
        // from a short list rather than gathered into sets.
        var unread = scope.secrets.keys.filter { !usage.secrets.contains($0) }
        func strike(_ name: String) { unread.removeAll { $0 == name } }
        for trigger in root?["triggers"]?.sequence ?? [] {
            if let name = trigger["webhook"]?["secret"]?.scalar?.text { strike(name) }
        }
        // The registries are consulted only for secrets still unaccounted for.
        guard !unread.isEmpty else { return }
        for node in root?["tools"]?.sequence ?? [] {
            guard let id = node.scalar?.text else { continue }
            guard let tool = context.registry?.tools[id] else { return }
            // The secrets of `ProjectRegistry.secretsUsed(byTool:)`, read in place and by index
            // (that builds a set, and binding each implementation would copy its fields).
            for i in tool.implementations.indices {
                if let secret = tool.implementations[i].auth?.secret { strike(secret) }
                for secret in tool.implementations[i].secrets { strike(secret) }
            }
        }
        // An `openai` agent reads its key from a secret (`api_key_env`).
        for id in ProjectRegistry.agentsInPlay(workflow) {
            guard let agent = context.registry?.agents[id] else { return }
            if let key = agent.apiKeyEnv { strike(key) }
        }
        guard !unread.isEmpty else { return }
        // A malformed name is reported as such (AIW224), not also as unused.
        for (name, span) in scope.secrets.sorted(by: { $0.value.start < $1.value.start })
        where unread.contains(name) && Names.isEnvironmentName(name) {
            context.report(
                .unusedSecret, "secret '\(name)' is never used", at: span,
                help: ["pass it to a command or tool ({{ secrets.\(name) }} in `run`, `env` or `with`), or remove it"])
        }
    }

    // MARK: Typed values

    /// The value of a template: the expression's own type when the text is exactly one
    /// `{{ }}`, otherwise text.
    struct TemplateValue {
        var type: ValueType
        /// The single expression, when the value is one.
        var expression: Expr?
        var source: TemplateSource
        /// Whether any part failed to parse (its error is reported already).
        var broken: Bool
    }

    mutating func templateValue(_ node: YAMLNode, _ scalar: YAMLScalar, _ typer: ExpressionTyper, _ context: inout CheckContext) -> TemplateValue {
        let source = TemplateSource(scalar: scalar, node: node, file: context.file)
        let before = context.sink.diagnostics.count
        let parts = TemplateParser.parse(source, into: &context.sink)
        let broken = context.sink.diagnostics.count > before
        let type = typeParts(parts, typer, fixes: Self.fixStyle(source, scalar), &context)
        if parts.count == 1, case .expression(let e, _) = parts[0] {
            return TemplateValue(type: type ?? .any, expression: e, source: source, broken: broken)
        }
        return TemplateValue(type: broken ? .any : .string, expression: nil, source: source, broken: broken)
    }

    /// Types a `foreach` value (AIW342 unless an array) and returns its element type.
    private mutating func checkForeach(_ node: YAMLNode, _ typer: ExpressionTyper, _ context: inout CheckContext) -> ValueType {
        guard let scalar = node.scalar else {
            guard let items = node.sequence else { return .any }
            // A list written out: its items are templates too (`["{{ inputs.a }}", …]`), each
            // of the type of its value.
            var element: ValueType?
            for item in items {
                let t: ValueType
                if let s = item.scalar, s.resolved == .string {
                    t = templateValue(item, s, typer.outsideForeach, &context).type
                } else {
                    scan(item, typer.outsideForeach, &context)
                    t = DeclaredTypes.literal(item)
                }
                element = element.map { $0.joined(with: t) } ?? t
            }
            return element ?? .any
        }
        // Empty text is the schema check's AIW227.
        guard !scalar.text.isEmpty else { return .any }
        let value: TemplateValue =
            if scalar.resolved == .string { templateValue(node, scalar, typer.outsideForeach, &context) }
            else { TemplateValue(type: DeclaredTypes.literal(node), expression: nil, source: TemplateSource(scalar: scalar, node: node, file: context.file), broken: false) }
        switch value.type {
        case .array(let element): return element
        case .any: return .any
        default:
            if scalar.resolved == .null { return .any }  // reported by the schema check
            let what = value.expression == nil && value.type == .string ? "text, not a list" : "\(value.type.withArticle), not an array"
            context.report(
                .foreachNotArray, "'foreach' must be an array, but this is \(what)", at: value.expression?.span ?? node.span,
                help: value.type == .string
                    ? ["give the step it comes from an `output` schema of type array, or split the text: split(x, '\\n')"]
                    : ["write a list (`[a, b]`) or an expression that is an array"])
            return .any
        }
    }

    /// Types an `if` value: a boolean (AIW341), not constant (AIW323).
    private mutating func checkCondition(_ node: YAMLNode, _ typer: ExpressionTyper, _ context: inout CheckContext) {
        guard let scalar = node.scalar else { return }
        guard scalar.resolved == .string else {
            if case .bool = scalar.resolved {
                reportConstant(node, &context)
            } else if scalar.resolved != .null {
                context.report(
                    .conditionNotBoolean, "'if' must be a boolean, but this is \(scalar.resolved.description)", at: node.span,
                    help: ["write a comparison such as \"{{ inputs.limit > 0 }}\""])
            }
            return
        }
        let value = templateValue(node, scalar, typer, &context)
        guard !value.broken else { return }
        guard value.type == .boolean || value.type == .any else {
            var fixIts: [FixIt] = []
            if value.type == .string, let e = value.expression, value.source.base != nil {
                // Inside a single-quoted YAML value a `'` would have to be doubled.
                let empty = scalar.style == .singleQuoted ? "\"\"" : "''"
                let fix = " != \(empty)"
                if case .conditional = e.kind {
                    // `a ? b : c != ''` would compare only `c`: the whole is parenthesised.
                    fixIts = [FixIt("run the step when the text is not empty", edits: [
                        Edit(span: Span.point(e.span.start), replacement: "("), Edit(span: Span.point(e.span.end), replacement: ")" + fix),
                    ])]
                } else {
                    fixIts = [.replace(Span.point(e.span.end), with: fix, "run the step when the text is not empty")]
                }
            }
            let what = value.expression == nil ? "text with no single expression" : value.type.withArticle
            context.report(
                .conditionNotBoolean, "'if' must be a boolean, but this is \(what)", at: value.expression?.span ?? node.span,
                help: value.expression == nil
                    ? ["write the whole condition as one expression: \"{{ … }}\""]
                    : OperatorRules.conditionHelp(value.type),
                fixIts: fixIts)
            return
        }
        if let e = value.expression, !Self.dependsOnNames(e) { reportConstant(node, &context) }
    }

    private func reportConstant(_ node: YAMLNode, _ context: inout CheckContext) {
        context.report(
            .constantCondition, "'if' is constant, so the step always or never runs", at: node.span,
            help: ["make the condition depend on inputs or earlier steps, or remove 'if'"])
    }

    /// Whether an expression reads any name (otherwise its value is known before the run).
    /// Recursive: expressions nest at most 64 levels (ExpressionParser.maxDepth).
    private static func dependsOnNames(_ e: Expr) -> Bool {
        switch e.kind {
        case .null, .bool, .int, .float, .string: false
        case .name: true
        case .array(let items): items.contains(where: dependsOnNames)
        case .member(let base, _, _): dependsOnNames(base)
        case .index(let a, let b): dependsOnNames(a) || dependsOnNames(b)
        case .unary(_, let x): dependsOnNames(x)
        case .binary(_, let a, let b): dependsOnNames(a) || dependsOnNames(b)
        case .conditional(let c, let a, let b): dependsOnNames(c) || dependsOnNames(a) || dependsOnNames(b)
        case .call(_, _, let arguments): arguments.contains(where: dependsOnNames)
        }
    }

    // MARK: Walking templates

    /// How fix-its may write into a YAML value's template.
    static func fixStyle(_ source: TemplateSource, _ scalar: YAMLScalar) -> ExpressionTyper.FixStyle {
        guard source.base != nil else { return .none }
        return scalar.style == .singleQuoted ? .singleQuoted : .plain
    }

    /// Whether text has `{{`, without which it has no expression (and no expression error).
    static func holdsBraces<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        // In place when the bytes are contiguous (a native string's are): every string value
        // under `with`, `run` and `env` is scanned, and iterating a string's UTF-8 view goes
        // through its index type byte by byte.
        if let found = bytes.withContiguousStorageIfAvailable({ holdsBraces(in: $0) }) { return found }
        var previous: UInt8 = 0
        for b in bytes {
            if b == UInt8(ascii: "{"), previous == b { return true }
            previous = b
        }
        return false
    }

    private static func holdsBraces(in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard buffer.count > 1 else { return false }
        for i in 1..<buffer.count where buffer[i] == UInt8(ascii: "{") && buffer[i - 1] == UInt8(ascii: "{") { return true }
        return false
    }

    /// Types every expression of a template; any type may be interpolated.
    /// - Returns: The type of the last expression (the only one, for a single `{{ }}`).
    @discardableResult
    private mutating func typeParts(
        _ parts: [TemplatePart], _ typer: ExpressionTyper, fixes: ExpressionTyper.FixStyle, _ context: inout CheckContext
    ) -> ValueType? {
        typer.fixes = fixes
        var last: ValueType?
        // By index: binding each part would copy it, reference counts and all.
        for i in parts.indices {
            if case .expression(let e, _) = parts[i] { last = typer.type(e, &context, &usage) }
        }
        return last
    }

    /// Parses and types every string scalar in a value, at any depth (YAML nests at most
    /// 64 levels, so recursion is bounded; it also allocates nothing per level).
    mutating func scan(_ node: YAMLNode, _ typer: ExpressionTyper, _ context: inout CheckContext) {
        switch node.kind {
        case .scalar(let s):
            // Most values are plain text: they are not copied and parsed for nothing.
            guard s.resolved == .string, Self.holdsBraces(s.text.utf8) else { return }
            let source = TemplateSource(scalar: s, node: node, file: context.file)
            typeParts(TemplateParser.parse(source, into: &context.sink), typer, fixes: Self.fixStyle(source, s), &context)
        case .sequence(let items):
            // By index: binding each item or pair would copy it on the way.
            for i in items.indices { scan(items[i], typer, &context) }
        case .mapping(let pairs):
            for i in pairs.indices { scan(pairs[i].value, typer, &context) }
        }
    }
}
