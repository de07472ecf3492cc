/// Collects the diagnostics of one file, keeping at most one error per position.
///
/// Checks run in a fixed order; when two of them report an error starting at the same byte,
/// the first (the more specific one, by registration order) wins. This is what keeps a
/// malformed `run:` from being reported both as "run must be a list" and as a type error,
/// without each check knowing the others.
public struct DiagnosticSink: Sendable {
    /// The file diagnostics are reported in.
    public let file: SourceFile
    /// What was reported, in order, after de-duplication.
    public private(set) var diagnostics: [Diagnostic] = []
    private var errorStarts: Set<Int> = []
    /// The most diagnostics stored for one file, so that a pathological file (a million
    /// empty steps) cannot exhaust memory; what is printed is capped lower, after sorting
    /// (see `Checker`).
    public static let storageLimit = 10_000
    /// Whether reports were dropped at ``storageLimit``.
    public private(set) var overflowed = false

    /// Creates an empty sink for a file.
    public init(file: SourceFile) {
        self.file = file
    }

    /// The range of a span in this sink's file.
    public func range(_ span: Span) -> SourceRange { SourceRange(file: file, span: span) }

    /// Reports a diagnostic unless an error already stands at the same position.
    public mutating func report(_ diagnostic: Diagnostic) {
        guard diagnostics.count < Self.storageLimit else {
            overflowed = true
            return
        }
        let start = diagnostic.range.span.start
        if diagnostic.range.file.path == file.path, diagnostic.severity == .error {
            if errorStarts.contains(start) { return }
            errorStarts.insert(start)
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
}
