import Diagnostics

/// One file's scope, shared by reference by every typer of the file (copying the scope's
/// tables into each would cost a reference count per table), and the types of `steps.ID`,
/// made the first time an expression names the step and kept for the next: an output
/// schema can be large, and a step is usually named by several later steps.
///
/// Steps and inputs are found by their position in the scope's tables: a position is an
/// integer, while a step copied out of the table retains its action block on the way.
///
/// One belongs to one file's check, and only that check's thread uses it.
final class FileTypes {
    /// The file's declared names.
    let scope: WorkflowScope
    /// Each step's index in the workflow, by its position in `scope.steps`.
    private let stepIndices: [Int]
    /// Each step's id span, by its position in `scope.steps`.
    private let stepSpans: [Span]
    /// The type of `steps.ID`, by the step's position in `scope.steps`, once made.
    private var types: [ValueType?]

    init(_ scope: WorkflowScope) {
        self.scope = scope
        var indices: [Int] = []
        var spans: [Span] = []
        indices.reserveCapacity(scope.steps.count)
        spans.reserveCapacity(scope.steps.count)
        for p in scope.steps.indices {
            let step = scope.steps.value(at: p)
            indices.append(step.index)
            spans.append(step.span)
        }
        self.stepIndices = indices
        self.stepSpans = spans
        self.types = Array(repeating: nil, count: scope.steps.count)
    }

    /// An input of the scope. (Lookups go through here: reading the scope's tables from
    /// outside the class would copy them, reference counts and all.)
    func input(_ name: String) -> WorkflowScope.Input? { scope.inputs[name] }
    /// The position of an input in the scope's table.
    func inputPosition(_ name: String) -> Int? { scope.inputs.position(of: name) }
    /// The input at a position of the scope's table.
    func input(at position: Int) -> WorkflowScope.Input { scope.inputs.value(at: position) }
    /// How many inputs the scope declares.
    var inputCount: Int { scope.inputs.count }
    /// A secret's declaration.
    func secret(_ name: String) -> Span? { scope.secrets[name] }
    /// A frontmatter `env` name's declaration.
    func env(_ name: String) -> Span? { scope.env[name] }
    /// A step of the scope.
    func step(_ name: String) -> WorkflowScope.Step? { scope.steps[name] }
    /// The position of a step in the scope's table.
    func stepPosition(_ name: String) -> Int? { scope.steps.position(of: name) }
    /// The index in the workflow of the step at a position of the scope's table.
    func stepIndex(at position: Int) -> Int { stepIndices[position] }
    /// Where the id of the step at a position of the scope's table is.
    func stepSpan(at position: Int) -> Span { stepSpans[position] }
    /// How many steps the scope declares.
    var stepCount: Int { stepIndices.count }
    /// Whether a section of declarations could be read.
    func isReadable(_ section: WorkflowScope.Sections) -> Bool { scope.readable.contains(section) }

    /// The type of `steps.ID` for the step at a position of the scope's table.
    func type(ofStepAt position: Int) -> ValueType {
        if let known = types[position] { return known }
        let type = WorkflowScope.Step.type(output: scope.steps.value(at: position).output)
        types[position] = type
        return type
    }
}
