extension Catalog {
    private static let twoAgents = """
        agents:
          claude-code:
            kind: claude-code
            capabilities: [tool_use, mcp, structured_output, reasoning]
          opencode:
            kind: opencode
            capabilities: [tool_use, mcp]

        """

    private static let clockTool = """
        tools:
          clock:
            description: Current time in any time zone
            implementations:
              - type: mcp
                command: [uvx, mcp-server-time]

        """

    private static let askTime = "### ask: Ask the time\n```action\ntool: clock.get_current_time\nwith: { timezone: UTC }\n```\n"

    /// Codes of a workflow checked against its project's registries (420–439); their
    /// examples are a workflow with the registry files beside it.
    static let capabilityEntries: [CatalogEntry] = [
        CatalogEntry(
            420, .error, "unknown-agent", "agent is not defined in the project",
            explanation: """
                `agent.preferred`, each `agent.fallback` and a step's `agent` name agents by \
                their ids in .aiworkflow/agents/capabilities.yaml (found in the nearest folder \
                above the workflow that holds `.aiworkflow/`, or given with `aiwc check \
                --config`). A workflow outside any project, or in one without an agents file, \
                is not checked for this.
                """,
            example: workflow(front: "agent: { preferred: claude }\n"),
            fix: workflow(front: "agent: { preferred: claude-code }\n"),
            agentsExample: twoAgents
        ),
        CatalogEntry(
            421, .error, "missing-capability", "agent lacks a capability the workflow requires",
            explanation: """
                Every agent the workflow may run on (the preferred one, each fallback, and \
                each step's own agent) must have every capability in `agent.requires`, or a \
                failover could land on an agent that cannot do the work. The error is at the \
                agent's name, with notes at the requirement and at the agent's capabilities in \
                the agents file.
                """,
            example: workflow(front: "agent: { preferred: claude-code, fallback: [opencode], requires: [reasoning] }\n"),
            fix: workflow(front: "agent: { preferred: claude-code, requires: [reasoning] }\n"),
            agentsExample: twoAgents
        ),
        CatalogEntry(
            422, .warning, "output-without-structured-output", "output schema on an agent without `structured_output`",
            explanation: """
                An agent with `structured_output` is held to a step's `output` schema as it \
                answers. Any other agent answers freely: the VM validates the answer afterwards \
                and, when it does not match, asks again, which costs time and tokens and may \
                still fail. The warning names the agents the step may run on that lack it.
                """,
            example: workflow(
                front: "agent: { preferred: opencode }\n",
                steps: "### count: Count\nCount the open issues.\n```action\noutput: { type: integer }\n```\n"),
            fix: workflow(
                front: "agent: { preferred: opencode }\n",
                steps: "### count: Count\nCount the open issues.\n```action\nagent: claude-code\noutput: { type: integer }\n```\n"),
            agentsExample: twoAgents
        ),
        CatalogEntry(
            423, .error, "tool-not-declared", "`tool:` names a tool the workflow does not list",
            explanation: """
                A workflow lists the tools it uses in `tools`, so that a plan says which tools \
                it needs before it runs; a step's `tool: TOOL.OPERATION` must name one of \
                them. This needs no registry.
                """,
            example: workflow(steps: askTime),
            fix: workflow(front: "tools: [clock]\n", steps: askTime),
            toolsExample: clockTool
        ),
        CatalogEntry(
            424, .error, "unknown-tool", "tool is not defined in the project's registry",
            explanation: """
                Each tool in a workflow's `tools` must be defined in \
                .aiworkflow/tools/registry.yaml, which says how the VM reaches it. A workflow \
                outside any project, or in one without a tool registry, is not checked for this.
                """,
            example: workflow(front: "tools: [clocks]\n", steps: askTime.replacing("clock.", with: "clocks.")),
            fix: workflow(front: "tools: [clock]\n", steps: askTime),
            toolsExample: clockTool
        ),
        CatalogEntry(
            425, .error, "tool-not-synced", "tool is missing from the tools lock, or its entry is out of date",
            explanation: """
                `aiwc check` and `aiwc compile` check tool calls against \
                .aiworkflow/tools/tools.lock.json, which `aiwc tools sync` writes from the tools \
                themselves. A tool the workflow uses that the lock lacks, or whose chosen \
                implementation was synced from other settings (another `command`, `url` or `spec`) \
                than the registry has now, cannot be checked: run `aiwc tools sync` \
                and commit the lock. A project with no lock at all is not checked for this.
                """,
            trigger: "A workflow that lists a tool the lock lacks, or whose registry entry changed since the lock was written."
        ),
        CatalogEntry(
            426, .error, "unknown-operation", "the tool does not offer this operation",
            explanation: """
                The operation after the dot in `tool: TOOL.OPERATION` must be one the tool's \
                chosen implementation offers, by the tools lock: an MCP tool's name, an OpenAPI \
                operationId, or an operation an `exec` program describes. The help names the \
                closest operation.
                """,
            trigger: "`tool: clock.get_time` when the lock lists `get_current_time` and `convert_time`."
        ),
        CatalogEntry(
            427, .error, "missing-tool-argument", "a required argument of the operation is missing",
            explanation: """
                The operation's input schema lists the argument under `required`; the call would \
                fail at run time without it. Add it under `with`.
                """,
            trigger: "A call of `clock.get_current_time` without `timezone` under `with`."
        ),
        CatalogEntry(
            428, .error, "unknown-tool-argument", "the operation takes no argument of this name",
            explanation: """
                The operation's input schema lists its arguments under `properties`, and allows \
                no others unless it says `additionalProperties`. An argument it does not list is \
                a typo or belongs to another operation; the help names the closest argument.
                """,
            trigger: "`with: {time_zone: UTC}` for an operation whose argument is `timezone`."
        ),
        CatalogEntry(
            429, .error, "tool-argument-type", "the argument does not fit the operation's schema",
            explanation: """
                Each value under `with` is typed as an expression is: a literal by its YAML \
                type, `"{{ expr }}"` by the expression's type, other text as a string. The type \
                must fit the schema of the argument (an integer fits a number; a value of \
                unknown type fits anything; a value outside an `enum` is reported too).
                """,
            trigger: "`with: {limit: \"{{ inputs.name }}\"}` where `limit` is an integer and `inputs.name` a string."
        ),
        CatalogEntry(
            430, .error, "no-usable-implementation", "no implementation of the tool can be used by the agents in play",
            explanation: """
                The compiler chooses one implementation of each tool: the lowest `priority`, \
                then `native` before `supported` before `via_bridge` (the best level among the \
                agents the workflow may run on: its preferred agent, its fallbacks and step \
                agents), skipping implementations whose `agent_compatibility` says \
                `not_supported` for every one of those agents. When none is left, nothing can be \
                called. Checked with or without a tools lock; `aiwc check --explain-tools` shows \
                the choice.
                """,
            trigger: "A tool whose only implementation says `not_supported` for every agent the workflow names."
        ),
    ]
}
