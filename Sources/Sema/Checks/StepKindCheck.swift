import Diagnostics
import Syntax

/// What a step does: one action block (AIW216), one kind — agent, tool or command — (AIW217),
/// `with` only for tools (AIW218), and something to do at all (AIW214).
struct StepKindCheck: Check {
    static let visits: CheckVisits = [.steps]

    static let kinds = ["agent", "tool", "run"]

    mutating func visitStep(_ step: StepSyntax, index: Int, _ context: inout CheckContext) {
        if step.actions.count > 1 {
            for extra in step.actions.dropFirst() {
                context.report(
                    .multipleActionBlocks, "step '\(step.id)' has more than one action block", at: extra.fenceSpan,
                    notes: [context.note("the first action block is here", at: step.actions[0].fenceSpan)],
                    help: ["merge the settings into one block, or split the step in two"])
            }
        }
        let root = step.actions.first?.root
        let present = Self.kinds.compactMap { root?.pair($0) }.sorted { $0.keySpan.start < $1.keySpan.start }
        if present.count > 1 {
            context.report(
                .conflictingStepKinds,
                "step '\(step.id)' has both '\(present[0].key)' and '\(present[1].key)'; a step asks an agent, calls a tool or runs a command",
                at: present[1].keySpan,
                notes: [context.note("'\(present[0].key)' is set here", at: present[0].keySpan)])
        }
        if let with = root?.pair("with"), root?.pair("tool") == nil {
            context.report(
                .withWithoutTool, "'with' passes arguments to a tool, but step '\(step.id)' calls none", at: with.keySpan,
                help: ["put what an agent needs into the prompt, and a command's arguments into `run`"])
        }
        let acts = root?.pair("tool") != nil || root?.pair("run") != nil
        if !acts, step.prompt.isBlank(in: context.file), step.actions.allSatisfy({ !$0.isBroken }) {
            context.report(
                .emptyStep, "step '\(step.id)' has neither a prompt nor a tool or command to run", at: step.headingSpan,
                help: ["write the prompt under the heading, or add an action block with `tool:` or `run:`"])
        }
    }
}
