extension Catalog {
    private static let team = "inputs:\n  team: { type: string, default: everyone }\n"

    static let expressionEntries: [CatalogEntry] = [
        CatalogEntry(
            301, .error, "expression-syntax", "`{{ }}` expression does not parse",
            explanation: """
                The text between `{{` and `}}` must be one expression of the language \
                (Grammar/expressions.ebnf): literals, names such as `inputs.mailbox`, `.field` \
                and `[index]`, function calls, and the operators `! - * / % + < <= > >= == != \
                in && || ?:`. The diagnostic points at the first token that does not fit; the \
                rest of that expression is not read.
                """,
            example: workflow(front: team, steps: "### greet: Say hello\nSay hello to {{ inputs.team + }}.\n"),
            fix: workflow(front: team, steps: "### greet: Say hello\nSay hello to {{ inputs.team + \"!\" }}.\n")
        ),
        CatalogEntry(
            302, .error, "unclosed-expression", "`{{` is not closed by `}}`",
            explanation: """
                Every `{{` opens an expression that a `}}` on the same text closes. To write a \
                literal `{{`, write the expression `{{ "{{" }}`.
                """,
            example: workflow(front: team, steps: "### greet: Say hello\nSay hello to {{ inputs.team.\n"),
            fix: workflow(front: team, steps: "### greet: Say hello\nSay hello to {{ inputs.team }}.\n")
        ),
        CatalogEntry(
            303, .error, "empty-expression", "`{{ }}` holds no expression",
            explanation: """
                An expression cannot be empty. Write the value to insert, or remove the braces; \
                a literal `{{` is written `{{ "{{" }}`.
                """,
            example: workflow(front: team, steps: "### greet: Say hello\nSay hello to {{ }}.\n"),
            fix: workflow(steps: "### greet: Say hello\nSay hello to the team.\n")
        ),
    ]
}
