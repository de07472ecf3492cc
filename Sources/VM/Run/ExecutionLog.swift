/// The Markdown execution log of a run, `execution-logs/RUN.md` under the state folder
/// (docs/vm.md §8): written from the state database when the run ends, so a resumed run's
/// log tells the whole story.
enum ExecutionLog {
    static func write(run id: String, store: StateStore, stateFolder: String, redactor: Redactor) {
        guard let text = try? render(run: id, store: store) else { return }
        let folder = stateFolder + "/execution-logs"
        guard Files.makeFolders(folder) else { return }
        Files.write(Array(redactor.apply(text).utf8), to: folder + "/" + Files.component(id) + ".md")
    }

    static func render(run id: String, store: StateStore) throws(StateError) -> String {
        guard let run = try store.run(id: id) else { return "" }
        let steps = try store.steps(run: id)
        let attempts = try store.attempts(run: id)
        let failovers = try store.failovers(run: id)
        var out = "# Run \(run.id)\n\n"
        out += "| | |\n| --- | --- |\n"
        out += "| workflow | \(cell(run.workflow)) |\n| status | \(run.status.rawValue) |\n"
        out += "| started | \(WallClock.iso(run.startedAt)) |\n"
        if let end = run.endedAt { out += "| ended | \(WallClock.iso(end)) (\(Machine.seconds(end - run.startedAt))) |\n" }
        out += "| plan | `\(cell(run.planPath))` (SHA-256 `\(run.planDigest.prefix(16))…`) |\n"
        out += "| inputs | `\(cell(run.inputsJSON))` |\n"
        if run.costUSD > 0 || run.inputTokens > 0 {
            out += "| cost | $\(run.costUSD), \(run.inputTokens) tokens in, \(run.outputTokens) out |\n"
        }
        if let error = run.error { out += "| error | \(cell(error)) |\n" }
        out += "\n## Steps\n"
        for step in steps {
            out += "\n### \(step.stepID): \(step.status.rawValue)\n\n"
            out += "\(step.attempts) attempt\(step.attempts == 1 ? "" : "s"), \(Machine.seconds(step.endedAt - step.startedAt))"
            out += step.costUSD > 0 ? ", $\(step.costUSD)\n" : "\n"
            if let error = step.error { out += "\nError: \(error)\n" }
            let mine = attempts.filter { $0.stepIndex == step.index }
            if !mine.isEmpty {
                out += "\n| attempt | agent | status | time | detail |\n| ---: | --- | --- | ---: | --- |\n"
                for a in mine {
                    let detail = [a.failureKind, a.message].compactMap { $0 }.joined(separator: ": ")
                    out += "| \(a.number) | \(a.agent ?? "") | \(a.status.rawValue) | \(Machine.seconds(a.durationMilliseconds)) | \(cell(detail)) |\n"
                }
            }
            for f in failovers where f.stepIndex == step.index {
                out += "\nFailover from \(f.fromAgent) to \(f.toAgent ?? "none"): \(f.reason)\n"
            }
            if let output = step.outputJSON {
                out += "\nOutput:\n\n```json\n\(output.count > 4000 ? String(output.prefix(4000)) + "…" : output)\n```\n"
            }
        }
        if let outputs = run.outputsJSON { out += "\n## Result\n\n```json\n\(outputs)\n```\n" }
        return out
    }

    /// Text safe in a table cell: one line, no `|`.
    static func cell(_ s: String) -> String {
        String(s.prefix(500).map { $0 == "\n" || $0 == "\r" ? " " : $0 == "|" ? "¦" : $0 })
    }
}
