import Diagnostics
import Syntax

/// Resolves the names of one expression and gives every node a type, reporting unknown
/// names (AIW310–AIW318) and type errors (AIW340–AIW346) on their exact spans.
///
/// A node whose type is wrong gets the type `any` after its error, so one mistake is one
/// diagnostic, not a cascade up the expression.
final class ExpressionTyper {
    /// The file's scope and step types.
    let file: FileTypes
    /// The index of the step whose text the expression is in; nil for workflow outputs,
    /// which may refer to every step.
    let stepIndex: Int?
    /// The type of `item`, inside a `foreach` step (not in its `foreach` value); nil elsewhere.
    let item: ValueType?
    /// Names in the step's own `env`, which its expressions may also read.
    let stepEnv: Set<String>
    /// How fix-its may write names into the text being typed (set per template).
    var fixes: FixStyle = .plain

    /// How a fix-it may write a name into the text an expression is in.
    enum FixStyle {
        /// Not at all: the text is not verbatim in the file (escapes, folded blocks), so
        /// positions inside it are not exact.
        case none
        /// Prose, or a plain or double-quoted YAML value: a quoted name takes `'…'`.
        case plain
        /// A single-quoted YAML value, where `'` would end the value: a quoted name takes `"…"`.
        case singleQuoted
    }

    /// The roots of paths that the typer knows. Told apart by length first: comparing a
    /// name with a word of another length is a call per word, and every path has a root.
    enum Root {
        case inputs, secrets, env, steps, run, workflow, trigger, item, index

        /// The root a name is, if any.
        init?(_ name: String) {
            switch name.utf8.count {
            case 3:
                if name == "env" { self = .env } else if name == "run" { self = .run } else { return nil }
            case 4:
                guard name == "item" else { return nil }
                self = .item
            case 5:
                if name == "steps" { self = .steps } else if name == "index" { self = .index } else { return nil }
            case 6:
                guard name == "inputs" else { return nil }
                self = .inputs
            case 7:
                if name == "secrets" { self = .secrets } else if name == "trigger" { self = .trigger } else { return nil }
            case 8:
                guard name == "workflow" else { return nil }
                self = .workflow
            default:
                return nil
            }
        }
    }

    /// Creates a typer. (A class, so that each walk shares it instead of copying the scope.)
    init(file: FileTypes, stepIndex: Int?, item: ValueType?, stepEnv: Set<String>) {
        self.file = file
        self.stepIndex = stepIndex
        self.item = item
        self.stepEnv = stepEnv
    }

    /// The same typer where `item` and `index` do not exist (for the `foreach` value).
    var outsideForeach: ExpressionTyper {
        ExpressionTyper(file: file, stepIndex: stepIndex, item: nil, stepEnv: stepEnv)
    }

    /// The same typer inside a `foreach` step whose items have a type.
    func inForeach(_ item: ValueType) -> ExpressionTyper {
        ExpressionTyper(file: file, stepIndex: stepIndex, item: item, stepEnv: stepEnv)
    }

    /// Types an expression.
    func type(_ expr: Expr, _ context: inout CheckContext, _ usage: inout NameUsage) -> ValueType {
        var walk = Walk(typer: self)
        return walk.type(expr, depth: 0, &context, &usage)
    }

    /// The state of one typing walk.
    private struct Walk {
        let typer: ExpressionTyper
        /// Whether the name being resolved is written as a string literal (`x["name"]`).
        var quoted = false

        /// A name as a fix-it writes it: quoted when it stands in a string literal, with the
        /// quote that the surrounding text allows.
        func spell(_ name: String) -> String {
            guard quoted else { return name }
            return typer.fixes == .singleQuoted ? "\"\(name)\"" : "'\(name)'"
        }

        mutating func type(_ e: Expr, depth: Int, _ context: inout CheckContext, _ usage: inout NameUsage) -> ValueType {
            let t = infer(e, depth: depth, &context, &usage)
            context.model?.nodes.append(SemanticModel.TypedNode(span: e.span, type: t, depth: depth))
            return t
        }

        private mutating func infer(_ e: Expr, depth: Int, _ context: inout CheckContext, _ usage: inout NameUsage) -> ValueType {
            switch e.kind {
            case .null: return .null
            case .bool: return .boolean
            case .int: return .integer
            case .float: return .number
            case .string: return .string
            case .array(let items):
                var element: ValueType?
                for item in items {
                    let t = type(item, depth: depth + 1, &context, &usage)
                    element = element.map { $0.joined(with: t) } ?? t
                }
                return .array(element ?? .any)
            case .name(let name):
                let known = Root(name)
                // `inputs` or `secrets` read whole (`toJSON(inputs)`, `secrets[k]`) may read any of them.
                if known == .inputs { usage.readAllInputs(typer.file.inputCount) }
                if known == .secrets {
                    for secret in typer.file.scope.secrets.keys {
                        usage.secrets.insert(secret)
                        usage.secretReads.append((secret, e.span))
                    }
                }
                return root(name, known, at: e.span, &context, &usage)
            case .member(let base, let name, let nameSpan):
                return member(e, base, name, nameSpan, depth: depth, &context, &usage)
            case .index(let base, let index):
                // `inputs["team"]` is `inputs.team`, with the same checks and references.
                if case .name(let root) = base.kind, case .string(let key) = index.kind,
                   let t = declared(root, key, index.span, e.span, quoted: true, &context, &usage) {
                    recordRoot(root, base.span, depth: depth + 1, &context, &usage)
                    return t
                }
                let b = type(base, depth: depth + 1, &context, &usage)
                let i = type(index, depth: depth + 1, &context, &usage)
                return subscripted(b, base, i, index, &context, &usage)
            case .unary(let op, let x):
                return OperatorRules.unary(op, type(x, depth: depth + 1, &context, &usage), x, &context)
            case .binary(let op, let a, let b):
                let ta = type(a, depth: depth + 1, &context, &usage)
                let tb = type(b, depth: depth + 1, &context, &usage)
                if op == .equal || op == .notEqual { checkStatusLiteral(a, b, &context, &usage) }
                return OperatorRules.binary(op, ta, a, tb, b, at: e, &context)
            case .conditional(let c, let a, let b):
                let tc = type(c, depth: depth + 1, &context, &usage)
                if tc != .boolean, tc != .any {
                    context.report(
                        .operandType, "the condition of '?:' must be a boolean, not \(tc.withArticle)", at: c.span,
                        help: OperatorRules.conditionHelp(tc))
                }
                return type(a, depth: depth + 1, &context, &usage).joined(with: type(b, depth: depth + 1, &context, &usage))
            case .call(let name, let nameSpan, let arguments):
                let types = arguments.map { type($0, depth: depth + 1, &context, &usage) }
                return call(name, nameSpan, arguments, types, at: e.span, &context, &usage)
            }
        }

        // MARK: Names

        private mutating func root(_ name: String, _ known: Root?, at span: Span, _ context: inout CheckContext, _ usage: inout NameUsage) -> ValueType {
            if let object = rootObject(known) { return object }
            switch known {
            case .item?, .index?:
                guard let item = typer.item else {
                    context.report(
                        .itemOutsideForeach, "'\(name)' exists only inside a step with 'foreach'", at: span,
                        help: ["add `foreach:` to this step's action block, or refer to the list itself"])
                    return .any
                }
                return known == .item ? item : .integer
            default:
                var help = Suggestions.help(for: name, in: WorkflowScope.roots, what: "name")
                if typer.file.input(name) != nil { help = "did you mean 'inputs.\(name)'?" }
                if typer.file.step(name) != nil { help = "did you mean 'steps.\(name).output'?" }
                context.report(.unknownName, "unknown name '\(name)'", at: span, help: [help])
                return .any
            }
        }

        /// The type of a root that is an object: `inputs`, `steps` (those in reach)…
        private func rootObject(_ known: Root?) -> ValueType? {
            switch known {
            case .inputs?: return .object(ObjectType(typer.file.scope.inputs.map { ObjectField($0.key, $0.value.type) }, rest: nil))
            case .secrets?, .env?:
                let names = known == .env ? Set(typer.file.scope.env.keys).union(typer.stepEnv) : Set(typer.file.scope.secrets.keys)
                return .object(ObjectType(names.map { ObjectField($0, .string) }, rest: nil))
            case .steps?:
                let limit = typer.stepIndex ?? Int.max
                let file = typer.file
                let fields = file.scope.steps.indices.filter { file.stepIndex(at: $0) < limit }
                    .map { ObjectField(file.scope.steps[$0].key, file.type(ofStepAt: $0)) }
                return .object(ObjectType(fields, rest: nil))
            case .run?: return .object(WorkflowScope.run)
            case .workflow?: return .object(WorkflowScope.workflow)
            case .trigger?: return typer.file.scope.triggerType
            case .item?, .index?, nil: return nil
            }
        }

        private mutating func member(_ e: Expr, _ base: Expr, _ name: String, _ nameSpan: Span, depth: Int, _ context: inout CheckContext, _ usage: inout NameUsage) -> ValueType {
            if case .name(let root) = base.kind, let t = declared(root, name, nameSpan, e.span, quoted: false, &context, &usage) {
                recordRoot(root, base.span, depth: depth + 1, &context, &usage)
                return t
            }
            let b = type(base, depth: depth + 1, &context, &usage)
            return field(name, of: b, base, at: nameSpan, &context, &usage)
        }

        /// Records the type of a root whose member was resolved as a declared name.
        private mutating func recordRoot(_ root: String, _ span: Span, depth: Int, _ context: inout CheckContext, _ usage: inout NameUsage) {
            guard context.model != nil else { return }
            let node = SemanticModel.TypedNode(span: span, type: rootObject(Root(root)) ?? .any, depth: depth)
            context.model?.nodes.append(node)
        }

        /// `inputs.X`, `secrets.X`, `env.X` and `steps.X` (or `inputs["X"]`…): declared
        /// names with their own codes; nil for the other roots, typed as plain objects.
        /// `quoted` says the name is written as a string literal, whose fix-it keeps quotes.
        private mutating func declared(_ root: String, _ name: String, _ span: Span, _ whole: Span, quoted: Bool, _ context: inout CheckContext, _ usage: inout NameUsage) -> ValueType? {
            self.quoted = quoted
            defer { self.quoted = false }
            switch Root(root) {
            case .inputs? where !typer.file.isReadable(.inputs),
                 .secrets? where !typer.file.isReadable(.secrets),
                 .env? where !typer.file.isReadable(.env):
                // The section has the wrong shape (reported): nothing is known of its names.
                return .any
            case .inputs?:
                guard let position = typer.file.inputPosition(name) else {
                    unknown(.unknownInput, "unknown input '\(name)'", name, among: Array(typer.file.scope.inputs.keys), what: "input", at: span, &context, &usage)
                    return .any
                }
                usage.readInput(at: position, of: typer.file.inputCount)
                let input = typer.file.input(at: position)
                refer(span, name, .input, input.span, &context, &usage)
                return input.type
            case .secrets?:
                guard let site = typer.file.secret(name) else {
                    unknown(.undeclaredSecret, "secret '\(name)' is not declared in 'secrets'", name, among: Array(typer.file.scope.secrets.keys), what: "secret", at: span, &context, &usage)
                    return .any
                }
                usage.secrets.insert(name)
                usage.secretReads.append((name, whole))
                refer(span, name, .secret, site, &context, &usage)
                return .string
            case .env?:
                if let site = typer.file.env(name) {
                    refer(span, name, .env, site, &context, &usage)
                } else if !typer.stepEnv.contains(name) {
                    unknown(.undeclaredEnv, "environment variable '\(name)' is not declared in 'env'", name, among: Array(typer.file.scope.env.keys) + typer.stepEnv, what: "variable", at: span, &context, &usage)
                    return .any
                }
                return .string
            case .steps?:
                guard let position = typer.file.stepPosition(name) else {
                    unknown(.unknownStep, "unknown step '\(name)'", name, among: Array(typer.file.scope.steps.keys), what: "step", at: span, &context, &usage)
                    return .any
                }
                let index = typer.file.stepIndex(at: position)
                if let stepIndex = typer.stepIndex, index >= stepIndex {
                    let message = index == stepIndex
                        ? "step '\(name)' refers to itself, and its results do not exist yet"
                        : "step '\(name)' runs after this step, so its results do not exist yet"
                    context.report(
                        .stepNotYetRun, message, at: span,
                        notes: [context.note("'\(name)' is defined here", at: typer.file.stepSpan(at: position))],
                        help: ["a step may refer only to the steps before it"])
                    return .any
                }
                refer(span, name, .step, typer.file.stepSpan(at: position), &context, &usage)
                return typer.file.type(ofStepAt: position)
            default:
                return nil
            }
        }

        private mutating func refer(_ span: Span, _ name: String, _ kind: SemanticModel.Reference.Kind, _ definition: Span?, _ context: inout CheckContext, _ usage: inout NameUsage) {
            context.model?.references.append(SemanticModel.Reference(span: span, name: name, kind: kind, definition: definition))
        }

        /// The type of `base.name`.
        private mutating func field(_ name: String, of type: ValueType, _ base: Expr, at span: Span, _ context: inout CheckContext, _ usage: inout NameUsage) -> ValueType {
            switch type {
            case .any:
                return .any
            case .object(let object):
                if let t = object.field(name) { return t }
                let path = ExprText.path(base)
                var help = [Suggestions.help(for: name, in: object.names, what: "field")]
                var notes: [Note] = []
                if path == "trigger" {
                    let kinds = TriggerFields.kinds(providing: name)
                    if !kinds.isEmpty {
                        help = ["'trigger.\(name)' comes with a \(kinds.joined(separator: " or ")) trigger; this workflow declares \(typer.file.scope.triggerKinds.sorted().joined(separator: ", "))"]
                    }
                }
                if let id = Self.outputStep(base), let schema = typer.file.step(id)?.schemaSpan {
                    notes.append(context.note("the output schema of '\(id)' is here", at: schema))
                }
                let close = Suggestions.closest(to: name, in: object.names)
                context.report(
                    .unknownField, "'\(path)' has no field '\(name)'", at: span, notes: notes, help: help,
                    fixIts: close.count == 1 && typer.fixes != .none ? [.replace(span, with: spell(close[0]), "use '\(close[0])'")] : [])
                return .any
            default:
                context.report(
                    .notAnObject, "'\(ExprText.path(base))' is \(type.withArticle), which has no fields", at: span,
                    help: Self.noFieldsHelp(type))
                return .any
            }
        }

        /// The step id of `steps.ID.output`, if the expression is that.
        private static func outputStep(_ e: Expr) -> String? {
            guard case .member(let step, "output", _) = e.kind, case .member(let steps, let id, _) = step.kind,
                  case .name("steps") = steps.kind else { return nil }
            return id
        }

        private static func noFieldsHelp(_ type: ValueType) -> [String] {
            switch type {
            case .string: ["to read fields from JSON text, parse it first: fromJSON(…).field; or give the step an `output` schema"]
            case .array: ["index the array first ([0]), or use 'first' or a 'foreach' step"]
            default: []
            }
        }

        /// The type of `base[index]`.
        private mutating func subscripted(_ b: ValueType, _ base: Expr, _ i: ValueType, _ index: Expr, _ context: inout CheckContext, _ usage: inout NameUsage) -> ValueType {
            switch b {
            case .any:
                return .any
            case .array, .string:
                let element: ValueType = if case .array(let e) = b { e } else { .string }
                if i != .integer, i != .any {
                    context.report(
                        .operandType, "an index into \(b.withArticle) must be an integer, not \(i.withArticle)", at: index.span)
                }
                return element
            case .object(let object):
                if case .string(let key) = index.kind {
                    quoted = true
                    defer { quoted = false }
                    return field(key, of: b, base, at: index.span, &context, &usage)
                }
                if i != .string, i != .any {
                    context.report(.operandType, "a field name must be a string, not \(i.withArticle)", at: index.span)
                    return .any
                }
                let all = object.fields.map(\.type) + (object.rest.map { [$0] } ?? [])
                return all.dropFirst().reduce(all.first ?? .any) { $0.joined(with: $1) }
            default:
                context.report(
                    .notAnObject, "'\(ExprText.path(base))' is \(b.withArticle), which cannot be indexed", at: index.span)
                return .any
            }
        }

        /// `steps.x.status == 'sucess'` is never true: a step's status is one of a few words.
        private mutating func checkStatusLiteral(_ a: Expr, _ b: Expr, _ context: inout CheckContext, _ usage: inout NameUsage) {
            for (path, literal) in [(a, b), (b, a)] {
                guard case .member(let step, "status", _) = path.kind, case .string(let word) = literal.kind,
                      !WorkflowScope.statuses.contains(word), let id = Self.stepID(step), isInReach(id) else { continue }
                let close = Suggestions.closest(to: word, in: WorkflowScope.statuses)
                // The fix keeps the literal's quotes: only the word between them changes.
                let inner = Span(start: literal.span.start + 1, end: max(literal.span.start + 1, literal.span.end - 1))
                context.report(
                    .neverEqual, "a step's status is never '\(word)'", at: literal.span,
                    help: ["a status is one of \(WorkflowScope.statuses.map { "'\($0)'" }.joined(separator: ", "))"],
                    fixIts: close.count == 1 && literal.span.length == word.utf8.count + 2 && typer.fixes != .none
                        ? [.replace(inner, with: close[0], "use '\(close[0])'")] : [])
            }
        }

        /// The id in `steps.ID` or `steps["ID"]`.
        private static func stepID(_ e: Expr) -> String? {
            switch e.kind {
            case .member(let base, let id, _): if case .name("steps") = base.kind { return id }
            case .index(let base, let key): if case .name("steps") = base.kind, case .string(let id) = key.kind { return id }
            default: break
            }
            return nil
        }

        /// Whether a step exists and runs before the expression (its references are reported otherwise).
        private func isInReach(_ id: String) -> Bool {
            guard let position = typer.file.stepPosition(id) else { return false }
            return typer.stepIndex.map { typer.file.stepIndex(at: position) < $0 } ?? true
        }

        // MARK: Calls

        private mutating func call(_ name: String, _ nameSpan: Span, _ arguments: [Expr], _ types: [ValueType], at span: Span, _ context: inout CheckContext, _ usage: inout NameUsage) -> ValueType {
            guard let signature = FunctionLibrary.signature(name) else {
                let close = Suggestions.closest(to: name, in: FunctionLibrary.names)
                context.report(
                    .unknownFunction, "unknown function '\(name)'", at: nameSpan,
                    help: [Suggestions.help(for: name, in: FunctionLibrary.names, what: "function")],
                    fixIts: close.count == 1 && typer.fixes != .none ? [.replace(nameSpan, with: close[0], "use '\(close[0])'")] : [])
                return .any
            }
            refer(nameSpan, name, .function, nil, &context, &usage)
            guard signature.accepts(count: arguments.count) else {
                let at = arguments.count > signature.parameters.count && !signature.variadic
                    ? arguments[signature.parameters.count].span.union(arguments[arguments.count - 1].span) : span
                context.report(
                    .argumentCount, "'\(name)' takes \(signature.arityDescription), but \(arguments.count) \(arguments.count == 1 ? "is" : "are") given",
                    at: at, help: ["\(signature.display)"])
                return .any
            }
            var ok = true
            for (i, t) in types.enumerated() {
                guard let parameter = signature.parameter(at: i), !parameter.type.accepts(t) else { continue }
                context.report(
                    .argumentType, "argument '\(parameter.name)' of '\(name)' must be \(parameter.type), not \(t.withArticle)",
                    at: arguments[i].span, help: ["\(signature.display)"])
                ok = false
            }
            guard ok else { return .any }
            if let refine = signature.refine, let problem = refine(arguments.map(\.kind), types) {
                context.report(.argumentType, problem.message, at: arguments[problem.index].span, help: ["\(signature.display)"])
            }
            return signature.result(types)
        }

        private mutating func unknown(_ code: DiagnosticCode, _ message: String, _ name: String, among names: [String], what: String, at span: Span, _ context: inout CheckContext, _ usage: inout NameUsage) {
            context.reportUnknown(code, message, name, among: names, what: what, at: span, fixable: typer.fixes != .none, spell: spell)
        }
    }
}
