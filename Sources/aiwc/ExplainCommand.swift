import ArgumentParser
import Diagnostics

/// `aiwc explain CODE`: what a diagnostic means, an example and its fix.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a diagnostic code, with an example that triggers it and the fix."
    )

    @Argument(help: "A code such as AIW201.")
    var code: String?

    @Flag(name: .long, help: "List every code with its title.")
    var list = false

    @Flag(name: .long, help: "Print docs/diagnostics.md (every code, as Markdown).")
    var markdown = false

    func execute(_ env: CLIEnvironment) -> Int32 {
        if markdown {
            env.stdout(CatalogDocument.markdown())
            return ExitStatus.success
        }
        if list || code == nil {
            var out = ""
            for e in Catalog.entries {
                out += "\(e.code)  \(e.severity.rawValue.padding(7))  \(e.title)\n"
            }
            env.stdout(out)
            return ExitStatus.success
        }
        guard let text = code, let parsed = DiagnosticCode(parsing: text), let entry = parsed.entry else {
            let all = Catalog.entries.map(\.code.description)
            env.stderr("aiwc: error: unknown diagnostic code '\(code ?? "")'; \(Suggestions.help(for: (code ?? "").uppercased(), in: all, what: "code"))\n")
            return ExitStatus.usage
        }
        env.stdout(CatalogDocument.explain(entry))
        return ExitStatus.success
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
