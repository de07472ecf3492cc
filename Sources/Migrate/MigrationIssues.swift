import Diagnostics

/// The diagnostics of one v0 file's migration, each at the v0 file's own line.
struct MigrationIssues {
    let file: SourceFile
    private(set) var diagnostics: [Diagnostic] = []

    init(file: SourceFile) { self.file = file }

    mutating func report(_ code: DiagnosticCode, _ message: String, at span: Span, help: [String] = []) {
        diagnostics.append(Diagnostic(code, message, at: SourceRange(file: file, span: span), help: help))
    }

    /// The span of whole lines `first...last` (0-based).
    func lines(_ first: Int, _ last: Int) -> Span {
        guard first < file.lineCount else { return Span.point(file.bytes.count) }
        let end = file.lineRange(min(last, file.lineCount - 1)).upperBound
        return Span(start: file.lineRange(first).lowerBound, end: end)
    }
}
