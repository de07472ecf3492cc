import Diagnostics
import Syntax

/// Checks the frontmatter and every `action` block against ``LanguageSchema``.
struct SchemaCheck: Check {
    static let visits: CheckVisits = [.frontmatter, .actions]

    mutating func visitFrontmatter(_ frontmatter: Frontmatter, _ context: inout CheckContext) {
        let validator = SchemaValidator(file: context.file)
        if let root = frontmatter.root, root.mapping == nil {
            context.report(
                .typeMismatch, "the frontmatter must be a mapping of keys to values, found \(root.kindDescription)", at: root.span)
            return
        }
        validator.validate(root: frontmatter.root, LanguageSchema.frontmatter, anchor: frontmatter.openSpan, into: &context.sink)
    }

    mutating func visitAction(_ action: ActionBlock, in step: StepSyntax?, _ context: inout CheckContext) {
        guard let root = action.root else { return }
        guard root.mapping != nil else {
            context.report(
                .typeMismatch, "an action block must be a mapping of settings, found \(root.kindDescription)", at: root.span)
            return
        }
        SchemaValidator(file: context.file).validate(root: root, LanguageSchema.action, anchor: action.fenceSpan, into: &context.sink)
    }
}
