import Crypto
import Diagnostics
import Plan
import Sema
import Syntax

/// Why a workflow that passed `aiwc check` could still not be lowered: a limit of the plan
/// format, or a construct lowering does not handle yet. Never a crash.
public struct LoweringError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// Where in the workflow file.
    public var span: Span

    /// Creates an error.
    public init(_ message: String, at span: Span) {
        self.message = message
        self.span = span
    }

    public var description: String { message }
}

/// What lowering needs besides the checked workflow.
public struct LoweringInput: Sendable {
    /// The parsed workflow, already checked without errors.
    public var workflow: WorkflowSyntax
    /// The project's agents and tools, when it has registry files.
    public var registry: ProjectRegistry?
    /// The workflow's path relative to its project's root (no absolute path goes into a plan).
    public var path: String
    /// The registry files that went in, by path relative to the project's root, with their bytes.
    public var registryFiles: [(path: String, bytes: [UInt8])]
    /// The compiler's version.
    public var compilerVersion: String

    /// Creates an input.
    public init(workflow: WorkflowSyntax, registry: ProjectRegistry?, path: String,
                registryFiles: [(path: String, bytes: [UInt8])], compilerVersion: String) {
        self.workflow = workflow
        self.registry = registry
        self.path = path
        self.registryFiles = registryFiles
        self.compilerVersion = compilerVersion
    }
}

/// Lowers a checked workflow into plan contents (docs/plan-format.md §7 shows the code each
/// construct becomes).
public enum Lowering {
    /// Lowers a workflow.
    /// - Throws: ``LoweringError`` for what the plan format cannot hold.
    public static func lower(_ input: LoweringInput) throws(LoweringError) -> PlanContents {
        var lowerer = Lowerer(input)
        return try lowerer.run()
    }
}

struct Lowerer {
    let input: LoweringInput
    let file: SourceFile
    let root: YAMLNode?
    var contents = PlanContents()
    var strings = StringPool()
    var constants = Interned<PlanContents.Constant>()
    var agentIndex: [String: UInt32] = [:]
    var toolIndex: [String: UInt32] = [:]
    /// The agents the workflow may run on, which choose its tools' implementations (set by
    /// ``tools()``, read for each tool step).
    var agentsInPlay: [String] = []
    var policies = Interned<PlanContents.Policy>()
    /// Step ids to indices (the first of a repeated id; checks refuse repeats).
    var stepIndex: [String: UInt32] = [:]
    var schemas = Interned<PlanContents.Schema>()

    init(_ input: LoweringInput) {
        self.input = input
        file = input.workflow.file
        root = input.workflow.frontmatter?.root
    }

    mutating func string(_ s: String) -> UInt32 { strings.index(s) }

    mutating func constant(_ k: PlanContents.Constant) -> UInt32 { constants.index(k) }

    mutating func run() throws(LoweringError) -> PlanContents {
        metadata()
        agents()
        tools()
        try triggers()
        for (i, step) in input.workflow.steps.enumerated() where stepIndex[step.id] == nil {
            stepIndex[step.id] = UInt32(i)
        }
        let basePolicy = policy(root?["retry"], failover: root?["failover"], circuit: root?["circuit"], over: PlanContents.Policy.workflowDefault)
        for step in input.workflow.steps { try declare(step, basePolicy: basePolicy) }
        var main = BlockBuilder(kind: .main, file: file, source: 0)
        // The frontmatter's `env` is plain text (no templates), set for the whole run.
        for pair in root?["env"]?.mapping ?? [] {
            main.emit(.const, a: constant(.string(string(pair.value.scalar?.text ?? ""))), at: pair.value.span.start)
            main.emit(.envSet, a: string(pair.key), at: pair.keySpan.start)
        }
        for (i, step) in input.workflow.steps.enumerated() { try code(for: step, index: UInt32(i), into: &main) }
        main.emit(.end, at: input.workflow.steps.last?.headingSpan.start ?? 0)
        var outputs = BlockBuilder(kind: .outputs, file: file, source: 0)
        for pair in root?["outputs"]?.mapping ?? [] {
            try value(pair.value, &outputs)
            outputs.emit(.output, a: string(pair.key), at: pair.keySpan.start)
        }
        outputs.emit(.end, at: root?.span.end ?? 0)
        contents.blocks = [main.block, outputs.block]
        contents.strings = strings.strings
        contents.constants = constants.values
        contents.policies = policies.values
        contents.schemas = schemas.values
        return contents
    }

    // MARK: Tables

    mutating func metadata() {
        var m = PlanContents.Metadata()
        m.name = string(root?["name"]?.scalar?.text ?? "")
        m.version = root?["version"]?.scalar.map { string($0.text) } ?? PlanContents.none
        m.compiler = string(input.compilerVersion)
        let sources = [(input.path, file.bytes)] + input.registryFiles
        for (path, bytes) in sources {
            m.sources.append(PlanContents.Source(path: string(path), sha256: Array(SHA256.hash(data: bytes))))
        }
        for pair in root?["inputs"]?.mapping ?? [] {
            let declaration = pair.value
            let type: PlanContents.InputType = switch declaration["type"]?.scalar?.text {
            case "integer": .integer
            case "number": .number
            case "boolean": .boolean
            case "array": .array
            case "object": .object
            default: .string
            }
            var declared = PlanContents.Input(name: string(pair.key), type: type)
            if let value = declaration["default"] {
                if type == .array || type == .object, value.scalar == nil {
                    // Constants hold no lists or mappings: the default is its JSON text (§3).
                    var text = ""
                    Self.json(value, into: &text)
                    declared.defaultValue = constant(.string(string(text)))
                } else if let k = literal(value) {
                    declared.defaultValue = constant(k)
                }
            }
            declared.required = declaration["required"]?.scalar?.resolved == .bool(true)
                || (declaration["required"] == nil && declaration["default"] == nil)
            inputRules(declaration, into: &declared)
            m.inputs.append(declared)
        }
        if let ms = milliseconds(root?["timeout"]) { m.runTimeoutMilliseconds = UInt32(clamping: max(0, ms)) }
        for item in root?["secrets"]?.sequence ?? [] {
            if let name = item.scalar?.text { m.secrets.append(string(name)) }
        }
        contents.metadata = m
    }

    /// An input's `enum`, `minimum`, `maximum` and `pattern` (semantic analysis checked
    /// that they agree with its type): the allowed values as a schema's enumeration, so the
    /// VM checks inputs and step outputs with the same code.
    mutating func inputRules(_ declaration: YAMLNode, into input: inout PlanContents.Input) {
        if let values = declaration["enum"]?.sequence {
            var schema = PlanContents.Schema()
            schema.enumeration = values.compactMap { literal($0) }.map { constant($0) }
            input.allowed = schemas.index(schema)
        }
        for (key, bound) in [("minimum", \PlanContents.Input.minimum), ("maximum", \PlanContents.Input.maximum)] {
            guard let value = declaration[key], let k = literal(value) else { continue }
            switch k {
            case .integer, .number: input[keyPath: bound] = constant(k)
            default: continue
            }
        }
        if let pattern = declaration["pattern"]?.scalar?.text { input.pattern = string(pattern) }
    }

    /// A YAML scalar as a constant (nil for lists and mappings).
    mutating func literal(_ node: YAMLNode) -> PlanContents.Constant? {
        guard let s = node.scalar else { return nil }
        switch s.resolved {
        case .null: return .null
        case .bool(let b): return .boolean(b)
        case .int(let i?): return .integer(Int64(i))
        case .int(nil): return .number(Double(s.text) ?? 0)
        case .float(let d): return d.isFinite ? .number(d) : .null
        case .string: return .string(string(s.text))
        }
    }

    /// A YAML value as compact JSON text, scalars by their resolved type.
    static func json(_ node: YAMLNode, into out: inout String) {
        if let items = node.sequence {
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += "," }
                json(item, into: &out)
            }
            out += "]"
        } else if let pairs = node.mapping {
            out += "{"
            for (k, pair) in pairs.enumerated() {
                if k > 0 { out += "," }
                JSONValue.quote(pair.key, into: &out)
                out += ":"
                json(pair.value, into: &out)
            }
            out += "}"
        } else if let s = node.scalar {
            switch s.resolved {
            case .null: out += "null"
            case .bool(let b): out += b ? "true" : "false"
            case .int(let i?): out += String(i)
            case .float(let d) where d.isFinite: out += "\(d)"
            case .int(nil), .float: JSONValue.quote(s.text, into: &out)
            case .string: JSONValue.quote(s.text, into: &out)
            }
        } else {
            out += "null"
        }
    }

    /// The preferred agent, the fallbacks, then agents named by steps.
    mutating func agents() {
        var ids: [String] = []
        let agent = root?["agent"]
        if let id = agent?["preferred"]?.scalar?.text { ids.append(id) }
        if let fallback = agent?["fallback"] { ids += (fallback.sequence ?? [fallback]).compactMap { $0.scalar?.text } }
        let order = ids.count
        for step in input.workflow.steps {
            if let id = step.actions.first?.root?["agent"]?.scalar?.text { ids.append(id) }
        }
        for id in ids where agentIndex[id] == nil {
            agentIndex[id] = UInt32(contents.agents.count)
            let definition = input.registry?.agents[id]
            var a = PlanContents.Agent(id: string(id), kind: string(definition?.kind.rawValue ?? AgentKind(rawValue: id)?.rawValue ?? "cli"))
            a.command = (definition?.command ?? definition?.kind.defaultCommand ?? AgentKind(rawValue: id)?.defaultCommand ?? [id]).map { string($0) }
            a.endpoint = definition?.endpoint.map { string($0) } ?? PlanContents.none
            a.model = definition?.models.first.map { string($0) } ?? PlanContents.none
            a.promptInArgument = definition?.prompt == .argument
            a.apiKeyEnv = definition?.apiKeyEnv.map { string($0) } ?? PlanContents.none
            a.models = (definition?.models ?? []).map { string($0) }
            a.capabilities = (definition?.capabilities ?? []).sorted().map { string($0) }
            if let check = definition?.healthCheck {
                a.healthCommand = check.command.map { string($0) }
                a.healthURL = check.url.map { string($0) } ?? PlanContents.none
                a.healthTimeoutMilliseconds = UInt32(clamping: max(1, check.timeout.milliseconds))
            }
            // Other kinds ignore them (AIW402 says so), and so does their plan.
            if let definition, definition.kind == .claudeCode {
                a.allowedTools = definition.allowedTools.map { string($0) }
                a.mcpConfig = definition.mcpConfig.map { string($0) } ?? PlanContents.none
            }
            contents.agents.append(a)
        }
        contents.metadata.agentOrder = ids.prefix(order).compactMap { agentIndex[$0] }
    }

    /// The workflow's tools and the tools its steps call, each with the implementation
    /// ``ToolChoice`` picks for the agents in play, and its binding (``ToolBinding``).
    mutating func tools() {
        var ids = (root?["tools"]?.sequence ?? []).compactMap { $0.scalar?.text }
        var called: [String: [String]] = [:]
        for step in input.workflow.steps {
            if let reference = step.actions.first?.root?["tool"]?.scalar?.text {
                let id = Self.toolID(reference)
                ids.append(id)
                if let dot = reference.firstIndex(of: ".") { called[id, default: []].append(String(reference[reference.index(after: dot)...])) }
            }
        }
        agentsInPlay = ProjectRegistry.agentsInPlay(input.workflow)
        let agents = agentsInPlay
        for id in ids where toolIndex[id] == nil {
            toolIndex[id] = UInt32(contents.tools.count)
            var t = PlanContents.Tool(id: string(id))
            if let definition = input.registry?.tools[id], let chosen = ToolChoice(definition, agents: agents).implementation {
                let synced = input.registry?.lock?.implementation(of: id, matching: chosen)
                t.binding = string(ToolBinding.text(chosen, synced: synced, operations: called[id] ?? []))
                t.implementation = string(chosen.type.rawValue)
                t.priority = UInt32(clamping: chosen.priority)
                t.command = chosen.command.map { string($0) }
                t.url = (chosen.url ?? chosen.baseURL).map { string($0) } ?? PlanContents.none
                t.timeoutMilliseconds = chosen.timeout.map { UInt32(clamping: $0.milliseconds) } ?? 0
                t.requestsPerMinute = UInt32(clamping: chosen.rateLimits?.requestsPerMinute ?? 0)
                t.burst = UInt32(clamping: chosen.rateLimits?.burst ?? 0)
            }
            contents.tools.append(t)
        }
    }

    /// `gmail.list_messages` → `gmail`.
    static func toolID(_ reference: String) -> String {
        reference.split(separator: ".", maxSplits: 1).first.map(String.init) ?? reference
    }

    mutating func triggers() throws(LoweringError) {
        let entries = root?["triggers"]?.sequence ?? []
        if entries.isEmpty { contents.triggers = [.manual] }
        for entry in entries {
            if entry.scalar?.text == "manual" { contents.triggers.append(.manual); continue }
            for pair in entry.mapping ?? [] {
                let v = pair.value
                switch pair.key {
                case "manual": contents.triggers.append(.manual)
                case "schedule":
                    let cron = v.scalar?.text ?? v["cron"]?.scalar?.text ?? ""
                    guard case .success(let s) = CronSchedule.parse(cron) else { throw LoweringError("schedule '\(cron)' is not a cron expression", at: v.span) }
                    let zone = v["timezone"]?.scalar.map { string($0.text) } ?? PlanContents.none
                    contents.triggers.append(.schedule(PlanContents.Schedule(
                        minutes: s.minutes, hours: s.hours, daysOfMonth: s.daysOfMonth, months: s.months, daysOfWeek: s.daysOfWeek,
                        restrictions: (s.dayOfMonthRestricted ? 1 : 0) | (s.dayOfWeekRestricted ? 2 : 0), timeZone: zone)))
                case "webhook":
                    let path = v.scalar?.text ?? v["path"]?.scalar?.text ?? "/"
                    let methods = (v["methods"]?.sequence ?? []).compactMap { $0.scalar?.text }
                    let mask = methods.isEmpty ? Self.bit(of: "POST", in: WebhookMethods.names)
                        : methods.reduce(UInt32(0)) { $0 | Self.bit(of: $1, in: WebhookMethods.names) }
                    let secret = v["secret"]?.scalar.map { string($0.text) } ?? PlanContents.none
                    contents.triggers.append(.webhook(path: string(path), methods: mask == 0 ? 8 : mask, secret: secret))
                case "watch":
                    let path = v.scalar?.text ?? v["path"]?.scalar?.text ?? "."
                    let patterns = (v["patterns"]?.sequence ?? []).compactMap { $0.scalar?.text }.map { string($0) }
                    let events = (v["events"]?.sequence ?? []).compactMap { $0.scalar?.text }
                    var mask = events.reduce(UInt32(0)) { $0 | Self.bit(of: $1, in: WatchEvents.names) }
                    if mask == 0 { mask = Self.bit(of: "created", in: WatchEvents.names) | Self.bit(of: "modified", in: WatchEvents.names) }
                    let debounce = milliseconds(v["debounce"]) ?? 1000
                    contents.triggers.append(.watch(path: string(path), patterns: patterns, events: mask, debounceMilliseconds: UInt32(clamping: debounce)))
                default:
                    throw LoweringError("trigger kind '\(pair.key)' cannot be lowered", at: pair.keySpan)
                }
            }
        }
    }

    static func bit(of name: String, in names: [String]) -> UInt32 {
        names.firstIndex(of: name).map { UInt32(1) << UInt32($0) } ?? 0
    }

    func milliseconds(_ node: YAMLNode?) -> Int64? {
        guard let text = node?.scalar?.text, case .success(let d) = Sema.Duration.parse(text) else { return nil }
        return d.milliseconds
    }

    // MARK: Policies

    /// A policy from `retry`, `failover` and `circuit` settings over a base.
    mutating func policy(_ retry: YAMLNode?, failover: YAMLNode?, circuit: YAMLNode?, over base: PlanContents.Policy) -> PlanContents.Policy {
        var p = base
        if let retry {
            if case .int(let n?)? = retry["max_attempts"]?.scalar?.resolved { p.maxAttempts = UInt32(clamping: n) }
            if let ms = milliseconds(retry["initial"]) { p.initialMilliseconds = UInt32(clamping: ms) }
            if let ms = milliseconds(retry["max"]) { p.maxMilliseconds = UInt32(clamping: ms) }
            if retry["backoff"]?.scalar?.text == "fixed" { p.backoffPermille = 1000 }
            switch retry["multiplier"]?.scalar?.resolved {
            case .int(let n?)?: p.backoffPermille = UInt32(clamping: n * 1000)
            case .float(let d)?: p.backoffPermille = UInt32(clamping: Int((d * 1000).rounded()))
            default: break
            }
            if case .bool(let b)? = retry["jitter"]?.scalar?.resolved { p.jitter = b }
            if let kinds = retry["non_retryable"]?.sequence {
                // A name that is no failure kind of the VM's (docs/vm.md §6) can match nothing.
                p.nonRetryable = kinds.compactMap { $0.scalar?.text }.reduce(0) { $0 | FailureKinds.bit($1) }
            }
        }
        if let failover {
            if case .int(let n?)? = failover["max_switches"]?.scalar?.resolved { p.failoverMaxSwitches = UInt32(clamping: n) }
            if let on = failover["on"]?.sequence {
                p.failoverOn = on.compactMap { $0.scalar?.text }.reduce(0) { mask, cause in
                    mask | (["failure": FailoverCauses.failure, "timeout": FailoverCauses.timeout,
                             "circuit_open": FailoverCauses.circuitOpen, "health_check": FailoverCauses.healthCheck][cause] ?? 0)
                }
            }
        }
        if let circuit {
            if case .int(let n?)? = circuit["failures"]?.scalar?.resolved { p.circuitThreshold = UInt32(clamping: n) }
            if let ms = milliseconds(circuit["reset_after"]) { p.circuitResetMilliseconds = UInt32(clamping: ms) }
            if case .int(let n?)? = circuit["half_open_successes"]?.scalar?.resolved { p.halfOpenSuccesses = UInt32(clamping: min(max(n, 1), 100)) }
        }
        p.initialMilliseconds = min(p.initialMilliseconds, p.maxMilliseconds)
        p.backoffPermille = max(p.backoffPermille, 1000)
        return p
    }

    mutating func policyIndex(_ p: PlanContents.Policy) -> UInt32 { policies.index(p) }

    // MARK: Steps

    mutating func declare(_ step: StepSyntax, basePolicy: PlanContents.Policy) throws(LoweringError) {
        let action = step.actions.first?.root
        let kind: PlanContents.StepKind = action?["tool"] != nil ? .tool : action?["run"] != nil ? .command : .agent
        var record = PlanContents.Step(id: string(step.id), title: string(step.title), kind: kind)
        if let id = action?["agent"]?.scalar?.text { record.agent = agentIndex[id] ?? PlanContents.none }
        if let reference = action?["tool"]?.scalar?.text {
            record.tool = toolIndex[Self.toolID(reference)] ?? PlanContents.none
            let parts = reference.split(separator: ".", maxSplits: 1)
            if parts.count == 2 { record.operation = string(String(parts[1])) }
        }
        if let schema = action?["output"] {
            record.schema = self.schema(schema)
        } else if let reference = action?["tool"]?.scalar?.text,
                  let output = input.registry?.resolve(reference, agents: agentsInPlay).operation?.outputSchema {
            // What the checker typed `steps.ID.output` by is what the VM checks the result with.
            record.schema = self.schema(output)
        }
        record.policy = policyIndex(policy(action?["retry"], failover: nil, circuit: nil, over: basePolicy))
        record.continueOnError = action?["continue_on_error"]?.scalar?.resolved == .bool(true)
        if let ms = milliseconds(action?["timeout"]) { record.timeoutMilliseconds = UInt64(max(0, ms)) }
        contents.steps.append(record)
    }
}

extension PlanContents.Policy {
    /// The defaults of docs/language.md: 3 attempts, exponential from 1s to 60s, jitter;
    /// circuit opens after 5 failures for 60s; failover twice on failure and timeout.
    static var workflowDefault: PlanContents.Policy {
        var p = PlanContents.Policy()
        p.maxAttempts = 3
        p.failoverMaxSwitches = 2
        p.failoverOn = FailoverCauses.failure | FailoverCauses.timeout
        return p
    }
}

/// Values stored once each, in order of first use, so the same workflow gives the same plan.
struct Interned<Value: Hashable> {
    private(set) var values: [Value] = []
    private var indices: [Value: UInt32] = [:]

    /// The index of a value, added when new.
    mutating func index(_ value: Value) -> UInt32 {
        if let i = indices[value] { return i }
        let i = UInt32(values.count)
        values.append(value)
        indices[value] = i
        return i
    }
}
