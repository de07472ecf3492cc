extension Catalog {
    /// A small v0 workflow, for the examples of the migration codes.
    static let v0Example = """
        ---
        workflow:
          id: hello
          version: "1.0.0"
        ---

        # Hello

        ## Step 1: Greet
        ```yaml
        action: agent.generate_response
        task: Say hello
        ```

        """

    static let migrationEntries: [CatalogEntry] = [
        CatalogEntry(
            701, .error, "v0-workflow", "file is a workflow of aiworkflow 0.1 (v0)",
            explanation: """
                The frontmatter has a `workflow:` mapping and no `name`: the file is written for \
                the earlier Python aiworkflow 0.1, whose format this toolchain does not run. \
                `aiwc check` reports this one diagnostic instead of one per v0 key; `aiwc migrate` \
                writes the file in this format, says what it could not carry, and checks the \
                result (docs/migrating.md).
                """,
            example: v0Example,
            fix: "---\nname: hello\nversion: 1.0.0\n---\n\n# Hello\n\n## Steps\n\n### step_1: Greet\nSay hello\n"
        ),
        CatalogEntry(
            702, .error, "v0-unreadable", "part of a v0 file cannot be read",
            explanation: """
                `aiwc migrate` reads v0 frontmatter, `yaml` blocks and configuration files as \
                YAML. A part that is broken YAML, or not the mapping v0 expects, cannot be \
                translated: the migrated file keeps it as a comment (or leaves it out of the \
                configuration) and this error says where it was. Fix the v0 file and migrate \
                again, or finish that part by hand.
                """,
            trigger: "`aiwc migrate` on a v0 file whose frontmatter or `yaml` action block is broken YAML, or a configuration file that is not a mapping."
        ),
        CatalogEntry(
            703, .warning, "v0-setting-changed", "a v0 setting is not carried as it was",
            explanation: """
                Some v0 settings have no counterpart here: `author`, `risk_level`, \
                `estimated_duration`, `requirements.permissions`, `execution.error_handling: \
                rollback`, `fallback`, `agent_hints`, `output_file`, disabled or `event` \
                triggers, and parts of the configuration files. `aiwc migrate` keeps each as a \
                `# v0:` comment where it stood, so that nothing is lost silently, and says so \
                here. The same code marks what is carried but changed on the way: an id that is \
                not a workflow name, a version that is not semantic, an MCP command guessed \
                from a package name, an agent kind guessed from its provider.
                """,
            trigger: "`aiwc migrate` on a v0 file with a setting that has no equivalent, such as `risk_level: high`."
        ),
        CatalogEntry(
            704, .warning, "v0-agent-dropped", "a v0 agent is not carried as it was",
            explanation: """
                v0 `compatibility.agents` listed agent names with a level. The `recommended` \
                agent becomes `agent.preferred` and the others `agent.fallback`, in order. When \
                the project has an agents file, an agent it does not define is dropped; one v0 \
                marked `partial` or `experimental` is kept as a fallback with this warning.
                """,
            trigger: "`aiwc migrate` on a v0 workflow whose `compatibility.agents` names an unknown agent."
        ),
        CatalogEntry(
            705, .warning, "v0-on-error", "a v0 on_error policy is carried only in part",
            explanation: """
                v0 `on_error` chose an action by error code: `retry` and \
                `exponential_backoff` become the step's `retry`, `log_and_continue` and \
                `continue` become `continue_on_error: true`, `stop` is the default. Error codes, \
                `refresh_credentials`, `rollback` and `notify` have no equivalent: the whole \
                v0 policy is kept as a comment in the action block.
                """,
            trigger: "`aiwc migrate` on a v0 step whose `on_error` uses error codes or `refresh_credentials`."
        ),
        CatalogEntry(
            706, .warning, "v0-condition", "a v0 condition cannot be translated",
            explanation: """
                v0 `conditions` were strings, all of which had to hold; v0 understood only `==` \
                and `>=`. Each is translated into an expression, and several are joined with \
                `&&`. A condition whose syntax is not an expression is kept inside `{{ }}` as \
                written, so that `aiwc check` reports it rather than the step running without it.
                """,
            trigger: "`aiwc migrate` on a v0 step with a condition such as `results contains error`."
        ),
        CatalogEntry(
            707, .warning, "v0-template", "a v0 template cannot be translated",
            explanation: """
                v0 templates used single braces: `{inputs.x}` and `{variable.path}`, where a \
                variable is an earlier step's `output_variable`. They become `{{ inputs.x }}` and \
                `{{ steps.ID.output.path }}`. A reference v0 never defined is kept as an \
                expression, which `aiwc check` then reports, instead of the silent text v0 \
                produced; a Jinja `{% … %}` block without an equivalent is kept as text.
                """,
            trigger: "`aiwc migrate` on a v0 prompt with `{% for x in items %}` or `{unknown_variable}`."
        ),
        CatalogEntry(
            708, .warning, "v0-step-heading", "a v0 step heading is numbered irregularly",
            explanation: """
                v0 steps are headings `Step N: Title`, `Step N.M: Title` or `N. Title`, and each \
                step's id is `step_N` (`step_3_1` for 3.1). A sub-step, a bare number or a number \
                used twice still gets an id (a repeat gets a suffix), and this warning shows where.
                """,
            trigger: "`aiwc migrate` on a v0 workflow with a heading `Step 3.1: Check` or `1. Fetch`, or two steps numbered 2."
        ),
        CatalogEntry(
            709, .warning, "v0-routing-rules", "v0 routing_rules have no equivalent",
            explanation: """
                v0 `routing_rules` in the agents file chose an agent by an expression at run \
                time. Here a workflow names its `agent.preferred` and `fallback`, and a step \
                may name its own `agent`; the rules are kept as a comment in the migrated \
                agents file.
                """,
            trigger: "`aiwc migrate` on a v0 .aiworkflow/agents/capabilities.yaml with `routing_rules`."
        ),
        CatalogEntry(
            710, .warning, "v0-cron-weekday", "a v0 cron schedule names days of the week",
            explanation: """
                v0 counted the day of the week from Monday as 0. Cron, and this toolchain, \
                count Sunday as 0 (and 7): the migrated schedule is kept as written, so a v0 \
                schedule with a numeric day runs on the standard day, not v0's. Check that the \
                day is the one meant, or use names (`MON-FRI`).
                """,
            trigger: "`aiwc migrate` on a v0 schedule such as `0 9 * * 1`."
        ),
        CatalogEntry(
            711, .warning, "v0-webhook", "a v0 webhook cannot be attached as it was",
            explanation: """
                v0 webhooks lived in .aiworkflow/triggers/webhooks.yaml, each naming its \
                `workflow_id`; here they are `triggers` of the workflow. A webhook whose \
                workflow is not in the project, or that is disabled, is left out; a `secret` \
                becomes the name of a secret read from the environment.
                """,
            trigger: "`aiwc migrate` on a v0 webhooks.yaml entry whose `workflow_id` matches no workflow."
        ),
        CatalogEntry(
            712, .error, "v0-configuration", "registry file is in the aiworkflow 0.1 (v0) format",
            explanation: """
                The agents file or the tool registry is written for the earlier Python \
                aiworkflow 0.1: agents with a `provider` and a mapping of capabilities, \
                `routing_rules`, or a list of tools with `name` keys. aiwc reports this one \
                diagnostic instead of one per v0 setting, and checks the project's workflows as \
                if the file were absent. `aiwc migrate` translates it (docs/migrating.md).
                """,
            trigger: "A .aiworkflow/tools/registry.yaml whose `tools` is a list, or an agents file with `routing_rules`.",
            toolsExample: "tools:\n  - name: gmail\n    implementations:\n      - type: mcp\n        package: \"@gongrzhe/server-gmail-autoauth-mcp\"\n",
            toolsFix: "tools:\n  gmail:\n    implementations:\n      - type: mcp\n        command: [npx, -y, \"@gongrzhe/server-gmail-autoauth-mcp\"]\n"
        ),
    ]
}
