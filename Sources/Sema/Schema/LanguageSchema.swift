/// The shapes of the frontmatter and of `action` blocks: the language's keys, normative with
/// docs/language.md.
public enum LanguageSchema {
    /// Capabilities an agent may declare and a workflow may require.
    public static let capabilities = ["code_execution", "mcp", "reasoning", "structured_output", "tool_use", "web_search"]

    /// Input types.
    public static let inputTypes = ["array", "boolean", "integer", "number", "object", "string"]

    /// `retry` in the frontmatter and in `action` blocks.
    public static let retry = Shape.object(ObjectShape("retry policy", [
        Field("max_attempts", .integer(min: 1, max: 100), "Attempts in all, the first included (default 3)."),
        Field("backoff", .choice(["exponential", "fixed"]), "How the interval grows between attempts (default exponential)."),
        Field("initial", .duration, "The first interval (default 1s)."),
        Field("max", .duration, "The longest interval (default 60s)."),
        Field("multiplier", .number(min: 1, max: 100), "Growth factor for exponential backoff (default 2)."),
        Field("jitter", .boolean, "Randomise each interval by up to ±20% (default true)."),
        Field("non_retryable", .list(.string(.nonEmpty), unique: true), "Error kinds that fail the step at once."),
    ]))

    static let schedule = Shape.oneOf([
        .string(.cron),
        .object(ObjectShape("schedule", [
            Field("cron", .string(.cron), required: true, "Five cron fields or a macro such as @daily."),
            Field("timezone", .string(.timeZone), "IANA time zone the fields are read in (default UTC)."),
        ])),
    ])

    static let webhook = Shape.object(ObjectShape("webhook trigger", [
        Field("path", .string(.webhookPath), required: true, "URL path `aiwvm serve` listens on."),
        Field("secret", .string(.environmentName), "Secret (declared in `secrets`) that signs requests."),
        Field("methods", .list(.choice(["DELETE", "GET", "PATCH", "POST", "PUT"]), unique: true), "Accepted HTTP methods (default POST)."),
    ]))

    static let watch = Shape.object(ObjectShape("watch trigger", [
        Field("path", .string(.nonEmpty), required: true, "Folder to watch, relative to the working folder."),
        Field("patterns", .list(.string(.nonEmpty), unique: true), "Glob patterns of file names to react to (default all)."),
        Field("ignore", .list(.string(.nonEmpty), unique: true), "Glob patterns to ignore."),
        Field("events", .list(.choice(["created", "deleted", "modified", "moved"]), unique: true), "Events to react to (default created and modified)."),
        Field("debounce", .duration, "Quiet time before a burst of events starts one run (default 1s)."),
        Field("recursive", .boolean, "Watch sub-folders too (default true)."),
    ]))

    static let trigger = Shape.oneOf([
        .choice(["manual"]),
        .object(ObjectShape("trigger", [
            Field("schedule", schedule, "Run on a cron schedule."),
            Field("webhook", webhook, "Run on an HTTP request."),
            Field("watch", watch, "Run on file-system events."),
            Field("manual", .oneOf([.null, .constantTrue, .object(ObjectShape("manual trigger", []))]), "Run when started by hand (`- manual`, `manual: true` or `manual: {}`)."),
        ], exactlyOne: ["schedule", "webhook", "watch", "manual"])),
    ])

    static let input = Shape.object(ObjectShape("input declaration", [
        Field("type", .choice(inputTypes), required: true, "The input's type."),
        Field("default", .any, "Value used when the input is not given."),
        Field("description", .string(.text), "What the input is for."),
        Field("required", .boolean, "Whether a value must be given (default: true without a default)."),
        Field("enum", .list(.scalar, unique: true), "The allowed values."),
        Field("minimum", .number(min: nil, max: nil), "Smallest allowed number."),
        Field("maximum", .number(min: nil, max: nil), "Largest allowed number."),
        Field("pattern", .string(.nonEmpty), "Regular expression a string must match."),
    ]))

    /// The frontmatter.
    public static let frontmatter = ObjectShape("frontmatter", [
        Field("name", .string(.slug), required: true, "The workflow's name: a slug such as `email-triage`."),
        Field("version", .string(.semver), required: true, "Semantic version of the workflow."),
        Field("description", .string(.text), "One line on what the workflow does."),
        Field("agent", .object(ObjectShape("agent selection", [
            Field("preferred", .string(.registryID), "Agent id from .aiworkflow/agents/capabilities.yaml."),
            Field("fallback", .oneOf([.string(.registryID), .list(.string(.registryID), unique: true)]), "Agents to fail over to, in order."),
            Field("requires", .list(.choice(capabilities), unique: true), "Capabilities every agent used must have."),
        ])), "Which agents run the workflow."),
        Field("inputs", .map(key: .identifier, value: input), "Typed inputs, by name."),
        Field("secrets", .list(.string(.environmentName), unique: true), "Names of secrets read from the environment at run time."),
        Field("env", .map(key: .environmentName, value: .scalar), "Environment variables for agents and commands."),
        Field("tools", .list(.string(.registryID), unique: true), "Tool ids from .aiworkflow/tools/registry.yaml."),
        Field("triggers", .list(trigger, unique: false), "What starts a run under `aiwvm serve`."),
        Field("retry", retry, "Default retry policy of every step."),
        Field("failover", .object(ObjectShape("failover policy", [
            Field("on", .list(.choice(["circuit_open", "failure", "health_check", "timeout"]), unique: true), "What makes the VM switch agents (default failure and timeout)."),
            Field("max_switches", .integer(min: 0, max: 20), "Most agent switches in one step (default 2)."),
        ])), "When to switch to a fallback agent."),
        Field("circuit", .object(ObjectShape("circuit breaker", [
            Field("failures", .integer(min: 1, max: 1000), "Consecutive failures that open an agent's circuit (default 5)."),
            Field("reset_after", .duration, "Time before an open circuit lets a trial call through (default 60s)."),
            Field("half_open_successes", .integer(min: 1, max: 100), "Successes in half-open state that close it (default 1)."),
        ])), "Per-agent circuit breaker."),
        Field("timeout", .duration, "Longest a whole run may take."),
        Field("outputs", .map(key: .identifier, value: .scalar), "Named results of the run, as `{{ }}` templates."),
    ])

    /// An `action` block.
    public static let action = ObjectShape("action block", [
        Field("agent", .string(.registryID), "Agent that runs this step instead of the workflow's preferred one."),
        Field("tool", .string(.toolReference), "Tool operation to call, `tool.operation`."),
        Field("run", .list(.string(.text), unique: false), "Command to run: program, then arguments (no shell)."),
        Field("with", .map(key: .text, value: .any), "Arguments of the tool call."),
        Field("output", .outputSchema, "JSON Schema the step's output must satisfy."),
        Field("if", .scalar, "Condition: the step runs only when it is true."),
        Field("foreach", .oneOf([.string(.nonEmpty), .list(.any, unique: false)]), "Run the step once per item of a list."),
        Field("timeout", .duration, "Longest one attempt may take."),
        Field("retry", retry, "Retry policy of this step."),
        Field("continue_on_error", .boolean, "Let the run go on when this step fails (default false)."),
        Field("env", .map(key: .environmentName, value: .scalar), "Environment variables for this step."),
    ])

    /// Keywords of the output-schema subset.
    public static let schemaKeywords = [
        "additionalProperties", "description", "enum", "items", "maxItems", "maxLength", "maximum",
        "minItems", "minLength", "minimum", "pattern", "properties", "required", "title", "type",
    ]

    /// Types in output schemas.
    public static let schemaTypes = ["array", "boolean", "integer", "null", "number", "object", "string"]
}
