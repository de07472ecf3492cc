import Diagnostics
import Sema
import Syntax

/// `aiwc check --explain-tools`: for each tool a workflow lists or calls, which
/// implementation the plan would use and why, whether the tools lock knows it, and which
/// steps call which operations.
enum ToolExplanation {
    static func render(_ workflow: WorkflowSyntax, registry: ProjectRegistry?, file: SourceFile) -> String {
        var out = "== \(file.path): tools\n"
        var ids = (workflow.frontmatter?.root?["tools"]?.sequence ?? []).compactMap { $0.scalar?.text }
        var calls: [String: [String]] = [:]
        for step in workflow.steps {
            guard let reference = step.actions.first?.root?["tool"]?.scalar?.text else { continue }
            let id = String(reference.prefix { $0 != "." })
            if !ids.contains(id) { ids.append(id) }
            calls[id, default: []].append("step \(step.id) → \(reference.dropFirst(id.count + 1))")
        }
        let agents = ProjectRegistry.agentsInPlay(workflow)
        out += "agents in play: \(agents.isEmpty ? "none" : agents.joined(separator: ", "))\n"
        if ids.isEmpty { out += "no tools\n" }
        for id in ids {
            guard let definition = registry?.tools[id] else {
                out += "tool \(id): not defined in the tool registry\n"
                continue
            }
            out += "tool \(id):\n"
            let choice = ToolChoice(definition, agents: agents)
            for reason in choice.reasons { out += "  \(reason)\n" }
            if let chosen = choice.implementation {
                if let lock = registry?.lock {
                    if let synced = lock.implementation(of: id, matching: chosen) {
                        let names = synced.operations.keys.sorted()
                        out += "  lock: synced, \(names.count) operation\(names.count == 1 ? "" : "s"): \(names.joined(separator: ", "))\n"
                    } else {
                        out += "  lock: not synced for these settings; run `aiwc tools sync`\n"
                    }
                } else {
                    out += "  lock: the project has no tools lock; calls are not checked\n"
                }
            }
            for call in calls[id] ?? [] { out += "  \(call)\n" }
        }
        return out
    }
}
