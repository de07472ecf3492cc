/// Collects the diagnostics of one file and keeps only one per root cause.
///
/// Checks run in a fixed order; when two of them report an error at the same primary
/// position, the first (the more specific one, by registration order) wins. This is what
/// keeps a malformed `run:` from being reported both as "run must be a list" and as a type
/// error, without each check knowing the others.
public struct DiagnosticSink: Sendable {
    /// The file diagnostics are reported in.
    public let file: SourceFile
    /// What was reported, in order, after de-duplication.
    public private(set) var diagnostics: [Diagnostic] = []
    private var errorStarts: Set<Int> = []
    /// Spans whose contents are broken; reports inside them are dropped as cascades.
    private var poisoned: [Span] = []
    /// The most diagnostics kept for one file; past it one AIW109 says the rest were dropped,
    /// so a pathological file (150,000 repeated list entries) cannot flood the output.
    public static let limit = 500

    /// Creates an empty sink for a file.
    public init(file: SourceFile) {
        self.file = file
    }

    /// The range of a span in this sink's file.
    public func range(_ span: Span) -> SourceRange { SourceRange(file: file, span: span) }

    /// Whether any error has been reported.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Reports a diagnostic unless an error already stands at the same position or inside a
    /// span marked broken.
    public mutating func report(_ diagnostic: Diagnostic) {
        guard diagnostics.count < Self.limit else {
            if diagnostics.count == Self.limit {
                diagnostics.append(Diagnostic(
                    .tooManyProblems, "more than \(Self.limit) problems in this file; the rest are not reported",
                    at: diagnostic.range, help: ["fix these first, then check again"]))
            }
            return
        }
        let start = diagnostic.range.span.start
        if diagnostic.range.file.path == file.path {
            if poisoned.contains(where: { $0.start <= start && start < $0.end }) { return }
            if diagnostic.severity == .error {
                if errorStarts.contains(start) { return }
                errorStarts.insert(start)
            }
        }
        diagnostics.append(diagnostic)
    }

    /// Reports a diagnostic at a span of this file.
    public mutating func report(
        _ code: DiagnosticCode,
        _ message: String,
        at span: Span,
        notes: [Note] = [],
        help: [String] = [],
        fixIts: [FixIt] = []
    ) {
        report(Diagnostic(code, message, at: range(span), notes: notes, help: help, fixIts: fixIts))
    }

    /// Marks a span as broken: later reports inside it are consequences and are dropped.
    public mutating func poison(_ span: Span) {
        poisoned.append(span)
    }

    /// Whether a position lies in a span already reported as broken.
    public func isPoisoned(_ offset: Int) -> Bool {
        poisoned.contains { $0.start <= offset && offset < $0.end }
    }
}
