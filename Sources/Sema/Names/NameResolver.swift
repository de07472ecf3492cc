import Diagnostics
import Syntax

/// What expressions use, for the unused-input warning (AIW320) and the secret in a prompt
/// (AIW322).
struct NameUsage {
    var inputs: Set<String> = []
    var secrets: Set<String> = []
    /// Every `secrets.NAME` read, with where.
    var secretReads: [(name: String, span: Span)] = []
}

/// Checks that every name in an expression is declared and in reach (AIW310–AIW318).
struct NameResolver {
    let scope: WorkflowScope
    /// The index of the step whose text the expression is in; nil for workflow outputs,
    /// which may refer to every step.
    let stepIndex: Int?
    /// Whether `item` and `index` are in scope (inside a `foreach` step, not in its `foreach`).
    let inForeach: Bool
    /// Names in the step's own `env`, which its expressions may also read.
    let stepEnv: Set<String>

    /// The same resolver where `item` and `index` do not exist (for the `foreach` value).
    var outsideForeach: NameResolver {
        NameResolver(scope: scope, stepIndex: stepIndex, inForeach: false, stepEnv: stepEnv)
    }

    func resolve(_ expr: Expr, into context: inout CheckContext, usage: inout NameUsage) {
        var stack = [expr]
        while let e = stack.popLast() {
            switch e.kind {
            case .null, .bool, .int, .float, .string:
                break
            case .array(let items):
                stack += items
            case .name(let name):
                checkRoot(name, at: e.span, &context)
            case .member(let base, let name, let nameSpan):
                if case .name(let root) = base.kind {
                    checkRoot(root, at: base.span, &context)
                    checkMember(root: root, name, at: nameSpan, &context)
                    if root == "inputs", scope.inputs[name] != nil { usage.inputs.insert(name) }
                    if root == "secrets", scope.secrets[name] != nil {
                        usage.secrets.insert(name)
                        usage.secretReads.append((name, e.span))
                    }
                } else if case .member(let inner, let id, let idSpan) = base.kind, case .name("steps") = inner.kind {
                    checkRoot("steps", at: inner.span, &context)
                    if checkStep(id, at: idSpan, &context) { checkField(name, of: "steps.\(id)", in: WorkflowScope.stepFields, at: nameSpan, &context) }
                } else {
                    stack.append(base)
                }
            case .index(let base, let index):
                stack += [base, index]
            case .unary(_, let x):
                stack.append(x)
            case .binary(_, let a, let b):
                stack += [a, b]
            case .conditional(let c, let a, let b):
                stack += [c, a, b]
            case .call(let name, let nameSpan, let arguments):
                if !FunctionLibrary.names.contains(name) {
                    let close = Suggestions.closest(to: name, in: FunctionLibrary.names)
                    context.report(
                        .unknownFunction, "unknown function '\(name)'", at: nameSpan,
                        help: [Suggestions.help(for: name, in: FunctionLibrary.names, what: "function")],
                        fixIts: close.count == 1 ? [.replace(nameSpan, with: close[0], "use '\(close[0])'")] : [])
                }
                stack += arguments
            }
        }
    }

    private func checkRoot(_ name: String, at span: Span, _ context: inout CheckContext) {
        if name == "item" || name == "index" {
            if !inForeach {
                context.report(
                    .itemOutsideForeach, "'\(name)' exists only inside a step with 'foreach'", at: span,
                    help: ["add `foreach:` to this step's action block, or refer to the list itself"])
            }
            return
        }
        guard !WorkflowScope.roots.contains(name) else { return }
        var help = Suggestions.help(for: name, in: WorkflowScope.roots, what: "name")
        if scope.inputs[name] != nil { help = "did you mean 'inputs.\(name)'?" }
        if scope.steps[name] != nil { help = "did you mean 'steps.\(name).output'?" }
        context.report(.unknownName, "unknown name '\(name)'", at: span, help: [help])
    }

    private func checkMember(root: String, _ name: String, at span: Span, _ context: inout CheckContext) {
        switch root {
        case "inputs":
            guard scope.inputs[name] == nil else { return }
            report(.unknownInput, "unknown input '\(name)'", name, among: Array(scope.inputs.keys), what: "input", at: span, &context)
        case "secrets":
            guard scope.secrets[name] == nil else { return }
            report(.undeclaredSecret, "secret '\(name)' is not declared in 'secrets'", name, among: Array(scope.secrets.keys), what: "secret", at: span, &context)
        case "env":
            guard scope.env[name] == nil, !stepEnv.contains(name) else { return }
            report(.undeclaredEnv, "environment variable '\(name)' is not declared in 'env'", name, among: Array(scope.env.keys) + stepEnv, what: "variable", at: span, &context)
        case "steps":
            _ = checkStep(name, at: span, &context)
        case "run":
            checkField(name, of: "run", in: WorkflowScope.runFields, at: span, &context)
        case "workflow":
            checkField(name, of: "workflow", in: WorkflowScope.workflowFields, at: span, &context)
        default:
            break
        }
    }

    /// Whether `id` names a step in reach; reports AIW312 or AIW313 when not.
    private func checkStep(_ id: String, at span: Span, _ context: inout CheckContext) -> Bool {
        guard let (index, definition) = scope.steps[id] else {
            report(.unknownStep, "unknown step '\(id)'", id, among: Array(scope.steps.keys), what: "step", at: span, &context)
            return false
        }
        if let stepIndex, index >= stepIndex {
            let message = index == stepIndex
                ? "step '\(id)' refers to itself, and its results do not exist yet"
                : "step '\(id)' runs after this step, so its results do not exist yet"
            context.report(
                .stepNotYetRun, message, at: span,
                notes: [context.note("'\(id)' is defined here", at: definition)],
                help: ["a step may refer only to the steps before it"])
            return false
        }
        return true
    }

    private func checkField(_ name: String, of base: String, in fields: [String], at span: Span, _ context: inout CheckContext) {
        guard !fields.contains(name) else { return }
        report(.unknownField, "'\(base)' has no field '\(name)'", name, among: fields, what: "field", at: span, &context)
    }

    private func report(_ code: DiagnosticCode, _ message: String, _ name: String, among names: [String], what: String, at span: Span, _ context: inout CheckContext) {
        let sorted = names.sorted()
        let close = Suggestions.closest(to: name, in: sorted)
        context.report(
            code, message, at: span,
            help: [Suggestions.help(for: name, in: sorted, what: what)],
            fixIts: close.count == 1 ? [.replace(span, with: close[0], "use '\(close[0])'")] : [])
    }
}
