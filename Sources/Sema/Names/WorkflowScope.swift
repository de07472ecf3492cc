import Diagnostics
import Syntax

/// The names a workflow declares, where each is declared and what type it has: what `{{ }}`
/// expressions may refer to. Built once per file; the language server uses the same sites
/// for go-to-definition and the types for hover and completion.
public struct WorkflowScope: Sendable {
    /// Input names, each with the span of its key.
    public var inputs: [String: Span] = [:]
    /// Input types, from their declarations.
    public var inputTypes: [String: ValueType] = [:]
    /// Frontmatter `env` names.
    public var env: [String: Span] = [:]
    /// Secret names.
    public var secrets: [String: Span] = [:]
    /// Step ids, each with its position in the workflow and the span of its id.
    public var steps: [String: (index: Int, span: Span)] = [:]
    /// The type of `steps.ID.output`, by step id.
    public var stepOutputs: [String: ValueType] = [:]
    /// Where a step's `output` schema is, by step id.
    public var outputSchemas: [String: Span] = [:]
    /// The trigger kinds the workflow declares (`manual` when none).
    public var triggerKinds: Set<String> = ["manual"]
    /// The type of `trigger`, from ``triggerKinds``.
    public var triggerType: ValueType = .object(TriggerFields.type(for: ["manual"]))
    /// The type of `steps.ID` (its `output` and `status`), by step id.
    public var stepTypes: [String: ValueType] = [:]

    /// The roots of every path.
    public static let roots = ["env", "index", "inputs", "item", "run", "secrets", "steps", "trigger", "workflow"]
    /// The values of `steps.ID.status`: the step succeeded, failed (and the run went on,
    /// with `continue_on_error`), or did not run (its `if` was false).
    public static let statuses = ["failure", "skipped", "success"]
    /// The type of `run`.
    public static let run = ObjectType(fields: ["id": .string, "started_at": .string], rest: nil)
    /// The type of `workflow`.
    public static let workflow = ObjectType(fields: ["name": .string, "version": .string], rest: nil)

    /// An empty scope.
    public init() {}

    /// The scope of a parsed workflow (duplicates keep the first declaration, which the
    /// structural checks report).
    public init(_ workflow: WorkflowSyntax) {
        let root = workflow.frontmatter?.root
        for pair in root?["inputs"]?.mapping ?? [] where inputs[pair.key] == nil {
            inputs[pair.key] = pair.keySpan
            inputTypes[pair.key] = DeclaredTypes.input(pair.value)
        }
        for pair in root?["env"]?.mapping ?? [] where env[pair.key] == nil { env[pair.key] = pair.keySpan }
        for item in root?["secrets"]?.sequence ?? [] {
            if let name = item.scalar?.text, secrets[name] == nil { secrets[name] = item.span }
        }
        for (i, step) in workflow.steps.enumerated() where steps[step.id] == nil {
            steps[step.id] = (i, step.idSpan)
            let action = step.actions.first?.root
            if let schema = action?["output"] { outputSchemas[step.id] = schema.span }
            stepOutputs[step.id] = Self.outputType(of: action)
        }
        for (id, output) in stepOutputs {
            stepTypes[id] = .object(ObjectType(fields: ["output": output, "status": .string], rest: nil))
        }
        triggerKinds = TriggerFields.kinds(of: root)
        triggerType = .object(TriggerFields.type(for: triggerKinds))
    }

    /// The type of `steps.ID` for a step: its `output` and `status`.
    public func stepType(_ id: String) -> ValueType {
        stepTypes[id] ?? .any
    }

    /// A step's output: what its schema accepts; text for an agent without a schema and
    /// for a command; anything for a tool; an array of those for a `foreach` step.
    static func outputType(of action: YAMLNode?) -> ValueType {
        let one: ValueType =
            if let schema = action?["output"] { DeclaredTypes.schema(schema) }
            else if action?["tool"] != nil { .any }
            else { .string }
        return action?["foreach"] != nil ? .array(one) : one
    }
}
