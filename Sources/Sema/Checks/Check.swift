import Diagnostics
import Syntax

/// One structural rule. A check overrides only the visits it needs (the others do nothing);
/// all checks run in one walk over the syntax tree, in the order of ``Checks/all``, which is
/// also the order in which same-position errors win (see ``DiagnosticSink``).
public protocol Check {
    /// The visits the check uses: the walk calls only those (a step or action passed to a
    /// check is copied, reference counts and all, so visits that do nothing cost).
    static var visits: CheckVisits { get }
    /// Creates the check's per-file state.
    init()
    /// Called first, with the whole tree.
    mutating func enterWorkflow(_ workflow: WorkflowSyntax, _ context: inout CheckContext)
    /// Called for a readable frontmatter block.
    mutating func visitFrontmatter(_ frontmatter: Frontmatter, _ context: inout CheckContext)
    /// Called for each step, in order.
    mutating func visitStep(_ step: StepSyntax, index: Int, _ context: inout CheckContext)
    /// Called for each readable `action` block; `step` is nil for a block outside any step.
    mutating func visitAction(_ action: ActionBlock, in step: StepSyntax?, _ context: inout CheckContext)
    /// Called last, with the whole tree.
    mutating func leaveWorkflow(_ workflow: WorkflowSyntax, _ context: inout CheckContext)
}

/// The visits of a ``Check``.
public struct CheckVisits: OptionSet, Sendable {
    public let rawValue: Int
    /// Creates a set from its raw value.
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// ``Check/enterWorkflow(_:_:)``.
    public static let enter = CheckVisits(rawValue: 1)
    /// ``Check/visitFrontmatter(_:_:)``.
    public static let frontmatter = CheckVisits(rawValue: 2)
    /// ``Check/visitStep(_:index:_:)``.
    public static let steps = CheckVisits(rawValue: 4)
    /// ``Check/visitAction(_:in:_:)``.
    public static let actions = CheckVisits(rawValue: 8)
    /// ``Check/leaveWorkflow(_:_:)``.
    public static let leave = CheckVisits(rawValue: 16)
    /// Every visit.
    public static let all: CheckVisits = [.enter, .frontmatter, .steps, .actions, .leave]
}

extension Check {
    /// Every visit, unless the check says otherwise.
    public static var visits: CheckVisits { .all }
    /// Does nothing.
    public mutating func enterWorkflow(_ workflow: WorkflowSyntax, _ context: inout CheckContext) {}
    /// Does nothing.
    public mutating func visitFrontmatter(_ frontmatter: Frontmatter, _ context: inout CheckContext) {}
    /// Does nothing.
    public mutating func visitStep(_ step: StepSyntax, index: Int, _ context: inout CheckContext) {}
    /// Does nothing.
    public mutating func visitAction(_ action: ActionBlock, in step: StepSyntax?, _ context: inout CheckContext) {}
    /// Does nothing.
    public mutating func leaveWorkflow(_ workflow: WorkflowSyntax, _ context: inout CheckContext) {}
}

/// What a check sees besides the node it visits: the file and where to report.
public struct CheckContext {
    /// The file being checked.
    public var file: SourceFile { sink.file }
    /// Where diagnostics go.
    public var sink: DiagnosticSink
    /// What semantic analysis learns, when asked for (nil otherwise, which saves the
    /// recording on the `aiwc check` path).
    public var model: SemanticModel?
    /// The project's agents and tools, when the workflow is in a project that has registry
    /// files; nil skips the checks that need them.
    public var registry: ProjectRegistry?
    /// Verdicts on input `pattern`s, shared by the files of one run.
    public var patterns: PatternCache

    /// Creates a context reporting to a sink.
    public init(sink: DiagnosticSink, registry: ProjectRegistry? = nil, patterns: PatternCache = PatternCache(), recordsModel: Bool = false) {
        self.sink = sink
        self.patterns = patterns
        self.registry = registry
        self.model = recordsModel ? SemanticModel() : nil
    }

    /// Reports a diagnostic at a span of the file.
    public mutating func report(
        _ code: DiagnosticCode, _ message: String, at span: Span,
        notes: [Note] = [], help: [String] = [], fixIts: [FixIt] = []
    ) {
        sink.report(code, message, at: span, notes: notes, help: help, fixIts: fixIts)
    }

    /// Reports a name that is not among the known ones, with the closest as help and, when
    /// exactly one is close and `fixable`, a fix-it that writes it (`spell` writes a name as
    /// the source needs it, quoted for instance).
    public mutating func reportUnknown(
        _ code: DiagnosticCode, _ message: String, _ name: String, among known: [String], what: String, at span: Span,
        fixable: Bool = true, spell: (String) -> String = { $0 }
    ) {
        let sorted = known.sorted()
        let close = Suggestions.closest(to: name, in: sorted)
        report(
            code, message, at: span,
            help: [Suggestions.help(for: name, in: sorted, what: what)],
            fixIts: close.count == 1 && fixable ? [.replace(span, with: spell(close[0]), "use '\(close[0])'")] : [])
    }

    /// A note pointing at a span of the file.
    public func note(_ message: String, at span: Span) -> Note {
        Note(message, at: sink.range(span))
    }
}

/// The registered checks, in the order they run.
public enum Checks {
    /// Every check. Order matters where two report at one position: the more specific first.
    public static var all: [any Check.Type] { structural + semantic }

    /// The front end's checks: the shape of the file, keys, values and formats.
    public static var structural: [any Check.Type] {
        [
            StepsSectionCheck.self,
            StepIDCheck.self,
            StepKindCheck.self,
            RunCheck.self,
            SchemaCheck.self,
            RetryConsistencyCheck.self,
        ]
    }

    /// Semantic analysis: expressions, names, input declarations, agents and tools.
    public static var semantic: [any Check.Type] {
        [
            ExpressionCheck.self,
            InputDeclarationCheck.self,
            RegistryCheck.self,
        ]
    }
}
