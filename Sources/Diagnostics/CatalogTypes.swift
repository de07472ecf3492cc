extension Catalog {
    /// A workflow with the inputs `limit` (integer) and `team` (string) and one step whose
    /// prompt is `prompt` and whose action block is `action` (if any).
    private static func typed(_ prompt: String, action: String? = nil, front: String = "") -> String {
        let block = action.map { "```action\n\($0)\n```\n" } ?? ""
        return workflow(
            front: "inputs:\n  limit: { type: integer, default: 10 }\n  team: { type: string, default: everyone }\n" + front,
            steps: "### greet: Say hello\n\(prompt)\n\(block)")
    }

    private static let listed = "Greet {{ inputs.team }}, at most {{ inputs.limit }} people."

    private static let classify = """
        ### classify: Classify
        Classify the messages.
        ```action
        output:
          type: object
          properties:
            urgent: { type: array, items: { type: string } }
            count: { type: integer }
        ```

        """

    static let typeEntries: [CatalogEntry] = [
        CatalogEntry(
            340, .error, "operand-type", "operator applied to values of the wrong type",
            explanation: """
                Arithmetic (`- * / %`, unary `-`) takes numbers; `+` adds numbers, joins two \
                strings or two arrays; `< <= > >=` compare two numbers or two strings; `&&`, `||`, \
                `!` and the condition of `?:` take booleans; `in` looks in an array, an object \
                (for a key) or a string (for a substring); an index is an integer (arrays, \
                strings) or a string (objects). A value of type `any` (a tool's result, \
                `fromJSON`, a webhook body) is accepted by every rule and checked at run time.
                """,
            example: typed("Greet {{ inputs.team }} and {{ inputs.limit - inputs.team }} others."),
            fix: typed("Greet {{ inputs.team }} and {{ inputs.limit - 1 }} others.")
        ),
        CatalogEntry(
            341, .error, "condition-not-boolean", "`if` is not a boolean",
            explanation: """
                A step's `if` decides whether it runs, so it must be a boolean: `true`, `false` \
                or one `{{ }}` expression whose type is boolean. Text is not a condition (there \
                is no truthiness: the text `"false"` would be as true as any other); compare it \
                instead. For a string expression a fix-it adds `!= ''`.
                """,
            example: typed(listed, action: "if: \"{{ inputs.team }}\""),
            fix: typed(listed, action: "if: \"{{ inputs.team != '' }}\"")
        ),
        CatalogEntry(
            342, .error, "foreach-not-array", "`foreach` is not an array",
            explanation: """
                `foreach` runs a step once per element of a list: a YAML list, or one `{{ }}` \
                expression whose type is an array. An agent step's output is text unless it \
                has an `output` schema; give that step a schema of type `array`.
                """,
            example: typed(listed + " Hello {{ item }}.", action: "foreach: \"{{ inputs.team }}\""),
            fix: typed(listed + " Hello {{ item }}.", action: "foreach: \"{{ split(inputs.team, ',') }}\"")
        ),
        CatalogEntry(
            343, .error, "argument-count", "function called with the wrong number of arguments",
            explanation: """
                Each library function takes a fixed number of arguments, some of them optional \
                (docs/language.md §9.6). The help shows the signature.
                """,
            example: typed("Greet {{ upper(inputs.team, 'x') }}, at most {{ inputs.limit }} people."),
            fix: typed("Greet {{ upper(inputs.team) }}, at most {{ inputs.limit }} people.")
        ),
        CatalogEntry(
            344, .error, "argument-type", "function argument has the wrong type",
            explanation: """
                Each parameter of a library function accepts certain types (docs/language.md \
                §9.6); an argument of type `any` is accepted and checked at run time. Some \
                functions check more: `format` counts its placeholders against its values, \
                `contains` compares the needle with the array's element type.
                """,
            example: typed("Greet {{ upper(inputs.limit) }} of {{ inputs.team }}."),
            fix: typed("Greet {{ inputs.limit }} of {{ upper(inputs.team) }}.")
        ),
        CatalogEntry(
            345, .error, "not-an-object", "field or index of a value that has none",
            explanation: """
                Only objects have fields, and only arrays, strings and objects can be indexed. \
                An agent step without an `output` schema yields text: to read fields from it, \
                give the step a schema (or parse JSON text with `fromJSON`).
                """,
            example: workflow(steps: "### draft: Draft\nDraft a note.\n\n### send: Send\nSend {{ steps.draft.output.subject }}.\n"),
            fix: workflow(steps: "### draft: Draft\nDraft a note.\n```action\noutput: { type: object, properties: { subject: { type: string } } }\n```\n\n### send: Send\nSend {{ steps.draft.output.subject }}.\n")
        ),
        CatalogEntry(
            346, .error, "never-equal", "comparison of values that can never be equal",
            explanation: """
                `==` and `!=` between a string and a number (or a boolean, an array, an \
                object) are always false and always true: there is no conversion. Likewise \
                `in` an array whose elements have another type. Compare values of one type.
                """,
            example: workflow(steps: classify + "### report: Report\nReport {{ steps.classify.output.count == '0' ? 'nothing' : 'the urgent ones' }}.\n"),
            fix: workflow(steps: classify + "### report: Report\nReport {{ steps.classify.output.count == 0 ? 'nothing' : 'the urgent ones' }}.\n")
        ),
    ]
}
