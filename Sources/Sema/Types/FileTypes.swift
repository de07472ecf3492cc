import Diagnostics

/// One file's scope, shared by reference by every typer of the file (copying the scope's
/// tables into each would cost a reference count per table), and the types of `steps.ID`,
/// made the first time an expression names the step and kept for the next: an output
/// schema can be large, and a step is usually named by several later steps.
///
/// One belongs to one file's check, and only that check's thread uses it.
final class FileTypes {
    /// The file's declared names.
    let scope: WorkflowScope
    private var types: [ValueType?]

    init(_ scope: WorkflowScope) {
        self.scope = scope
        self.types = Array(repeating: nil, count: (scope.steps.values.map(\.index).max() ?? -1) + 1)
    }

    /// An input of the scope. (Lookups go through here: reading the scope's tables from
    /// outside the class would copy them, reference counts and all.)
    func input(_ name: String) -> WorkflowScope.Input? { scope.inputs[name] }
    /// A secret's declaration.
    func secret(_ name: String) -> Span? { scope.secrets[name] }
    /// A frontmatter `env` name's declaration.
    func env(_ name: String) -> Span? { scope.env[name] }
    /// A step of the scope.
    func step(_ name: String) -> WorkflowScope.Step? { scope.steps[name] }
    /// Whether a section of declarations could be read.
    func isReadable(_ section: WorkflowScope.Sections) -> Bool { scope.readable.contains(section) }

    /// The type of `steps.ID` for a step of the scope.
    func type(of step: WorkflowScope.Step) -> ValueType {
        if step.index < types.count, let known = types[step.index] { return known }
        let type = WorkflowScope.Step.type(output: step.output)
        if step.index < types.count { types[step.index] = type }
        return type
    }
}
