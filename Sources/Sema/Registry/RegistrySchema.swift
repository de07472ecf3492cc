import Diagnostics
import Syntax

/// The shapes of the two registry files, normative with docs/configuration.md §2–§3.
///
/// Keys that apply only to some agent kinds or implementation types are declared here for
/// every kind; ``RegistryRules`` then reports those that do not apply (AIW402), because a
/// shape cannot depend on a sibling's value.
public enum RegistrySchema {
    /// Agent kinds, as written in the file.
    public static let agentKinds = AgentKind.allCases.map(\.rawValue)

    /// Implementation types, as written in the file.
    public static let implementationTypes = ImplementationType.allCases.map(\.rawValue)

    /// The format version key both files may start with; only 1 exists.
    static let version = Field("version", .integer(min: 1, max: 1), "Format version of the file (default and only value: 1).")

    /// A program and its arguments: a string is a vector of one (a program name).
    static let agentCommand = Shape.oneOf([.string(.nonEmpty), .list(.string(.nonEmpty), unique: false)])

    static let agentObject = ObjectShape("agent", [
        Field("kind", .choice(agentKinds), required: true, "How the VM talks to the agent."),
        Field("command", agentCommand, "Program (and arguments) to run, never through a shell; not for `openai`."),
        Field("prompt", .choice(AgentDefinition.PromptMode.allCases.map(\.rawValue)), "For `cli`: how the prompt is passed (default stdin)."),
        Field("endpoint", .string(.nonEmpty), "For `openai`: base URL of the OpenAI-compatible API."),
        Field("api_key_env", .string(.environmentName), "For `openai`: environment variable holding the API key."),
        Field("allowed_tools", .list(.string(.nonEmpty), unique: true),
              "For `claude-code`: tools the agent may use without asking (`Read`, `Bash(git log:*)`), passed as --allowedTools."),
        Field("mcp_config", .string(.nonEmpty),
              "For `claude-code`: an MCP configuration file (relative to the folder aiwvm runs in) or JSON text, passed as --mcp-config."),
        Field("models", .list(.string(.nonEmpty), unique: true), "Models the agent can use."),
        Field("capabilities", .list(.choice(LanguageSchema.capabilities), unique: true), "What the agent can do."),
        Field("context_window", .integer(min: 1, max: nil), "Context window, in tokens."),
        Field("health_check", .object(ObjectShape("health check", [
            Field("command", agentCommand, "Program (and arguments) that must exit 0, never through a shell."),
            Field("url", .string(.nonEmpty), "URL that must answer GET with a 2xx status."),
            Field("timeout", .duration, "Longest the check may take (default 10s)."),
        ])), "How the VM finds out whether the agent is up before failing over to it."),
        Field("cost", .object(ObjectShape("cost", [
            Field("input_per_mtok", .number(min: 0, max: nil), required: true, "Price of a million input tokens."),
            Field("output_per_mtok", .number(min: 0, max: nil), required: true, "Price of a million output tokens."),
        ])), "The agent's price, for reports."),
    ])

    /// The agents file, `.aiworkflow/agents/capabilities.yaml`.
    public static let agentsFile = ObjectShape("agents file", [
        version,
        Field("agents", .map(key: .registryID, value: .object(agentObject)), required: true, "The agents workflows may run, by id."),
    ])

    static let authObject = ObjectShape("auth setting", [
        Field("type", .choice(ToolAuth.Kind.allCases.map(\.rawValue)), required: true, "How requests are authenticated."),
        Field("secret", .string(.environmentName), "For `bearer` and `api_key`: the secret holding the credential."),
        Field("header", .string(.nonEmpty), "For `api_key`: the HTTP header that carries it."),
        Field("query", .string(.nonEmpty), "For `api_key`: the query parameter that carries it, instead of a header."),
    ])

    static let implementationObject = ObjectShape("tool implementation", [
        Field("type", .choice(implementationTypes), required: true, "How the tool is reached."),
        Field("command", .list(.string(.nonEmpty), unique: false), "For `mcp` and `exec`: program and arguments, never through a shell."),
        Field("url", .string(.nonEmpty), "For `mcp`: URL of a remote server, instead of `command`."),
        Field("spec", .string(.nonEmpty), "For `openapi`: URL or path of the OpenAPI document."),
        Field("base_url", .string(.nonEmpty), "For `openapi`: the server to call."),
        Field("auth", .object(authObject), "For `openapi` and remote `mcp`: how requests are authenticated."),
        Field("secrets", .list(.string(.environmentName), unique: true), "For `mcp` and `exec` commands: secrets passed to the process as environment variables of the same names."),
        Field("env", .map(key: .environmentName, value: .string(.text)), "For `mcp` and `exec` commands: environment variables set for the process (not secrets: their values are in the file)."),
        Field("priority", .integer(min: 0, max: 1000), "Preference among implementations, lowest first (default: position in the list)."),
        Field("agent_compatibility", .map(key: .registryID, value: .choice(AgentCompatibility.allCases.map(\.rawValue))), "How well each agent can use this implementation."),
        Field("rate_limits", .object(ObjectShape("rate limits", [
            Field("requests_per_minute", .integer(min: 1, max: nil), "Most requests in one minute."),
            Field("burst", .integer(min: 1, max: nil), "Most requests at once."),
        ])), "Request limits the VM keeps to."),
        Field("timeout", .duration, "Longest one call may take."),
    ])

    static let tool = Shape.object(ObjectShape("tool", [
        Field("description", .string(.text), "What the tool is for."),
        Field("implementations", .list(.object(implementationObject), unique: false), required: true, "The ways the tool can be reached, one or more."),
    ]))

    /// The tool registry, `.aiworkflow/tools/registry.yaml`.
    public static let toolsFile = ObjectShape("tool registry", [
        version,
        Field("tools", .map(key: .registryID, value: tool), required: true, "The tools workflows may call, by id."),
    ])
}

extension ObjectShape {
    /// Whether a mapping has an unknown key that looks like a misspelling of `name`: the
    /// unknown key was reported with `name` as the suggestion, so "`name` is missing" would
    /// report the same mistake twice.
    func hasMisspelling(of name: String, in node: YAMLNode) -> Bool {
        let names = fields.map(\.name)
        return (node.mapping ?? []).contains { field($0.key) == nil && Suggestions.closest(to: $0.key, in: names) == [name] }
    }

    /// Whether a key is present, or misspelt (see ``hasMisspelling(of:in:)``).
    func isGivenOrMisspelt(_ name: String, in node: YAMLNode) -> Bool {
        node.pair(name) != nil || hasMisspelling(of: name, in: node)
    }
}
