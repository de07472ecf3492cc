/// The output formats of `aiwc check`.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// `file:line:col: error[AIW201]: …`, the source line, a caret underline, notes and help.
    case human
    /// One JSON document with stable fields (docs/cli.md).
    case json
    /// SARIF 2.1.0 for code-scanning services.
    case sarif
    /// GitHub Actions workflow commands (`::error file=…`), which become annotations.
    case github

    /// Renders diagnostics, already sorted, in this format.
    /// - Parameters:
    ///   - diagnostics: What to print.
    ///   - color: Whether human output may use ANSI colour (only on a terminal).
    ///   - toolVersion: The compiler's version, for SARIF.
    public func render(_ diagnostics: [Diagnostic], color: Bool = false, toolVersion: String) -> String {
        switch self {
        case .human: HumanRenderer(color: color).render(diagnostics)
        case .json: JSONRenderer.render(diagnostics)
        case .sarif: SARIFRenderer.render(diagnostics, toolVersion: toolVersion)
        case .github: GitHubRenderer.render(diagnostics)
        }
    }
}
