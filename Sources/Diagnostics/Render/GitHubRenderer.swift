/// Renders diagnostics as GitHub Actions workflow commands, which the runner turns into
/// annotations on the pull request: `::error file=F,line=L,col=C,…,title=AIW201::message`.
public enum GitHubRenderer {
    /// One command per diagnostic; notes and help are folded into the message.
    public static func render(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        for d in diagnostics {
            let command = switch d.severity {
            case .error: "error"
            case .warning: "warning"
            case .note: "notice"
            }
            let s = d.range.start
            let e = d.range.end
            var message = d.message
            for note in d.notes {
                if let r = note.range {
                    message += "\nnote: \(note.message) (\(r.file.path):\(r.start.line):\(r.start.column))"
                } else {
                    message += "\nnote: \(note.message)"
                }
            }
            for h in d.help { message += "\nhelp: \(h)" }
            out += "::\(command) file=\(property(d.file.path)),line=\(s.line),col=\(s.column)"
            out += ",endLine=\(e.line),endColumn=\(e.column),title=\(property(d.code.description))"
            out += "::\(data(message))\n"
        }
        return out
    }

    /// Escapes a command's message (GitHub's `escapeData`).
    static func data(_ s: String) -> String {
        s.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
    }

    /// Escapes a property value (GitHub's `escapeProperty`).
    static func property(_ s: String) -> String {
        data(s).replacing(":", with: "%3A").replacing(",", with: "%2C")
    }
}
