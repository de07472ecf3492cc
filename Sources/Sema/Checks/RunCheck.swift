import Diagnostics
import Syntax

/// `run` must be an argument vector, never a shell string (AIW215), and not empty (AIW227).
struct RunCheck: Check {
    static let visits: CheckVisits = [.actions]

    mutating func visitAction(_ action: ActionBlock, in step: StepSyntax?, _ context: inout CheckContext) {
        guard let run = action.root?["run"] else { return }
        if let items = run.sequence, items.isEmpty {
            context.report(
                .emptyValue, "'run' is empty: it needs at least the program to run", at: run.span,
                help: ["write the program and its arguments, as in `run: [git, log, --oneline]`"])
            return
        }
        guard let s = run.scalar, s.resolved != .null else { return }
        let (words, needsShell) = Self.split(s.text)
        var fixIts: [FixIt] = []
        if !needsShell, !words.isEmpty {
            let list = "[" + words.map(YAMLQuoting.flowItem).joined(separator: ", ") + "]"
            fixIts.append(.replace(run.span, with: list, "split into program and arguments"))
        }
        context.report(
            .runNotList, "'run' must be a list (program, then arguments), not a string", at: run.span,
            help: [needsShell
                ? "the string uses shell syntax; write `run: [sh, -c, \"…\"]` if a shell is really meant"
                : "commands run without a shell, so each argument is its own list item"],
            fixIts: fixIts)
    }

    /// Splits a command string at blanks outside `{{ }}`; reports whether any character
    /// outside an expression only means something to a shell (quotes, pipes, globs…).
    static func split(_ text: String) -> (words: [String], needsShell: Bool) {
        var words: [String] = []
        var current = ""
        var needsShell = false
        var depth = 0
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "{", i + 1 < chars.count, chars[i + 1] == "{" {
                depth += 1
                current += "{{"
                i += 2
                continue
            }
            if c == "}", depth > 0, i + 1 < chars.count, chars[i + 1] == "}" {
                depth -= 1
                current += "}}"
                i += 2
                continue
            }
            if depth == 0, c == " " || c == "\t" || c == "\n" {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                if depth == 0, "|&;<>()$`\\\"'*?[]#~".contains(c) { needsShell = true }
                current.append(c)
            }
            i += 1
        }
        if !current.isEmpty { words.append(current) }
        return (words, needsShell)
    }
}
