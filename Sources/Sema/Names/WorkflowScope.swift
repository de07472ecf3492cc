import Diagnostics
import Syntax

/// The names a workflow declares, where each is declared and what type it has: what `{{ }}`
/// expressions may refer to. Built once per file; the language server uses the same sites
/// for go-to-definition and the types for hover and completion.
public struct WorkflowScope: Sendable {
    /// A declared input.
    public struct Input: Sendable {
        /// Where its name is declared.
        public var span: Span
        /// Its declared type.
        public var type: ValueType
    }

    /// A step, as expressions see it.
    public struct Step: Sendable {
        /// Its position in the workflow.
        public var index: Int
        /// Where its id is.
        public var span: Span
        /// Where its `output` schema is, if it has one.
        public var schemaSpan: Span? { action?["output"]?.span }
        /// Its first action block, which says what its output is.
        let action: YAMLNode?

        /// The type of `steps.ID.output`: what its schema accepts; text for an agent
        /// without a schema and for a command; anything for a tool; an array of those for
        /// a `foreach` step. (Made on each call; the checker keeps them in a `FileTypes`.)
        public var output: ValueType { WorkflowScope.outputType(of: action) }

        /// The type of `steps.ID`: its `output` and `status`.
        public var type: ValueType { Self.type(output: output) }

        /// The type of a step whose output has a type.
        static func type(output: ValueType) -> ValueType {
            .object(ObjectType([ObjectField("output", output), ObjectField("status", .string)], rest: nil))
        }
    }

    /// Inputs, by name.
    public var inputs: [String: Input] = [:]
    /// Frontmatter `env` names.
    public var env: [String: Span] = [:]
    /// Secret names.
    public var secrets: [String: Span] = [:]
    /// Steps, by id.
    public var steps: [String: Step] = [:]
    /// The sections of declarations that could be read: `inputs`, `env`, `secrets` and
    /// `triggers`, each absent or of the right shape. Names under a section of the wrong
    /// shape (already reported) are not reported again as unknown.
    public var readable: Set<String> = ["inputs", "env", "secrets", "triggers"]
    /// The trigger kinds the workflow declares (`manual` when none).
    public var triggerKinds: Set<String> = ["manual"]
    /// The type of `trigger`, from ``triggerKinds`` (made when an expression reads it).
    public var triggerType: ValueType {
        readable.contains("triggers") ? .object(TriggerFields.type(for: triggerKinds)) : .anyObject
    }

    /// The roots of every path.
    public static let roots = ["env", "index", "inputs", "item", "run", "secrets", "steps", "trigger", "workflow"]
    /// The values of `steps.ID.status`: the step succeeded, failed (and the run went on,
    /// with `continue_on_error`), or did not run (its `if` was false).
    public static let statuses = ["failure", "skipped", "success"]
    /// The type of `run`.
    public static let run = ObjectType([ObjectField("id", .string), ObjectField("started_at", .string)], rest: nil)
    /// The type of `workflow`.
    public static let workflow = ObjectType([ObjectField("name", .string), ObjectField("version", .string)], rest: nil)

    /// An empty scope.
    public init() {}

    /// The scope of a parsed workflow (duplicates keep the first declaration, which the
    /// structural checks report).
    public init(_ workflow: WorkflowSyntax) {
        let root = workflow.frontmatter?.root
        // Left empty (`inputs:`) is an empty section, not a broken one.
        func broken(_ node: YAMLNode?, list: Bool) -> Bool {
            guard let node, node.scalar?.resolved != .null else { return false }
            return list ? node.sequence == nil : node.mapping == nil
        }
        if broken(root?["inputs"], list: false) { readable.remove("inputs") }
        if broken(root?["env"], list: false) { readable.remove("env") }
        if broken(root?["secrets"], list: true) { readable.remove("secrets") }
        if broken(root?["triggers"], list: true) { readable.remove("triggers") }
        for pair in root?["inputs"]?.mapping ?? [] where inputs[pair.key] == nil {
            inputs[pair.key] = Input(span: pair.keySpan, type: DeclaredTypes.input(pair.value))
        }
        for pair in root?["env"]?.mapping ?? [] where env[pair.key] == nil { env[pair.key] = pair.keySpan }
        for item in root?["secrets"]?.sequence ?? [] {
            if let name = item.scalar?.text, secrets[name] == nil { secrets[name] = item.span }
        }
        steps.reserveCapacity(workflow.steps.count)
        // By index: binding each step would copy all its fields.
        for i in workflow.steps.indices where steps[workflow.steps[i].id] == nil {
            steps[workflow.steps[i].id] = Step(index: i, span: workflow.steps[i].idSpan, action: workflow.steps[i].actions.first?.root)
        }
        if root?["triggers"] != nil { triggerKinds = TriggerFields.kinds(of: root) }
    }

    /// A step's output type, from its action block.
    static func outputType(of action: YAMLNode?) -> ValueType {
        let one: ValueType =
            if let schema = action?["output"] { DeclaredTypes.schema(schema) }
            else if action?["tool"] != nil { .any }
            else { .string }
        return action?["foreach"] != nil ? .array(one) : one
    }
}
