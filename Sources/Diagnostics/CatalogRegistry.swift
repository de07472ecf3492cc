extension Catalog {
    /// Codes of the registry files (401–419); their examples are the files themselves.
    static let registryEntries: [CatalogEntry] = [
        CatalogEntry(
            401, .error, "agent-missing-setting", "agent lacks a setting its kind needs",
            explanation: """
                A `cli` agent needs `command`: nothing else says which program to run (the \
                `claude-code` and `opencode` kinds default to `claude` and `opencode`). An \
                `openai` agent needs `endpoint`, the base URL of the OpenAI-compatible API, and \
                at least one model in `models`, the model the VM asks for. The diagnostic points \
                at the agent's `kind`. A `health_check` needs a `command` or a `url` (or both): \
                with neither there is nothing to run; that diagnostic points at the health check.
                """,
            trigger: "An agent in .aiworkflow/agents/capabilities.yaml whose kind is `cli` without `command`, or `openai` without `endpoint` or `models`, or a `health_check` with neither `command` nor `url`.",
            agentsExample: "agents:\n  aider:\n    kind: cli\n    models: [sonnet]\n",
            agentsFix: "agents:\n  aider:\n    kind: cli\n    command: [aider, --yes-always, --message]\n    prompt: argument\n    models: [sonnet]\n"
        ),
        CatalogEntry(
            402, .error, "setting-not-applicable", "setting does not apply to this agent kind or implementation type",
            explanation: """
                Some settings have a meaning only for some agent kinds or implementation types: \
                `command` for every agent kind but `openai`, `prompt` for `cli`, `endpoint` and \
                `api_key_env` for `openai`, `allowed_tools` and `mcp_config` for `claude-code`; \
                `command` for `mcp` and `exec` implementations, `url` \
                for `mcp`, `spec` and `base_url` for `openapi`, `auth` for `openapi` and an `mcp` \
                server reached by `url`. Anywhere else the VM would ignore the setting, which \
                usually means the kind or type is not the one intended. The fix-it removes the \
                setting.
                """,
            trigger: "A setting of another kind or type in either registry file, such as `endpoint` on a `cli` agent or `spec` on an `mcp` implementation.",
            agentsExample: "agents:\n  gemini:\n    kind: cli\n    command: [gemini, -p]\n    endpoint: https://generativelanguage.googleapis.com/v1beta\n    prompt: argument\n",
            agentsFix: "agents:\n  gemini:\n    kind: cli\n    command: [gemini, -p]\n    prompt: argument\n"
        ),
        CatalogEntry(
            403, .error, "implementation-missing-setting", "tool implementation lacks a setting its type needs",
            explanation: """
                An `mcp` implementation needs exactly one of `command` (a local server over \
                standard input and output) and `url` (a remote server); an `openapi` \
                implementation needs `spec` (the OpenAPI document) and `base_url` (the server to \
                call); an `exec` implementation needs `command`. The diagnostic points at the \
                implementation's `type`, or at the second of `command` and `url`.
                """,
            trigger: "An implementation in .aiworkflow/tools/registry.yaml without the settings of its type.",
            toolsExample: "tools:\n  search:\n    description: Web search\n    implementations:\n      - type: openapi\n        spec: https://search.example.com/openapi.json\n",
            toolsFix: "tools:\n  search:\n    description: Web search\n    implementations:\n      - type: openapi\n        spec: https://search.example.com/openapi.json\n        base_url: https://search.example.com/v1\n"
        ),
        CatalogEntry(
            404, .warning, "unknown-compatibility-agent", "agent_compatibility names an agent the agents file does not define",
            explanation: """
                The keys of an implementation's `agent_compatibility` are agent ids of \
                .aiworkflow/agents/capabilities.yaml. A name that is not defined there is a typo \
                or an agent that was removed; its entry has no effect. Reported only when the \
                agents file exists and can be read. The note points at the agents file.
                """,
            trigger: "A name in `agent_compatibility` that is not an agent id of .aiworkflow/agents/capabilities.yaml.",
            agentsExample: "agents:\n  claude-code:\n    kind: claude-code\n  opencode:\n    kind: opencode\n",
            toolsExample: "tools:\n  clock:\n    implementations:\n      - type: mcp\n        command: [uvx, mcp-server-time]\n        agent_compatibility: { claude-code: native, opencod: native }\n",
            toolsFix: "tools:\n  clock:\n    implementations:\n      - type: mcp\n        command: [uvx, mcp-server-time]\n        agent_compatibility: { claude-code: native, opencode: native }\n"
        ),
        CatalogEntry(
            405, .error, "invalid-tool-auth", "tool authentication is incomplete or contradictory",
            explanation: """
                `auth` says how the VM authenticates requests: `bearer` needs `secret` (sent as \
                `Authorization: Bearer …`), `api_key` needs `secret` and `header` (the header \
                that carries it), and `none` takes neither. The secret is the name of an \
                environment variable read at run time, never the credential itself.
                """,
            trigger: "An `auth` mapping in .aiworkflow/tools/registry.yaml whose settings do not match its type.",
            toolsExample: "tools:\n  slack:\n    implementations:\n      - type: openapi\n        spec: https://api.slack.com/specs/openapi/v2/slack_web.json\n        base_url: https://slack.com/api\n        auth: { type: bearer }\n",
            toolsFix: "tools:\n  slack:\n    implementations:\n      - type: openapi\n        spec: https://api.slack.com/specs/openapi/v2/slack_web.json\n        base_url: https://slack.com/api\n        auth: { type: bearer, secret: SLACK_TOKEN }\n"
        ),
        CatalogEntry(
            406, .warning, "duplicate-priority", "two implementations of a tool share a priority",
            explanation: """
                The VM tries a tool's available implementations from the lowest `priority` \
                number up; an implementation without `priority` has its position in the list \
                (1 for the first). When two share a number, the file does not say which comes \
                first. The note points at the other implementation.
                """,
            trigger: "Two implementations of one tool in .aiworkflow/tools/registry.yaml with the same priority.",
            toolsExample: "tools:\n  slack:\n    implementations:\n      - type: mcp\n        command: [npx, -y, \"@modelcontextprotocol/server-slack\"]\n        priority: 1\n      - type: exec\n        command: [python3, tools/slack_post.py]\n        priority: 1\n",
            toolsFix: "tools:\n  slack:\n    implementations:\n      - type: mcp\n        command: [npx, -y, \"@modelcontextprotocol/server-slack\"]\n        priority: 1\n      - type: exec\n        command: [python3, tools/slack_post.py]\n        priority: 2\n"
        ),
        CatalogEntry(
            407, .error, "invalid-tool-lock", "the tools lock cannot be read",
            explanation: """
                .aiworkflow/tools/tools.lock.json is written by `aiwc tools sync`: a JSON \
                object with `version` 1 and `tools`, each tool with the implementations that were \
                synced and their operations. A lock that is not JSON, of another version, or with \
                an implementation of no known type cannot be trusted; its tools are then treated \
                as not synced. Write it again rather than by hand.
                """,
            trigger: "A tools lock that is not a JSON object, lacks `\"version\": 1`, or has an implementation without a known `type`."
        ),
    ]
}
