/// The files `aiwc init` writes: a project that checks clean and shows each part once.
enum Scaffold {
    /// Paths relative to the project folder, with their contents.
    static let files: [(path: String, contents: String)] = [
        (".aiworkflow/agents/capabilities.yaml", capabilities),
        (".aiworkflow/tools/registry.yaml", registry),
        (".aiworkflow/workflows/hello.md", hello),
    ]

    static let capabilities = """
        # Agents this project can run, by id (docs/configuration.md).
        # Workflows name them in `agent.preferred` and `agent.fallback`.
        agents:
          claude-code:
            kind: claude-code
            command: claude            # found on PATH at run time
            models: [sonnet, opus]
            capabilities: [tool_use, mcp, structured_output, reasoning, code_execution]
            context_window: 200000
          opencode:
            kind: opencode
            command: opencode
            models: [anthropic/claude-sonnet-4-5]
            capabilities: [tool_use, mcp, code_execution]
            context_window: 200000

        """

    static let registry = """
        # Tools workflows may call, by id (docs/configuration.md).
        # Each tool has one or more implementations: mcp, openapi or exec.
        tools:
          clock:
            description: Current time in any time zone
            implementations:
              - type: mcp
                command: [uvx, mcp-server-time]
                priority: 1
                agent_compatibility: { claude-code: native, opencode: native }

        """

    static let hello = """
        ---
        name: hello
        version: 0.1.0
        description: Greet the team with a short note on the day ahead
        agent:
          preferred: claude-code
          fallback: [opencode]
        inputs:
          team:
            type: string
            default: everyone
            description: Who to greet
        retry: { max_attempts: 3, backoff: exponential, initial: 2s, max: 30s }
        timeout: 5m
        triggers:
          - manual
          - schedule: "0 9 * * MON-FRI"
        outputs:
          greeting: "{{ steps.greet.output }}"
        ---

        # Hello

        A first workflow made by `aiwc init`. Edit it, then run `aiwc check`.

        ## Steps

        ### greet: Write the greeting
        Write a two-sentence greeting for {{ inputs.team }} that wishes them a good day.
        ```action
        timeout: 1m
        ```

        """
}
