import Diagnostics
import Syntax

/// Tool calls checked against the tools lock (AIW425–AIW430): the operation exists, every
/// required argument is there, every argument is one the operation takes, and each
/// argument's type fits its schema. Part of the expression check, because an argument's
/// type is its expression's.
extension ExpressionCheck {
    /// Resolves every tool step's call and returns the output schemas of the operations
    /// found, by step index (the types of `steps.ID.output`).
    mutating func resolveToolCalls(_ workflow: WorkflowSyntax, _ context: inout CheckContext) -> [Int: YAMLNode] {
        // Read in place: the registry is large to copy. Without a lock, only a tool that some
        // agent cannot use needs resolving (AIW430).
        guard context.registry?.listsTools == true,
              context.registry?.lock != nil || context.registry?.hasUnsupportedImplementation == true else { return [:] }
        let agents = ProjectRegistry.agentsInPlay(workflow)
        var outputs: [Int: YAMLNode] = [:]
        for i in workflow.steps.indices {
            guard let reference = workflow.steps[i].actions.first?.root?["tool"]?.scalar?.text,
                  let resolution = context.registry?.resolve(reference, agents: agents) else { continue }
            toolCalls[i] = resolution
            if let schema = resolution.operation?.outputSchema { outputs[i] = schema }
        }
        return outputs
    }

    /// AIW430, AIW425 or AIW426 for a call that did not resolve to an operation.
    func reportResolution(_ resolution: ToolResolution, _ node: YAMLNode, _ context: inout CheckContext) {
        guard let reference = node.scalar?.text, let dot = reference.utf8.firstIndex(of: UInt8(ascii: ".")) else { return }
        let id = String(decoding: reference.utf8[..<dot], as: UTF8.self)
        let name = String(decoding: reference.utf8[reference.utf8.index(after: dot)...], as: UTF8.self)
        switch resolution {
        case .unchecked, .found: return
        case .noImplementation(let choice):
            context.report(
                .noUsableImplementation, "no implementation of tool '\(id)' can be used by the agents this workflow may run on",
                at: node.span, help: choice.reasons + ["mark an implementation `supported` for these agents, or run the workflow on others"])
        case .notSynced(let reason):
            context.report(
                .toolNotSynced, "\(reason): its operations cannot be checked", at: node.span,
                help: ["run `aiwc tools sync` and commit .aiworkflow/tools/tools.lock.json"])
        case .unknownOperation(let known):
            // The operation is the end of the value, when written without escapes.
            let start = node.span.start + (node.scalar?.style == .plain ? 0 : 1) + id.utf8.count + 1
            let span = Span(start: start, end: min(start + name.utf8.count, node.span.end))
            let verbatim = context.file.text(span) == name
            context.reportUnknown(
                .unknownOperation, "tool '\(id)' has no operation '\(name)'", name, among: known, what: "operation",
                at: verbatim ? span : node.span, fixable: verbatim)
        }
    }

    /// Checks the arguments under `with` against the operation's input schema.
    mutating func checkArguments(_ with: YAMLPair, _ schema: YAMLNode, _ operation: String, _ typer: ExpressionTyper, _ context: inout CheckContext) {
        guard let arguments = with.value.mapping else {
            scan(with.value, typer, &context)
            return
        }
        let properties = schema["properties"]?.mapping
        // JSON Schema allows other properties unless told otherwise; a workflow's call
        // passing one the operation does not describe is nearly always a typo, so only an
        // explicit `additionalProperties` (true or a schema) lets it through.
        let additional = schema["additionalProperties"]
        let othersAllowed = properties == nil || (additional != nil && additional?.scalar?.resolved != .bool(false))
        for i in arguments.indices {
            let argument = arguments[i]
            guard let property = properties?.first(where: { $0.key == argument.key })?.value else {
                if !othersAllowed {
                    context.reportUnknown(
                        .unknownToolArgument, "operation '\(operation)' takes no argument '\(argument.key)'", argument.key,
                        among: properties?.map(\.key) ?? [], what: "argument", at: argument.keySpan)
                }
                scan(argument.value, typer, &context)
                continue
            }
            checkArgument(argument, property, typer, &context)
        }
        reportMissingArguments(schema, given: arguments.map(\.key), operation, at: with.keySpan, &context)
    }

    /// AIW427 for each `required` argument not given.
    func reportMissingArguments(_ schema: YAMLNode, given: [String], _ operation: String, at span: Span, _ context: inout CheckContext) {
        for required in schema["required"]?.sequence ?? [] {
            guard let name = required.scalar?.text, !given.contains(name) else { continue }
            let property = schema["properties"]?[name]
            let type = property.map { DeclaredTypes.schema($0) } ?? .any
            let about = (property?["description"]?.scalar?.text).map { " (\($0))" } ?? ""
            context.report(
                .missingToolArgument, "operation '\(operation)' requires argument '\(name)'", at: span,
                help: ["add `\(name):` under `with`: \(type.withArticle)\(about)"])
        }
    }

    /// Types one argument and checks it against its property's schema (AIW429).
    private mutating func checkArgument(_ argument: YAMLPair, _ property: YAMLNode, _ typer: ExpressionTyper, _ context: inout CheckContext) {
        let node = argument.value
        let actual: ValueType
        var literal = true
        var span = node.span
        if let scalar = node.scalar, scalar.resolved == .string, Self.holdsBraces(scalar.text.utf8) {
            let value = templateValue(node, scalar, typer, &context)
            if value.broken { return }
            actual = value.type
            literal = false
            if let e = value.expression { span = e.span }
        } else {
            if node.scalar == nil { scan(node, typer, &context) }
            actual = DeclaredTypes.literal(node)
        }
        let expected = DeclaredTypes.schema(property)
        if !Self.fits(actual, expected) {
            context.report(
                .toolArgumentType, "argument '\(argument.key)' must be \(expected.withArticle), but this is \(actual.withArticle)",
                at: span, help: [Self.schemaHelp(property, expected)])
            return
        }
        // A literal outside the schema's `enum` fails at run time just the same.
        if literal, let scalar = node.scalar, let allowed = property["enum"]?.sequence, !allowed.isEmpty,
           !allowed.contains(where: { $0.scalar?.text == scalar.text }) {
            let words = allowed.compactMap { $0.scalar?.text }
            context.report(
                .toolArgumentType, "argument '\(argument.key)' must be one of \(words.map { "'\($0)'" }.joined(separator: ", "))", at: span,
                help: [Suggestions.help(for: scalar.text, in: words, what: "value")])
        }
    }

    /// Whether a value of type `actual` can be passed where the schema says `expected`.
    static func fits(_ actual: ValueType, _ expected: ValueType) -> Bool {
        switch (actual, expected) {
        case (.any, _), (_, .any): true
        case (.integer, .number): true
        case (.array(let a), .array(let e)): fits(a, e)
        // Objects are checked by kind only: a workflow's literal objects are rarely typed.
        case (.object, .object): true
        default: actual == expected
        }
    }

    static func schemaHelp(_ property: YAMLNode, _ expected: ValueType) -> String {
        if let description = property["description"]?.scalar?.text { return "the operation says: \(description)" }
        return "pass \(expected.withArticle)"
    }
}
