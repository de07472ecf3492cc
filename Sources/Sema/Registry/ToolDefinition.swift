import Diagnostics

/// How a tool implementation is reached.
public enum ImplementationType: String, Sendable, CaseIterable {
    /// A Model Context Protocol server, local (`command`) or remote (`url`).
    case mcp
    /// A REST API described by an OpenAPI document.
    case openapi
    /// A program that reads the call as JSON on stdin and writes the result on stdout.
    case exec
}

/// How well an agent can use a tool implementation.
public enum AgentCompatibility: String, Sendable, CaseIterable {
    /// The agent speaks the protocol itself.
    case native
    /// The agent can use it as is.
    case supported
    /// The VM bridges the calls for the agent.
    case viaBridge = "via_bridge"
    /// The agent cannot use it.
    case notSupported = "not_supported"
}

/// How an implementation's requests are authenticated.
public struct ToolAuth: Sendable, Equatable {
    /// The authentication scheme.
    public enum Kind: String, Sendable, CaseIterable {
        /// `Authorization: Bearer SECRET`.
        case bearer
        /// The secret in a named header.
        case apiKey = "api_key"
        /// No credentials.
        case none
    }

    /// The scheme.
    public var kind: Kind
    /// The secret (an environment variable name) holding the credential.
    public var secret: String?
    /// For `api_key`: the header that carries it.
    public var header: String?
    /// For `api_key`: the query parameter that carries it, instead of a header.
    public var query: String?

    /// Creates an auth setting.
    public init(kind: Kind, secret: String? = nil, header: String? = nil, query: String? = nil) {
        self.kind = kind
        self.secret = secret
        self.header = header
        self.query = query
    }
}

/// One way to reach a tool.
public struct ToolImplementation: Sendable {
    /// Request limits the VM keeps to.
    public struct RateLimits: Sendable, Equatable {
        /// Most requests in one minute.
        public var requestsPerMinute: Int?
        /// Most requests at once.
        public var burst: Int?

        /// Creates rate limits.
        public init(requestsPerMinute: Int? = nil, burst: Int? = nil) {
            self.requestsPerMinute = requestsPerMinute
            self.burst = burst
        }
    }

    /// How the tool is reached.
    public var type: ImplementationType
    /// For `mcp` and `exec`: program and arguments (empty when not given).
    public var command: [String]
    /// For remote `mcp`: the server's URL.
    public var url: String?
    /// For `openapi`: the OpenAPI document.
    public var spec: String?
    /// For `openapi`: the server to call.
    public var baseURL: String?
    /// How requests are authenticated, if said.
    public var auth: ToolAuth?
    /// For `mcp` and `exec` commands: secrets the VM passes to the process as environment
    /// variables of the same names.
    public var secrets: [String]
    /// For `mcp` and `exec` commands: environment variables set for the process, in file
    /// order (`env`).
    public var environment: [(name: String, value: String)]
    /// Preference among the tool's implementations, lowest first (default: the 1-based
    /// position in the list).
    public var priority: Int
    /// How well each agent, by id, can use this implementation.
    public var agentCompatibility: [String: AgentCompatibility]
    /// Request limits, if any.
    public var rateLimits: RateLimits?
    /// Longest one call may take.
    public var timeout: Duration?
    /// Where the implementation's list item is.
    public var range: SourceRange
}

/// One tool of `.aiworkflow/tools/registry.yaml`.
public struct ToolDefinition: Sendable {
    /// The tool's id, the key it is defined under.
    public var id: String
    /// Where the id key is, for notes ("defined here").
    public var idRange: SourceRange
    /// What the tool is for ("" when not given).
    public var description: String
    /// The implementations that could be read, in file order.
    public var implementations: [ToolImplementation]

    /// Whether some implementation is `not_supported` by some agent: only then can the
    /// choice leave the tool without one (``ToolChoice``).
    public var hasUnsupportedImplementation: Bool {
        implementations.contains { $0.agentCompatibility.values.contains(.notSupported) }
    }
}
