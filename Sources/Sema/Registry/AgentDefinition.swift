import Diagnostics

/// How the VM talks to an agent.
public enum AgentKind: String, Sendable, CaseIterable {
    /// The Claude Code CLI.
    case claudeCode = "claude-code"
    /// The OpenCode CLI.
    case opencode
    /// Any other command-line agent.
    case cli
    /// An OpenAI-compatible HTTP endpoint.
    case openai

    /// The command run when the file gives none, for kinds whose program has a known name.
    public var defaultCommand: [String]? {
        switch self {
        case .claudeCode: ["claude"]
        case .opencode: ["opencode"]
        case .cli, .openai: nil
        }
    }
}

/// One agent of `.aiworkflow/agents/capabilities.yaml`.
public struct AgentDefinition: Sendable {
    /// How a `cli` agent receives its prompt.
    public enum PromptMode: String, Sendable, CaseIterable {
        /// On standard input (the default).
        case stdin
        /// As the last argument of the command.
        case argument
    }

    /// Prices, per million tokens, for reports.
    public struct Cost: Sendable, Equatable {
        /// Price of a million input tokens.
        public var inputPerMTok: Double
        /// Price of a million output tokens.
        public var outputPerMTok: Double

        /// Creates a cost.
        public init(inputPerMTok: Double, outputPerMTok: Double) {
            self.inputPerMTok = inputPerMTok
            self.outputPerMTok = outputPerMTok
        }
    }

    /// The agent's id, the key it is defined under.
    public var id: String
    /// Where the id key is, for notes ("defined here").
    public var idRange: SourceRange
    /// How the VM talks to the agent.
    public var kind: AgentKind
    /// Program and arguments (a string in the file is a vector of one); the kind's default
    /// when omitted, empty for `openai`.
    public var command: [String]
    /// For `openai`: the API's base URL.
    public var endpoint: String?
    /// Models the agent can use.
    public var models: [String]
    /// What the agent can do (words of ``LanguageSchema/capabilities``).
    public var capabilities: Set<String>
    /// Where the capability list is, for notes ("declared here"); nil when there is none.
    public var capabilitiesRange: SourceRange?
    /// Context window in tokens.
    public var contextWindow: Int?
    /// How the prompt is passed (meaningful for `cli`; stdin by default).
    public var prompt: PromptMode
    /// For `openai`: the environment variable holding the API key.
    public var apiKeyEnv: String?
    /// For `claude-code`: tools the agent may use without asking (`--allowedTools`).
    public var allowedTools: [String] = []
    /// For `claude-code`: an MCP configuration file or JSON text (`--mcp-config`).
    public var mcpConfig: String?
    /// Prices, if given.
    public var cost: Cost?
    /// How the VM finds out whether the agent is up, if the file says.
    public var healthCheck: HealthCheck? = nil

    /// A health check: a command that must exit 0, a URL that must answer with a 2xx status,
    /// or both, within the timeout. The VM runs it before it fails over to the agent and
    /// before it tries a failed-over primary again (docs/configuration.md §2).
    public struct HealthCheck: Sendable, Hashable {
        /// Program and arguments, never through a shell; empty for none.
        public var command: [String]
        /// A URL to request with GET, or nil.
        public var url: String?
        /// The longest the check may take (10 s unless the file says).
        public var timeout: Duration

        /// The timeout when the file gives none (the earlier framework's figure).
        public static let defaultTimeout = Duration(milliseconds: 10_000)

        /// Creates a health check.
        public init(command: [String], url: String?, timeout: Duration = HealthCheck.defaultTimeout) {
            self.command = command
            self.url = url
            self.timeout = timeout
        }
    }
}
