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

    /// The type of `steps.ID` for a step of the scope.
    func type(of step: WorkflowScope.Step) -> ValueType {
        if step.index < types.count, let known = types[step.index] { return known }
        let type = WorkflowScope.Step.type(output: step.output)
        if step.index < types.count { types[step.index] = type }
        return type
    }
}
