import Diagnostics
import Syntax

/// The names a workflow declares and where each is declared: what `{{ }}` expressions may
/// refer to. Built once per file; the language server will use the same sites for
/// go-to-definition.
public struct WorkflowScope: Sendable {
    /// Input names, each with the span of its key.
    public var inputs: [String: Span] = [:]
    /// Frontmatter `env` names.
    public var env: [String: Span] = [:]
    /// Secret names.
    public var secrets: [String: Span] = [:]
    /// Step ids, each with its position in the workflow and the span of its id.
    public var steps: [String: (index: Int, span: Span)] = [:]

    /// The roots of every path.
    public static let roots = ["env", "index", "inputs", "item", "run", "secrets", "steps", "trigger", "workflow"]
    /// Fields of `steps.ID`.
    public static let stepFields = ["output", "status"]
    /// Fields of `run`.
    public static let runFields = ["id", "started_at"]
    /// Fields of `workflow`.
    public static let workflowFields = ["name", "version"]

    /// An empty scope.
    public init() {}

    /// The scope of a parsed workflow (duplicates keep the first declaration, which the
    /// structural checks report).
    public init(_ workflow: WorkflowSyntax) {
        let root = workflow.frontmatter?.root
        for pair in root?["inputs"]?.mapping ?? [] where inputs[pair.key] == nil { inputs[pair.key] = pair.keySpan }
        for pair in root?["env"]?.mapping ?? [] where env[pair.key] == nil { env[pair.key] = pair.keySpan }
        for item in root?["secrets"]?.sequence ?? [] {
            if let name = item.scalar?.text, secrets[name] == nil { secrets[name] = item.span }
        }
        for (i, step) in workflow.steps.enumerated() where steps[step.id] == nil {
            steps[step.id] = (i, step.idSpan)
        }
    }
}
