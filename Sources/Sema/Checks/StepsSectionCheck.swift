import Diagnostics
import Syntax

/// The body's shape: one `## Steps` section (AIW210, AIW226) holding steps (AIW211), no text
/// before its first step (AIW250), no `action` block outside a step (AIW221).
struct StepsSectionCheck: Check {
    static let visits: CheckVisits = [.leave]

    mutating func leaveWorkflow(_ workflow: WorkflowSyntax, _ context: inout CheckContext) {
        guard workflow.hasBody else { return }
        for block in workflow.orphanActions {
            context.report(
                .actionOutsideStep, "this action block is outside any step and configures nothing", at: block.fenceSpan,
                help: ["move it under the `### id: Title` heading of the step it belongs to"])
        }
        guard let steps = workflow.stepsHeading else {
            let file = context.file
            let anchor = workflow.frontmatter.map { fm -> Span in
                let next = file.lineIndex(at: fm.span.end) + 1
                return Span.point(next < file.lineCount ? file.lineStarts[next] : file.bytes.count)
            } ?? Span.point(0)
            let at = workflow.title?.span ?? anchor
            context.report(
                .missingSteps, "the workflow has no `## Steps` section", at: at,
                help: ["add a `## Steps` heading, then one `### id: Title` heading per step"])
            return
        }
        for extra in workflow.extraStepsHeadings {
            context.report(
                .duplicateStepsSection, "a second `## Steps` section", at: extra.span,
                notes: [context.note("the first `## Steps` section starts here", at: steps.span)],
                help: ["merge the steps into the first section"])
        }
        if workflow.steps.isEmpty {
            context.report(
                .emptySteps, "`## Steps` holds no step", at: steps.span,
                help: ["add a `### id: Title` heading for each step, followed by its prompt"])
        } else if let first = firstNonBlankLine(workflow.strayContent, in: context.file) {
            context.report(
                .strayStepsContent, "text between `## Steps` and the first step belongs to no step", at: first,
                help: ["move it above `## Steps` to give every agent context, or into a step"])
        }
    }

    private func firstNonBlankLine(_ prose: Prose, in file: SourceFile) -> Span? {
        for segment in prose.segments {
            var line = file.lineIndex(at: segment.start)
            while line < file.lineCount, file.lineStarts[line] < segment.end {
                let r = file.lineRange(line)
                if file.bytes[r].contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                    return Span(start: r.lowerBound, end: r.upperBound)
                }
                line += 1
            }
        }
        return nil
    }
}
