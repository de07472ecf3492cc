import Diagnostics
import Syntax

/// Runs the whole check pipeline on a file: parse, then every registered check in one walk.
public struct Checker: Sendable {
    /// Limits on YAML input.
    public var limits: YAMLLimits
    /// Whether semantic analysis runs after the structural checks (off only to measure the
    /// front end alone: `aiwc check --no-semantics`).
    public var semantics = true
    /// Pattern verdicts shared by every file this checker (and its copies) checks.
    public let patterns = PatternCache()
    /// The most diagnostics reported for one file, in file order; one AIW109 stands for the
    /// rest, so a damaged file cannot flood a terminal or a CI log.
    public static let reportLimit = 500

    /// Creates a checker.
    public init(limits: YAMLLimits = YAMLLimits(), semantics: Bool = true) {
        self.limits = limits
        self.semantics = semantics
    }

    /// Checks one file.
    /// - Returns: Its diagnostics, sorted by position.
    /// - Parameter registry: The agents and tools of the file's project, if it has any.
    public func check(_ file: SourceFile, registry: ProjectRegistry? = nil) -> [Diagnostic] {
        run(file, registry: registry, recordsModel: false).diagnostics
    }


    /// Checks one file and keeps its syntax tree (for lowering, which then need not parse
    /// the file again).
    /// - Returns: The diagnostics, and the tree when the file could be parsed.
    public func checkKeepingSyntax(_ file: SourceFile, registry: ProjectRegistry? = nil) -> (diagnostics: [Diagnostic], workflow: WorkflowSyntax?) {
        let (diagnostics, _, workflow) = run(file, registry: registry, recordsModel: false)
        return (diagnostics, workflow)
    }

    /// Checks one file and keeps what semantic analysis learnt: every expression's type and
    /// every name's definition (for `aiwc check --dump-types` and the language server).
    public func analyze(_ file: SourceFile, registry: ProjectRegistry? = nil) -> (diagnostics: [Diagnostic], model: SemanticModel) {
        let (diagnostics, model, _) = run(file, registry: registry, recordsModel: true)
        return (diagnostics, model ?? SemanticModel())
    }

    private func run(_ file: SourceFile, registry: ProjectRegistry?, recordsModel: Bool) -> (diagnostics: [Diagnostic], model: SemanticModel?, workflow: WorkflowSyntax?) {
        var sink = DiagnosticSink(file: file)
        guard let workflow = WorkflowParser.parse(file, into: &sink, limits: limits) else {
            return (Self.capped(sink), nil, nil)
        }
        // A v0 file would give one unknown key per v0 setting; it gets one diagnostic that
        // says what it is and what to do.
        if let frontmatter = workflow.frontmatter, let key = V0Format.workflowKey(in: frontmatter.root) {
            sink.report(V0Format.diagnostic(at: key, in: file))
            return (Self.capped(sink), nil, nil)
        }
        var context = CheckContext(sink: sink, registry: registry, patterns: patterns, recordsModel: recordsModel)
        let types = semantics ? Checks.all : Checks.structural
        var checks: [any Check] = types.map { $0.init() }
        // Each visit goes only to the checks that use it.
        func using(_ visit: CheckVisits) -> [Int] { types.indices.filter { types[$0].visits.contains(visit) } }
        let (enter, front, steps, actions, leave) = (using(.enter), using(.frontmatter), using(.steps), using(.actions), using(.leave))
        for i in enter { checks[i].enterWorkflow(workflow, &context) }
        if let frontmatter = workflow.frontmatter, !frontmatter.isBroken {
            for i in front { checks[i].visitFrontmatter(frontmatter, &context) }
        }
        for (index, step) in workflow.steps.enumerated() {
            for i in steps { checks[i].visitStep(step, index: index, &context) }
            for action in step.actions where !action.isBroken {
                for i in actions { checks[i].visitAction(action, in: step, &context) }
            }
        }
        for action in workflow.orphanActions where !action.isBroken {
            for i in actions { checks[i].visitAction(action, in: nil, &context) }
        }
        for i in leave { checks[i].leaveWorkflow(workflow, &context) }
        return (Self.capped(context.sink), context.model, workflow)
    }

    /// The sink's diagnostics sorted, cut at ``reportLimit`` with an AIW109 in place of the rest.
    static func capped(_ sink: DiagnosticSink) -> [Diagnostic] {
        var all = sink.diagnostics.sorted(by: Diagnostic.precedes)
        guard all.count > reportLimit || sink.overflowed, let next = all.count > reportLimit ? all[reportLimit] : all.last else {
            return all
        }
        all.removeSubrange(min(reportLimit, all.count)...)
        all.append(Diagnostic(
            .tooManyProblems, "more than \(reportLimit) problems in this file; the rest are not reported",
            at: next.range, help: ["fix these first, then check again"]))
        return all
    }
}
