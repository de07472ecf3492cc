import Diagnostics
import Syntax

/// `run` must be an argument vector, never a shell string (AIW215), and not empty (AIW227).
struct RunCheck: Check {
    mutating func visitAction(_ action: ActionBlock, in step: StepSyntax?, _ context: inout CheckContext) {
        guard let run = action.root?["run"] else { return }
        if let items = run.sequence, items.isEmpty {
            context.report(
                .emptyValue, "'run' is empty: it needs at least the program to run", at: run.span,
                help: ["write the program and its arguments, as in `run: [git, log, --oneline]`"])
            return
        }
        guard let s = run.scalar, s.resolved != .null else { return }
        let words = s.text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        let needsShell = s.text.contains(where: { "|&;<>()$`\\\"'*?[]#~=%".contains($0) })
        var fixIts: [FixIt] = []
        if !needsShell, !words.isEmpty {
            let list = "[" + words.map { yamlFlowItem(String($0)) }.joined(separator: ", ") + "]"
            fixIts.append(.replace(run.span, with: list, "split into program and arguments"))
        }
        context.report(
            .runNotList, "'run' must be a list (program, then arguments), not a string", at: run.span,
            help: [needsShell
                ? "the string uses shell syntax; write `run: [sh, -c, \"…\"]` if a shell is really meant"
                : "commands run without a shell, so each argument is its own list item"],
            fixIts: fixIts)
    }

    private func yamlFlowItem(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./@+=".contains($0) } && !word.hasPrefix("-") || word.hasPrefix("--") || word.hasPrefix("-")
        return plain && !word.contains(":") && !word.contains(",") ? word : "\"\(word)\""
    }
}
