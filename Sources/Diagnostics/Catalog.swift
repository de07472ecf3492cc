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
    /// For codes whose example cannot be a workflow: how to provoke it.
    public let trigger: String?
    /// For codes of the registry files: an agents file (`.aiworkflow/agents/capabilities.yaml`)
    /// that triggers the code, alone or beside ``toolsExample``; tests check that it does.
    public let agentsExample: String?
    /// The agents file, fixed (nil when the fix leaves ``agentsExample`` as it is).
    public let agentsFix: String?
    /// For codes of the registry files: a tool registry (`.aiworkflow/tools/registry.yaml`)
    /// that triggers the code, alone or beside ``agentsExample``.
    public let toolsExample: String?
    /// The tool registry, fixed (nil when the fix leaves ``toolsExample`` as it is).
    public let toolsFix: String?

    /// Whether the code is shown with registry-file examples.
    public var hasRegistryExample: Bool { agentsExample != nil || toolsExample != nil }

    init(
        _ number: Int, _ severity: Severity, _ name: String, _ title: String,
        explanation: String, example: String? = nil, fix: String? = nil, trigger: String? = nil,
        agentsExample: String? = nil, agentsFix: String? = nil, toolsExample: String? = nil, toolsFix: String? = nil
    ) {
        self.code = DiagnosticCode(number)
        self.severity = severity
        self.name = name
        self.title = title
        self.explanation = explanation
        self.example = example
        self.fix = fix
        self.trigger = trigger
        self.agentsExample = agentsExample
        self.agentsFix = agentsFix
        self.toolsExample = toolsExample
        self.toolsFix = toolsFix
    }
}

/// Every diagnostic code, sorted by number.
public enum Catalog {
    /// The entries, sorted by code.
    public static let entries: [CatalogEntry] =
        syntaxEntries + structureEntries + expressionEntries + typeEntries + registryEntries + capabilityEntries
        + migrationEntries

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

    /// Where the registry files are, as the docs and `aiwc explain` name them.
    public static let agentsPath = ".aiworkflow/agents/capabilities.yaml"
    /// See ``agentsPath``.
    public static let toolsPath = ".aiworkflow/tools/registry.yaml"

    static let defaultStep = "### greet: Say hello\nSay hello to the team.\n"
}
