extension Catalog {
    private static let team = "inputs:\n  team: { type: string, default: everyone }\n"

    /// A workflow with one input `limit` declared as `decl`, used by its step.
    private static func withInput(_ decl: String) -> String {
        workflow(front: "inputs:\n  limit: \(decl)\n", steps: "### fetch: Fetch\nFetch at most {{ inputs.limit }} messages.\n")
    }

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
        CatalogEntry(
            310, .error, "unknown-name", "unknown name in an expression",
            explanation: """
                A path starts with one of `inputs`, `steps`, `env`, `secrets`, `trigger`, \
                `run`, `workflow`, or `item`/`index` inside a `foreach` step. When the name \
                is an input or a step, the help says how to reach it.
                """,
            example: workflow(front: team, steps: "### greet: Say hello\nSay hello to {{ input.team }}.\n"),
            fix: workflow(front: team, steps: "### greet: Say hello\nSay hello to {{ inputs.team }}.\n")
        ),
        CatalogEntry(
            311, .error, "unknown-input", "`inputs.NAME` names no declared input",
            explanation: """
                `inputs.NAME` reads an input declared under the frontmatter's `inputs`. The \
                help names the closest declared inputs.
                """,
            example: workflow(front: team, steps: "### greet: Say hello\nSay hello to {{ inputs.teams }}.\n"),
            fix: workflow(front: team, steps: "### greet: Say hello\nSay hello to {{ inputs.team }}.\n")
        ),
        CatalogEntry(
            312, .error, "unknown-step", "`steps.ID` names no step",
            explanation: """
                `steps.ID.output` reads the output of the step whose id is ID (the word before \
                `:` in its heading, or the id made from its title).
                """,
            example: workflow(steps: "### draft: Draft\nDraft a note.\n\n### send: Send\nSend {{ steps.drafts.output }}.\n"),
            fix: workflow(steps: "### draft: Draft\nDraft a note.\n\n### send: Send\nSend {{ steps.draft.output }}.\n")
        ),
        CatalogEntry(
            313, .error, "step-not-yet-run", "a step refers to itself or to a later step",
            explanation: """
                Steps run in order, so a step can read only the outputs of the steps before \
                it; this also means a workflow can have no cycle. A note points at the step \
                referred to. Workflow `outputs` may refer to every step.
                """,
            example: workflow(steps: "### send: Send\nSend {{ steps.draft.output }}.\n\n### draft: Draft\nDraft a note.\n"),
            fix: workflow(steps: "### draft: Draft\nDraft a note.\n\n### send: Send\nSend {{ steps.draft.output }}.\n")
        ),
        CatalogEntry(
            314, .error, "undeclared-secret", "`secrets.NAME` is not declared",
            explanation: """
                A secret is read from the environment at run time only when the workflow \
                declares its name in `secrets`, so that a plan lists every secret it needs.
                """,
            example: workflow(steps: "### push: Push\n```action\nrun: [git, push]\nenv: { TOKEN: \"{{ secrets.GIT_TOKEN }}\" }\n```\n"),
            fix: workflow(front: "secrets: [GIT_TOKEN]\n", steps: "### push: Push\n```action\nrun: [git, push]\nenv: { TOKEN: \"{{ secrets.GIT_TOKEN }}\" }\n```\n")
        ),
        CatalogEntry(
            315, .error, "undeclared-env", "`env.NAME` is not declared",
            explanation: """
                `env.NAME` reads a variable declared in the frontmatter's `env`, or in the \
                `env` of the step's own action block.
                """,
            example: workflow(steps: "### greet: Say hello\nSay hello in {{ env.LANG }}.\n"),
            fix: workflow(front: "env: { LANG: en }\n", steps: "### greet: Say hello\nSay hello in {{ env.LANG }}.\n")
        ),
        CatalogEntry(
            316, .error, "unknown-field", "field does not exist",
            explanation: """
                `steps.ID` has the fields `output` and `status`; `run` has `id` and \
                `started_at`; `workflow` has `name` and `version`; `trigger` has `kind` and \
                the fields of the trigger kinds the workflow declares (a webhook's `body`, \
                a schedule's `time`…). Under `steps.ID.output`, the fields are those of the \
                step's `output` schema (`properties`, unless `additionalProperties` allows \
                more), with a note at the schema.
                """,
            example: workflow(steps: "### draft: Draft\nDraft a note.\n\n### send: Send\nSend {{ steps.draft.result }}.\n"),
            fix: workflow(steps: "### draft: Draft\nDraft a note.\n\n### send: Send\nSend {{ steps.draft.output }}.\n")
        ),
        CatalogEntry(
            317, .error, "unknown-function", "function is not in the library",
            explanation: """
                Expressions call a fixed library of functions: `contains`, `default`, \
                `endsWith`, `first`, `format`, `fromJSON`, `join`, `keys`, `last`, `len`, \
                `lower`, `max`, `min`, `replace`, `round`, `slice`, `split`, `startsWith`, \
                `toJSON`, `trim`, `upper`, `values`.
                """,
            example: workflow(front: team, steps: "### greet: Say hello\nSay hello to {{ uppercase(inputs.team) }}.\n"),
            fix: workflow(front: team, steps: "### greet: Say hello\nSay hello to {{ upper(inputs.team) }}.\n")
        ),
        CatalogEntry(
            318, .error, "item-outside-foreach", "`item` or `index` outside a `foreach` step",
            explanation: """
                `item` and `index` are the current element and its position while a step runs \
                once per element of its `foreach` list; elsewhere, including in the `foreach` \
                value itself, they do not exist.
                """,
            example: workflow(steps: "### greet: Say hello\nSay hello to {{ item }}.\n"),
            fix: workflow(steps: "### greet: Say hello\nSay hello to {{ item }}.\n```action\nforeach: \"{{ ['Ann', 'Bo'] }}\"\n```\n")
        ),
        CatalogEntry(
            320, .warning, "unused-input", "input is never used",
            explanation: """
                An input that no expression reads still has to be given (or defaulted) by \
                every caller; it is usually left over from an edit, or its use is misspelt.
                """,
            example: workflow(front: team + "  tone: { type: string, default: warm }\n", steps: "### greet: Say hello\nSay hello to {{ inputs.team }}.\n"),
            fix: workflow(front: team, steps: "### greet: Say hello\nSay hello to {{ inputs.team }}.\n")
        ),
        CatalogEntry(
            321, .warning, "unused-secret", "secret is never used",
            explanation: """
                A secret that nothing reads is still demanded from the environment of every \
                run; it is usually left over from an edit. A secret is read by an expression \
                (`{{ secrets.NAME }}`), by a webhook's `secret`, by a tool the workflow lists \
                (its implementations' `auth.secret` and `secrets` in the tool registry), or by \
                an agent the workflow names (its `api_key_env`). Not reported when the \
                workflow lists a tool or names an agent that no registry defines, since that \
                one might read any secret.
                """,
            example: workflow(front: "secrets: [API_KEY, OLD_TOKEN]\n", steps: "### call: Call\n```action\nrun: [./call.sh]\nenv: { API_KEY: \"{{ secrets.API_KEY }}\" }\n```\n"),
            fix: workflow(front: "secrets: [API_KEY]\n", steps: "### call: Call\n```action\nrun: [./call.sh]\nenv: { API_KEY: \"{{ secrets.API_KEY }}\" }\n```\n")
        ),
        CatalogEntry(
            322, .warning, "secret-in-prompt", "secret in an agent's prompt",
            explanation: """
                A step's prompt is sent to the agent's model provider, and with it any secret \
                interpolated into it. Secrets belong in `run`, `env` and tool `with`, where \
                they stay on the machine or go only to the tool they are for.
                """,
            example: workflow(front: "secrets: [API_KEY]\n", steps: "### ask: Ask\nCall the API with key {{ secrets.API_KEY }}.\n"),
            fix: workflow(front: "secrets: [API_KEY]\n", steps: "### ask: Ask\nCall the API with the key in $API_KEY.\n```action\nenv: { API_KEY: \"{{ secrets.API_KEY }}\" }\n```\n")
        ),
        CatalogEntry(
            323, .warning, "constant-condition", "`if` is constant",
            explanation: """
                An `if` whose value is a literal (`true`, `{{ false }}`) decides nothing: the \
                step always runs, or never does. It is usually a leftover from debugging.
                """,
            example: workflow(steps: "### greet: Say hello\nSay hello.\n```action\nif: \"{{ false }}\"\n```\n"),
            fix: workflow()
        ),
        CatalogEntry(
            330, .error, "input-type-mismatch", "input `default` or `enum` value has the wrong type",
            explanation: """
                An input's `default` and the values of its `enum` must have the input's \
                declared `type`; otherwise the run would start with a value that its own \
                declaration refuses. A string value that YAML reads as a number or a boolean \
                gets a fix-it that quotes it.
                """,
            example: withInput("{ type: integer, default: ten }"),
            fix: withInput("{ type: integer, default: 10 }")
        ),
        CatalogEntry(
            331, .error, "constraint-not-applicable", "input constraint does not apply to its type",
            explanation: """
                `minimum` and `maximum` constrain integer and number inputs; `pattern` \
                constrains string inputs. On another type they would be silently ignored.
                """,
            example: withInput("{ type: string, default: \"10\", minimum: 1 }"),
            fix: withInput("{ type: integer, default: 10, minimum: 1 }")
        ),
        CatalogEntry(
            332, .error, "default-violates-constraint", "input `default` breaks its own constraints",
            explanation: """
                A `default` must be one of the input's `enum` values, within its `minimum` and \
                `maximum`, and match its `pattern`; and `maximum` must not be below `minimum`.
                """,
            example: withInput("{ type: integer, default: 500, minimum: 1, maximum: 200 }"),
            fix: withInput("{ type: integer, default: 50, minimum: 1, maximum: 200 }")
        ),
        CatalogEntry(
            333, .error, "invalid-pattern", "input `pattern` is not a regular expression",
            explanation: """
                An input's `pattern` is a regular expression (the syntax of Swift's `Regex`, \
                close to PCRE) that a value must match somewhere; one that does not compile \
                would refuse every value at run time.
                """,
            example: withInput("{ type: string, default: \"10\", pattern: \"^[0-9+$\" }"),
            fix: withInput("{ type: string, default: \"10\", pattern: \"^[0-9]+$\" }")
        ),
    ]
}
