extension Catalog {
    static let structureEntries: [CatalogEntry] = [
        CatalogEntry(
            201, .error, "unknown-key", "key is not part of the language",
            explanation: """
                Every key of the frontmatter, of its nested settings and of an `action` block is \
                checked against the language; an unknown key is almost always a typo and would \
                otherwise be silently ignored. The help line names the closest valid keys.
                """,
            example: workflow(front: "retyr: { max_attempts: 3 }\n"),
            fix: workflow(front: "retry: { max_attempts: 3 }\n")
        ),
        CatalogEntry(
            202, .error, "missing-key", "required key is missing",
            explanation: """
                `name` and `version` are required in the frontmatter; `cron` in a schedule \
                mapping, `path` in a webhook or watch trigger, and `type` in an input declaration \
                are required where they appear.
                """,
            example: "---\nname: hello\n---\n\n## Steps\n\n### greet: Say hello\nSay hello.\n",
            fix: workflow()
        ),
        CatalogEntry(
            203, .error, "type-mismatch", "value has the wrong type",
            explanation: """
                A key was given a value of the wrong kind: a string where a list is expected, a \
                mapping where a number is expected, and so on. Quoted scalars are always strings; \
                plain `true`/`false` are booleans and plain numbers are numbers.
                """,
            example: workflow(front: "tools: gmail\n"),
            fix: workflow(front: "tools: [gmail]\n")
        ),
        CatalogEntry(
            204, .error, "invalid-name", "workflow name is not a slug",
            explanation: """
                A workflow's `name` identifies it in plans, run histories and metrics: lowercase \
                letters and digits in words joined by single hyphens (`email-triage`), at most 64 \
                characters.
                """,
            example: "---\nname: Email Triage\nversion: 1.0.0\n---\n\n## Steps\n\n### greet: Say hello\nSay hello.\n",
            fix: "---\nname: email-triage\nversion: 1.0.0\n---\n\n## Steps\n\n### greet: Say hello\nSay hello.\n"
        ),
        CatalogEntry(
            205, .error, "invalid-version", "version is not a semantic version",
            explanation: """
                `version` follows Semantic Versioning 2.0.0: `MAJOR.MINOR.PATCH`, numbers without \
                leading zeros, an optional `-prerelease` and `+build`.
                """,
            example: "---\nname: hello\nversion: 1.2\n---\n\n## Steps\n\n### greet: Say hello\nSay hello.\n",
            fix: "---\nname: hello\nversion: 1.2.0\n---\n\n## Steps\n\n### greet: Say hello\nSay hello.\n"
        ),
        CatalogEntry(
            206, .error, "invalid-duration", "malformed duration",
            explanation: """
                Durations are one or more numbers with units, largest unit first, each unit at \
                most once: `250ms`, `2s`, `5m`, `1h30m`, `1d`. A bare number is refused because \
                its unit would be a guess.
                """,
            example: workflow(front: "timeout: 30\n"),
            fix: workflow(front: "timeout: 30s\n")
        ),
        CatalogEntry(
            207, .error, "invalid-cron", "malformed cron expression",
            explanation: """
                A schedule is five fields (minute 0–59, hour 0–23, day of month 1–31, month 1–12 \
                or JAN–DEC, day of week 0–7 or SUN–SAT, 0 and 7 both Sunday) with `*`, lists, \
                ranges and steps, or one of `@hourly`, `@daily`, `@weekly`, `@monthly`, \
                `@yearly`. The diagnostic points at the field that is wrong and says why.
                """,
            example: workflow(front: "triggers:\n  - schedule: \"61 8 * * MON-FRI\"\n"),
            fix: workflow(front: "triggers:\n  - schedule: \"1 8 * * MON-FRI\"\n")
        ),
        CatalogEntry(
            208, .error, "invalid-choice", "value is not one of the allowed choices",
            explanation: """
                Some settings take one of a fixed set of words: `backoff` (`exponential`, \
                `fixed`), an input's `type`, `failover.on`, watch `events`, webhook `methods`.
                """,
            example: workflow(front: "retry: { backoff: linear }\n"),
            fix: workflow(front: "retry: { backoff: fixed }\n")
        ),
        CatalogEntry(
            209, .error, "out-of-range", "number outside its allowed range",
            explanation: """
                Counts such as `max_attempts`, `failures` and `max_switches` have lower (and some \
                upper) bounds; `multiplier` must be at least 1 so that intervals never shrink.
                """,
            example: workflow(front: "retry: { max_attempts: 0 }\n"),
            fix: workflow(front: "retry: { max_attempts: 1 }\n")
        ),
        CatalogEntry(
            210, .error, "missing-steps", "body has no `## Steps` section",
            explanation: """
                The steps of a workflow are the `###` headings under a level-two heading `Steps`. \
                Without that section the workflow does nothing.
                """,
            example: "---\nname: hello\nversion: 1.0.0\n---\n# Hello\n\n### greet: Say hello\nSay hello.\n",
            fix: "---\nname: hello\nversion: 1.0.0\n---\n# Hello\n\n## Steps\n\n### greet: Say hello\nSay hello.\n"
        ),
        CatalogEntry(
            211, .error, "empty-steps", "`## Steps` holds no step",
            explanation: """
                Each step is a level-three heading (`### id: Title`) under `## Steps`; the section \
                has none.
                """,
            example: workflow(steps: "Say hello.\n"),
            fix: workflow()
        ),
        CatalogEntry(
            212, .error, "duplicate-step-id", "two steps share an id",
            explanation: """
                Step ids name step outputs (`steps.ID.output`) and checkpoints, so each must be \
                unique. The diagnostic is on the second heading; a note points at the first.
                """,
            example: workflow(steps: "### greet: Say hello\nSay hello.\n\n### greet: Say goodbye\nSay goodbye.\n"),
            fix: workflow(steps: "### greet: Say hello\nSay hello.\n\n### farewell: Say goodbye\nSay goodbye.\n")
        ),
        CatalogEntry(
            213, .error, "invalid-step-id", "step id is not a valid identifier",
            explanation: """
                A step id starts with a lowercase letter and holds lowercase letters, digits and \
                underscores (`fetch`, `step_2`), at most 64 characters, so that it can be written \
                in expressions. Without an `id:` prefix the id is made from the title.
                """,
            example: workflow(steps: "### Fetch-Mail: Fetch unread mail\nFetch the unread mail.\n"),
            fix: workflow(steps: "### fetch_mail: Fetch unread mail\nFetch the unread mail.\n")
        ),
        CatalogEntry(
            214, .error, "empty-step", "step has neither a prompt nor an action",
            explanation: """
                A step's prose is the prompt sent to its agent; a step can instead run a tool or \
                a command from its `action` block. A step with neither has nothing to do.
                """,
            example: workflow(steps: "### greet: Say hello\n\n### wave: Wave\nWave at the team.\n"),
            fix: workflow(steps: "### greet: Say hello\nSay hello.\n\n### wave: Wave\nWave at the team.\n")
        ),
        CatalogEntry(
            215, .error, "run-not-list", "`run` is a string instead of an argument vector",
            explanation: """
                Commands run without a shell, so `run` is a list: the program and then each \
                argument. A single string would need shell word-splitting and quoting rules, the \
                source of injection bugs; write the list, or run `sh -c` explicitly if a shell \
                is really wanted.
                """,
            example: workflow(steps: "### log: Show history\n```action\nrun: git log --oneline\n```\n"),
            fix: workflow(steps: "### log: Show history\n```action\nrun: [git, log, --oneline]\n```\n")
        ),
        CatalogEntry(
            216, .error, "multiple-action-blocks", "more than one `action` block in a step",
            explanation: """
                A step has at most one `action` block; merge the settings into one, or split the \
                step in two. A note points at the first block.
                """,
            example: workflow(steps: "### greet: Say hello\nSay hello.\n```action\ntimeout: 1m\n```\n```action\nretry: { max_attempts: 2 }\n```\n"),
            fix: workflow(steps: "### greet: Say hello\nSay hello.\n```action\ntimeout: 1m\nretry: { max_attempts: 2 }\n```\n")
        ),
        CatalogEntry(
            217, .error, "conflicting-step-kinds", "step is several kinds at once",
            explanation: """
                A step either asks an agent (its prompt, optionally with `agent`), calls a tool \
                (`tool`) or runs a command (`run`). `tool` and `run`, `agent` and `tool`, or \
                `agent` and `run` together are contradictory.
                """,
            example: workflow(front: "tools: [git]\n", steps: "### log: Show history\n```action\ntool: git.log\nrun: [git, log]\n```\n"),
            fix: workflow(steps: "### log: Show history\n```action\nrun: [git, log]\n```\n")
        ),
        CatalogEntry(
            218, .error, "with-without-tool", "`with` on a step that calls no tool",
            explanation: """
                `with` holds a tool's arguments; on an agent or command step it would be ignored. \
                Put values an agent needs into its prompt, and arguments of a command into `run`.
                """,
            example: workflow(steps: "### greet: Say hello\nSay hello.\n```action\nwith: { name: team }\n```\n"),
            fix: workflow(steps: "### greet: Say hello\nSay hello to the team.\n")
        ),
        CatalogEntry(
            219, .error, "invalid-trigger", "trigger entry has no kind or several",
            explanation: """
                Each entry of `triggers` is exactly one of `schedule`, `webhook`, `watch` or \
                `manual` (the bare word `manual` is also accepted).
                """,
            example: workflow(front: "triggers:\n  - schedule: \"@daily\"\n    webhook: { path: /hooks/hello }\n"),
            fix: workflow(front: "triggers:\n  - schedule: \"@daily\"\n  - webhook: { path: /hooks/hello }\n")
        ),
        CatalogEntry(
            220, .error, "duplicate-entry", "the same entry is listed twice",
            explanation: """
                Lists of names (`secrets`, `tools`, `agent.fallback`, `agent.requires`, webhook \
                `methods`…) must not repeat an entry; a repeat is usually a copy-paste slip that \
                hides a missing name. A note points at the first occurrence.
                """,
            example: workflow(front: "secrets: [SLACK_TOKEN, SLACK_TOKEN]\n", steps: "### post: Post\n```action\nrun: [./post.sh]\nenv: { SLACK_TOKEN: \"{{ secrets.SLACK_TOKEN }}\" }\n```\n"),
            fix: workflow(front: "secrets: [SLACK_TOKEN]\n", steps: "### post: Post\n```action\nrun: [./post.sh]\nenv: { SLACK_TOKEN: \"{{ secrets.SLACK_TOKEN }}\" }\n```\n")
        ),
        CatalogEntry(
            221, .error, "action-outside-step", "`action` block outside any step",
            explanation: """
                An `action` block configures the step whose heading it is under; above the first \
                step, or outside `## Steps`, it configures nothing.
                """,
            example: workflow(preamble: "# Hello\n```action\ntimeout: 1m\n```\n"),
            fix: workflow(steps: "### greet: Say hello\nSay hello to the team.\n```action\ntimeout: 1m\n```\n", preamble: "# Hello\n")
        ),
        CatalogEntry(
            222, .error, "invalid-schema", "`output` schema outside the supported JSON Schema subset",
            explanation: """
                Output schemas use a subset of JSON Schema that the compiler can check and the VM \
                can validate: `type` (`string`, `integer`, `number`, `boolean`, `null`, `array`, \
                `object`), `properties`, `required`, `items`, `enum`, `description`, \
                `additionalProperties`, `minimum`, `maximum`, `minLength`, `maxLength`, \
                `minItems`, `maxItems`, `pattern`.
                """,
            example: workflow(steps: "### count: Count\nCount the open issues.\n```action\noutput: { type: int }\n```\n"),
            fix: workflow(steps: "### count: Count\nCount the open issues.\n```action\noutput: { type: integer }\n```\n")
        ),
        CatalogEntry(
            223, .error, "invalid-webhook-path", "webhook path is not an absolute URL path",
            explanation: """
                A webhook `path` is where `aiwvm serve` listens: it starts with `/` and holds only \
                URL path characters (letters, digits, `-._~/`), with no query or fragment.
                """,
            example: workflow(front: "triggers:\n  - webhook: { path: hooks/hello }\n"),
            fix: workflow(front: "triggers:\n  - webhook: { path: /hooks/hello }\n")
        ),
        CatalogEntry(
            224, .error, "invalid-identifier", "malformed input, secret or variable name",
            explanation: """
                Input names are lowercase identifiers (`[a-z_][a-z0-9_]*`) so they can be written \
                as `inputs.NAME`; secret and environment variable names are environment variable \
                names (`[A-Za-z_][A-Za-z0-9_]*`).
                """,
            example: workflow(front: "secrets: [SLACK-TOKEN]\n"),
            fix: workflow(front: "secrets: [SLACK_TOKEN]\n", steps: "### post: Post\n```action\nrun: [./post.sh]\nenv: { SLACK_TOKEN: \"{{ secrets.SLACK_TOKEN }}\" }\n```\n")
        ),
        CatalogEntry(
            225, .error, "unknown-time-zone", "time zone is not known",
            explanation: """
                A schedule's `timezone` is an IANA time zone name such as `Europe/Paris` or \
                `UTC`, looked up in the system's time zone database.
                """,
            example: workflow(front: "triggers:\n  - schedule: { cron: \"0 9 * * *\", timezone: Europe/Pariss }\n"),
            fix: workflow(front: "triggers:\n  - schedule: { cron: \"0 9 * * *\", timezone: Europe/Paris }\n")
        ),
        CatalogEntry(
            226, .error, "duplicate-steps-section", "a second `## Steps` section",
            explanation: """
                A workflow has one `## Steps` section; the steps of a second one would be \
                ambiguous. A note points at the first.
                """,
            example: workflow(steps: "### greet: Say hello\nSay hello.\n\n## Steps\n\n### wave: Wave\nWave.\n"),
            fix: workflow(steps: "### greet: Say hello\nSay hello.\n\n### wave: Wave\nWave.\n")
        ),
        CatalogEntry(
            227, .error, "empty-value", "empty value where one is needed",
            explanation: """
                Some values cannot be empty: `run` needs at least the program, and names, paths \
                and schedules need text.
                """,
            example: workflow(steps: "### log: Show history\n```action\nrun: []\n```\n"),
            fix: workflow(steps: "### log: Show history\n```action\nrun: [git, log]\n```\n")
        ),
        CatalogEntry(
            250, .warning, "stray-steps-content", "text under `## Steps` before the first step",
            explanation: """
                Prose between `## Steps` and the first `###` step heading belongs to no step and \
                reaches no agent. Move it above `## Steps` (workflow context for every agent) or \
                into a step.
                """,
            example: workflow(steps: "Remember to be polite.\n\n### greet: Say hello\nSay hello.\n"),
            fix: workflow(steps: "### greet: Say hello\nSay hello. Remember to be polite.\n")
        ),
        CatalogEntry(
            251, .warning, "inconsistent-retry", "retry intervals contradict each other",
            explanation: """
                A `retry.max` below `retry.initial` caps every interval at `max`, so the \
                backoff never grows; `multiplier` with `backoff: fixed` has no effect. Either \
                is usually a slip.
                """,
            example: workflow(front: "retry: { initial: 10s, max: 1s }\n"),
            fix: workflow(front: "retry: { initial: 1s, max: 10s }\n")
        ),
    ]
}
