/// What one diagnostic code means: the source of `aiwc explain`, SARIF rule metadata and
/// docs/diagnostics.md.
public struct CatalogEntry: Sendable {
    /// The code.
    public let code: DiagnosticCode
    /// The default severity.
    public let severity: Severity
    /// A kebab-case name (SARIF `rule.name`), such as `unknown-key`.
    public let name: String
    /// One line: what the code reports.
    public let title: String
    /// Why it matters and what the checker looks at.
    public let explanation: String
    /// A complete workflow file that triggers the code, or nil where no text file can (bytes
    /// that are not UTF-8); tests check that it does.
    public let example: String?
    /// The example, fixed; tests check that it is clean.
    public let fix: String?
    /// For codes whose example cannot be text: how to provoke it.
    public let trigger: String?

    init(
        _ number: Int, _ severity: Severity, _ name: String, _ title: String,
        explanation: String, example: String? = nil, fix: String? = nil, trigger: String? = nil
    ) {
        self.code = DiagnosticCode(number)
        self.severity = severity
        self.name = name
        self.title = title
        self.explanation = explanation
        self.example = example
        self.fix = fix
        self.trigger = trigger
    }
}

/// Every diagnostic code, sorted by number.
public enum Catalog {
    /// The entries, sorted by code.
    public static let entries: [CatalogEntry] = syntaxEntries + structureEntries + expressionEntries + typeEntries

    /// The entry for a code, if the code exists.
    public static func entry(for code: DiagnosticCode) -> CatalogEntry? {
        var lo = 0
        var hi = entries.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let n = entries[mid].code.number
            if n == code.number { return entries[mid] }
            if n < code.number { lo = mid + 1 } else { hi = mid - 1 }
        }
        return nil
    }

    /// A complete small workflow for catalog examples: a valid file with `front` added to the
    /// frontmatter and `steps` as the step section's contents.
    static func workflow(front: String = "", steps: String = defaultStep, preamble: String = "") -> String {
        "---\nname: hello\nversion: 1.0.0\n\(front)---\n\(preamble)\n## Steps\n\n\(steps)"
    }

    static let defaultStep = "### greet: Say hello\nSay hello to the team.\n"
}
