import Diagnostics
import Syntax

/// Step ids are identifiers (AIW213) and unique (AIW212, with a note at the first).
struct StepIDCheck: Check {
    static let visits: CheckVisits = [.steps]

    private var seen: [String: Span] = [:]

    mutating func visitStep(_ step: StepSyntax, index: Int, _ context: inout CheckContext) {
        guard Names.isIdentifier(step.id) else {
            if step.id.isEmpty {
                context.report(
                    .invalidStepID, "cannot make a step id from the title '\(step.title)'", at: step.idSpan,
                    help: ["write an id before the title, as in `### summarize: \(step.title)`"])
            } else {
                let fixed = Names.identifier(from: step.id)
                context.report(
                    .invalidStepID, "step id '\(step.id)' is not a valid identifier", at: step.idSpan,
                    help: ["ids start with a lowercase letter and hold lowercase letters, digits and '_', at most 64 characters"],
                    fixIts: step.hasExplicitID && !fixed.isEmpty ? [.replace(step.idSpan, with: fixed, "use '\(fixed)'")] : [])
            }
            return
        }
        if let first = seen[step.id] {
            let how = step.hasExplicitID ? "" : " (made from the title)"
            context.report(
                .duplicateStepID, "duplicate step id '\(step.id)'\(how)", at: step.idSpan,
                notes: [context.note("'\(step.id)' is first used here", at: first)],
                help: ["give this step its own id: `### another_id: \(step.title)`"])
        } else {
            seen[step.id] = step.idSpan
        }
    }
}
