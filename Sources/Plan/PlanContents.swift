/// Everything a plan holds, as values: what lowering builds and the writer encodes, and
/// what the reader gives back after verification (docs/plan-format.md describes each
/// record's words).
///
/// Indices between tables are plain integers; ``PlanContents/none`` stands for "absent"
/// in optional fields.
public struct PlanContents: Sendable, Equatable {
    /// The value of an optional index that is absent.
    public static let none = UInt32.max

    /// The string pool, in index order (deduplicated by ``StringPool``).
    public var strings: [String] = []
    /// Literal values.
    public var constants: [Constant] = []
    /// Compiled schemas; a schema's parts come before it.
    public var schemas: [Schema] = []
    /// Agents, in the order the workflow prefers them (preferred, then fallbacks), then
    /// agents named by steps.
    public var agents: [Agent] = []
    /// Tools.
    public var tools: [Tool] = []
    /// Steps, in order.
    public var steps: [Step] = []
    /// Code blocks: block 0 runs the steps, block 1 computes the workflow's outputs.
    public var blocks: [CodeBlock] = []
    /// Triggers.
    public var triggers: [Trigger] = []
    /// Policies.
    public var policies: [Policy] = []
    /// The workflow's declarations and the sources that went in.
    public var metadata = Metadata()

    /// Creates empty contents.
    public init() {}

    /// A literal value.
    public enum Constant: Sendable, Equatable, Hashable {
        case null
        case boolean(Bool)
        case integer(Int64)
        case number(Double)
        /// A string, by index.
        case string(UInt32)
    }

    /// A compiled schema: the subset of JSON Schema that step outputs are checked with.
    public struct Schema: Sendable, Equatable, Hashable {
        /// Accepted types (``SchemaTypes``); empty accepts any value.
        public var types: SchemaTypes = []
        /// The schema of array elements, or ``PlanContents/none`` for any.
        public var items: UInt32 = PlanContents.none
        /// Known properties of an object.
        public var properties: [Property] = []
        /// Other properties: ``additionalAny``, ``additionalNone`` or a schema index.
        public var additional: UInt32 = Schema.additionalAny
        /// Allowed values (constant indices); empty allows any.
        public var enumeration: [UInt32] = []

        /// Any other property is allowed.
        public static let additionalAny = UInt32.max
        /// No other property is allowed.
        public static let additionalNone = UInt32.max - 1

        /// Creates a schema.
        public init(types: SchemaTypes = [], items: UInt32 = PlanContents.none, properties: [Property] = [],
                    additional: UInt32 = Schema.additionalAny, enumeration: [UInt32] = []) {
            self.types = types
            self.items = items
            self.properties = properties
            self.additional = additional
            self.enumeration = enumeration
        }

        /// One declared property.
        public struct Property: Sendable, Equatable, Hashable {
            /// Its name (string index).
            public var name: UInt32
            /// Its schema.
            public var schema: UInt32
            /// Whether it must be present.
            public var required: Bool

            /// Creates a property.
            public init(name: UInt32, schema: UInt32, required: Bool) {
                self.name = name
                self.schema = schema
                self.required = required
            }
        }
    }

    /// JSON types a schema accepts.
    public struct SchemaTypes: OptionSet, Sendable, Hashable {
        public let rawValue: UInt32
        /// Creates a set from its raw value.
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let null = SchemaTypes(rawValue: 1)
        public static let boolean = SchemaTypes(rawValue: 2)
        public static let integer = SchemaTypes(rawValue: 4)
        public static let number = SchemaTypes(rawValue: 8)
        public static let string = SchemaTypes(rawValue: 16)
        public static let array = SchemaTypes(rawValue: 32)
        public static let object = SchemaTypes(rawValue: 64)
        /// Every bit this version knows.
        public static let known = SchemaTypes(rawValue: 127)
    }

    /// An agent the workflow may run.
    public struct Agent: Sendable, Equatable {
        /// Its id (string index).
        public var id: UInt32
        /// Its kind: `claude-code`, `opencode`, `cli`, `openai` (string index).
        public var kind: UInt32
        /// The command line, for agents run as processes (string indices).
        public var command: [UInt32] = []
        /// The endpoint, for HTTP agents (string index or none).
        public var endpoint: UInt32 = PlanContents.none
        /// The model to ask for (string index or none).
        public var model: UInt32 = PlanContents.none
        /// Whether the prompt goes in an argument rather than on standard input.
        public var promptInArgument = false
        /// The environment variable holding the API key (string index or none).
        public var apiKeyEnv: UInt32 = PlanContents.none
        /// Every model the agent offers, the default (``model``) first (string indices;
        /// agent profiles section, format 0.2).
        public var models: [UInt32] = []
        /// What the agent can do, sorted (string indices; agent profiles section).
        public var capabilities: [UInt32] = []
        /// The health check's command line, empty for none (string indices).
        public var healthCommand: [UInt32] = []
        /// The health check's URL, which must answer GET with a 2xx status (string or none).
        public var healthURL: UInt32 = PlanContents.none
        /// The health check's timeout in milliseconds; 0 when the agent has no health check.
        public var healthTimeoutMilliseconds: UInt32 = 0
        /// Tools a `claude-code` agent may use without asking, in the agents file's order
        /// (string indices; agent options section, format 0.4).
        public var allowedTools: [UInt32] = []
        /// A `claude-code` agent's MCP configuration: a file or JSON text (string or none).
        public var mcpConfig: UInt32 = PlanContents.none

        /// Creates an agent.
        public init(id: UInt32, kind: UInt32) {
            self.id = id
            self.kind = kind
        }
    }

    /// A tool and the implementation chosen for it.
    public struct Tool: Sendable, Equatable {
        /// Its id (string index).
        public var id: UInt32
        /// The chosen implementation's type: `mcp`, `openapi`, `exec` (string index or none
        /// when the project's registry does not list the tool).
        public var implementation: UInt32 = PlanContents.none
        /// The implementation's priority.
        public var priority: UInt32 = 0
        /// The chosen implementation's command line, for `mcp` over standard I/O and `exec`
        /// (string indices; tool settings section, format 0.2).
        public var command: [UInt32] = []
        /// Its URL: an MCP streamable-HTTP endpoint or an OpenAPI base URL (string or none).
        public var url: UInt32 = PlanContents.none
        /// Its timeout per call in milliseconds; 0 for the step's own.
        public var timeoutMilliseconds: UInt32 = 0
        /// Its rate limit in requests per minute; 0 for none.
        public var requestsPerMinute: UInt32 = 0
        /// Requests allowed at once above the rate; 0 for none.
        public var burst: UInt32 = 0
        /// How the VM calls the tool, as JSON text (string or none; tool settings word 6,
        /// format 0.5): the implementation's auth and secrets, and for `openapi` each called
        /// operation's method, path and where its arguments go (docs/plan-format.md §3).
        public var binding: UInt32 = PlanContents.none

        /// Creates a tool.
        public init(id: UInt32) { self.id = id }
    }

    /// What a step does.
    public enum StepKind: UInt32, Sendable {
        case agent = 0, tool = 1, command = 2
    }

    /// A step.
    public struct Step: Sendable, Equatable {
        /// Its id (string index).
        public var id: UInt32
        /// Its title (string index).
        public var title: UInt32
        /// What it does.
        public var kind: StepKind
        /// The agent it names (agent index or none: the workflow's preferred agent).
        public var agent: UInt32 = PlanContents.none
        /// The tool it calls (tool index or none).
        public var tool: UInt32 = PlanContents.none
        /// The tool's operation (string index or none).
        public var operation: UInt32 = PlanContents.none
        /// The schema its output must match (schema index or none).
        public var schema: UInt32 = PlanContents.none
        /// Its retry, circuit and failover policy (policy index).
        public var policy: UInt32 = 0
        /// Whether a failure lets the run go on.
        public var continueOnError = false
        /// Its time limit per attempt, in milliseconds (0: none).
        public var timeoutMilliseconds: UInt64 = 0

        /// Creates a step.
        public init(id: UInt32, title: UInt32, kind: StepKind) {
            self.id = id
            self.title = title
            self.kind = kind
        }
    }

    /// A code block.
    public struct CodeBlock: Sendable, Equatable {
        /// What the block is for.
        public var kind: BlockKind
        /// Its instructions.
        public var instructions: [Instruction] = []
        /// Where each instruction came from (one per instruction).
        public var positions: [SourcePosition] = []
        /// The most values on the stack at any point (computed by the writer, checked by the
        /// verifier, trusted by the VM).
        public var maxStack: UInt32 = 0

        /// Creates an empty block.
        public init(kind: BlockKind) { self.kind = kind }
    }

    /// What a code block is for.
    public enum BlockKind: UInt32, Sendable {
        /// Runs the steps.
        case main = 0
        /// Computes the workflow's outputs after the steps.
        case outputs = 1
    }

    /// A position in one of the plan's sources.
    public struct SourcePosition: Sendable, Equatable, Hashable {
        /// The source (index into ``Metadata/sources``).
        public var source: UInt32
        /// The line, from 1.
        public var line: UInt32
        /// The column, from 1, in bytes.
        public var column: UInt32

        /// Creates a position.
        public init(source: UInt32, line: UInt32, column: UInt32) {
            self.source = source
            self.line = line
            self.column = column
        }
    }

    /// What starts a run.
    public enum Trigger: Sendable, Equatable {
        /// A person or another program, by command.
        case manual
        /// A cron schedule, compiled to bit sets (bit N: value N is allowed).
        case schedule(Schedule)
        /// An HTTP request: path (string), methods (``WebhookMethods`` bits, at least one),
        /// the secret that signs requests (string or none).
        case webhook(path: UInt32, methods: UInt32, secret: UInt32)
        /// A change to files under a path (string): name patterns (strings), events
        /// (``WatchEvents`` bits, at least one), quiet time before a run starts.
        case watch(path: UInt32, patterns: [UInt32], events: UInt32, debounceMilliseconds: UInt32)
    }

    /// A cron schedule as bit sets.
    public struct Schedule: Sendable, Equatable {
        public var minutes: UInt64
        public var hours: UInt32
        public var daysOfMonth: UInt32
        public var months: UInt16
        public var daysOfWeek: UInt8
        /// Whether day-of-month and day-of-week were both restricted (cron then runs on
        /// either), one bit each.
        public var restrictions: UInt8
        /// The IANA time zone (string index or none: UTC).
        public var timeZone: UInt32

        /// Creates a schedule.
        public init(minutes: UInt64, hours: UInt32, daysOfMonth: UInt32, months: UInt16, daysOfWeek: UInt8,
                    restrictions: UInt8, timeZone: UInt32) {
            self.minutes = minutes
            self.hours = hours
            self.daysOfMonth = daysOfMonth
            self.months = months
            self.daysOfWeek = daysOfWeek
            self.restrictions = restrictions
            self.timeZone = timeZone
        }
    }

    /// A step's retry, circuit-breaker and failover policy.
    public struct Policy: Sendable, Equatable, Hashable {
        /// Attempts in all, at least 1.
        public var maxAttempts: UInt32 = 1
        /// Wait before the second attempt, in milliseconds.
        public var initialMilliseconds: UInt32 = 1000
        /// Longest wait, in milliseconds.
        public var maxMilliseconds: UInt32 = 60_000
        /// Growth of the wait per attempt, in thousandths (2000: doubling; 1000: constant).
        public var backoffPermille: UInt32 = 2000
        /// Whether waits are randomised (full jitter).
        public var jitter = true
        /// Failures in a row that open an agent's circuit (0: never).
        public var circuitThreshold: UInt32 = 5
        /// How long an open circuit stays open before one trial, in milliseconds.
        public var circuitResetMilliseconds: UInt32 = 60_000
        /// How many times a step may switch agents (0: no failover).
        public var failoverMaxSwitches: UInt32 = 0
        /// What makes a step switch agents (``FailoverCauses``).
        public var failoverOn: UInt32 = 0
        /// Successful trials that close a half-open circuit; 0 stands for the default, 1
        /// (format 0.3).
        public var halfOpenSuccesses: UInt32 = 0
        /// Failure kinds that are never retried (``FailureKinds`` bits; format 0.3).
        public var nonRetryable: UInt32 = 0

        /// Creates a policy with the defaults (docs/language.md).
        public init() {}
    }

    /// The workflow's declarations and provenance.
    public struct Metadata: Sendable, Equatable {
        /// The workflow's name (string index).
        public var name: UInt32 = 0
        /// Its version (string index or none).
        public var version: UInt32 = PlanContents.none
        /// The compiler's version (string index).
        public var compiler: UInt32 = 0
        /// The sources that went in: workflow first, then registries.
        public var sources: [Source] = []
        /// Declared inputs.
        public var inputs: [Input] = []
        /// Declared secret names (string indices).
        public var secrets: [UInt32] = []
        /// The agents in the workflow's order of preference (agent indices).
        public var agentOrder: [UInt32] = []
        /// The longest a run may take, in milliseconds; 0 for no limit (format 0.3).
        public var runTimeoutMilliseconds: UInt32 = 0

        /// Creates empty metadata.
        public init() {}
    }

    /// A source file that went into the plan.
    public struct Source: Sendable, Equatable {
        /// Its path relative to the project's root (string index).
        public var path: UInt32
        /// SHA-256 of its bytes.
        public var sha256: [UInt8]

        /// Creates a source.
        public init(path: UInt32, sha256: [UInt8]) {
            self.path = path
            self.sha256 = sha256
        }
    }

    /// A declared input.
    public struct Input: Sendable, Equatable {
        /// Its name (string index).
        public var name: UInt32
        /// Its type (``InputType``).
        public var type: InputType
        /// Its default (constant index or none).
        public var defaultValue: UInt32 = PlanContents.none
        /// Whether a value must be given.
        public var required = false
        /// A schema whose enumeration lists the allowed values, or none (input rules
        /// section, format 0.2).
        public var allowed: UInt32 = PlanContents.none
        /// The least allowed number (constant index or none).
        public var minimum: UInt32 = PlanContents.none
        /// The greatest allowed number (constant index or none).
        public var maximum: UInt32 = PlanContents.none
        /// A regular expression a string must match (string index or none).
        public var pattern: UInt32 = PlanContents.none

        /// Creates an input.
        public init(name: UInt32, type: InputType) {
            self.name = name
            self.type = type
        }
    }

    /// The type of an input.
    public enum InputType: UInt32, Sendable {
        case string = 0, integer, number, boolean, array, object
    }
}

/// HTTP methods a webhook accepts, one bit each.
public enum WebhookMethods {
    /// The methods, in bit order (bit 0 is `DELETE`).
    public static let names = ["DELETE", "GET", "PATCH", "POST", "PUT"]
}

/// File events a watch reacts to, one bit each.
public enum WatchEvents {
    /// The events, in bit order (bit 0 is `created`).
    public static let names = ["created", "deleted", "modified", "moved"]
}

/// What makes a step switch agents (a policy's `failoverOn`).
public enum FailoverCauses {
    /// An attempt failed.
    public static let failure: UInt32 = 1
    /// An attempt ran out of time.
    public static let timeout: UInt32 = 2
    /// The agent's circuit was open.
    public static let circuitOpen: UInt32 = 4
    /// The agent's health check failed.
    public static let healthCheck: UInt32 = 8
    /// Every cause this version knows.
    public static let known: UInt32 = 15
}

/// The failure kinds a policy's `non_retryable` can name (docs/vm.md §6), in bit order.
public enum FailureKinds {
    /// The kinds' names; bit N of a policy's ``PlanContents/Policy/nonRetryable`` is kind N.
    public static let names = ["timeout", "exit", "agent_error", "invalid_output", "schema_mismatch",
                               "rate_limited", "unavailable", "circuit_open", "health_check", "expression",
                               "tool_error"]
    /// Every bit this version knows (`tool_error`, bit 10, since format 0.5).
    public static let known: UInt32 = (1 << 11) - 1

    /// The bit of a kind's name, or 0 for a name that is no kind.
    public static func bit(_ name: String) -> UInt32 {
        names.firstIndex(of: name).map { UInt32(1) << UInt32($0) } ?? 0
    }
}

/// Builds a deduplicated string table: the same text always gets the same index, in order
/// of first use, so the same sources give the same plan.
public struct StringPool: Sendable {
    /// The strings, in index order.
    public private(set) var strings: [String] = []
    /// By UTF-8 bytes, not by `String` equality: Swift finds "é" and "e" + U+0301 equal, but
    /// they are different names (of an environment variable, say) and keep their bytes.
    private var indices: [[UInt8]: UInt32] = [:]

    /// Creates an empty pool.
    public init() {}

    /// The index of a text, added when new.
    public mutating func index(_ text: String) -> UInt32 {
        let bytes = Array(text.utf8)
        if let i = indices[bytes] { return i }
        let i = UInt32(strings.count)
        strings.append(text)
        indices[bytes] = i
        return i
    }
}
