import Diagnostics
import Syntax

/// Retry settings that contradict each other (AIW251, a warning).
struct RetryConsistencyCheck: Check {
    static let visits: CheckVisits = [.frontmatter, .actions]

    mutating func visitFrontmatter(_ frontmatter: Frontmatter, _ context: inout CheckContext) {
        check(frontmatter.root?["retry"], &context)
    }

    mutating func visitAction(_ action: ActionBlock, in step: StepSyntax?, _ context: inout CheckContext) {
        check(action.root?["retry"], &context)
    }

    private func check(_ retry: YAMLNode?, _ context: inout CheckContext) {
        guard let retry, retry.mapping != nil else { return }
        if let initial = duration(retry["initial"]), let maxNode = retry["max"], let max = duration(maxNode), max < initial {
            context.report(
                .inconsistentRetry, "'retry.max' is shorter than 'retry.initial', so the interval never grows",
                at: maxNode.span, help: ["make 'max' at least as long as 'initial'"])
        }
        if retry["backoff"]?.scalar?.text == "fixed", let multiplier = retry.pair("multiplier") {
            context.report(
                .inconsistentRetry, "'retry.multiplier' has no effect with 'backoff: fixed'",
                at: multiplier.keySpan, help: ["remove 'multiplier', or use 'backoff: exponential'"])
        }
    }

    private func duration(_ node: YAMLNode?) -> Int64? {
        guard let text = node?.scalar?.text, case .success(let d) = Duration.parse(text) else { return nil }
        return d.milliseconds
    }
}
