import Diagnostics
import Syntax

/// The agents and tools a project defines in `.aiworkflow/agents/capabilities.yaml` and
/// `.aiworkflow/tools/registry.yaml`, read and validated.
///
/// When a file has errors the registry holds what could still be read, so that checks of
/// the workflows that use it can go on; the errors themselves are the loader's diagnostics.
public struct ProjectRegistry: Sendable {
    /// The agents, by id.
    public var agents: [String: AgentDefinition] = [:]
    /// The tools, by id.
    public var tools: [String: ToolDefinition] = [:]
    /// Agent ids the file defines but whose definition is broken (a missing or unknown
    /// `kind`, already reported): not in ``agents``, yet not unknown either, so a workflow
    /// naming one should not get a second error.
    public var brokenAgentIDs: Set<String> = []
    /// Tool ids whose definition is not a mapping (already reported), likewise.
    public var brokenToolIDs: Set<String> = []
    /// The tools lock (`aiwc tools sync`), if the project has one: the operations and
    /// schemas tool calls are checked against. Without one, tool calls are not checked.
    public var lock: ToolLock?
    /// The agents file, if the project has one.
    public var agentsFile: SourceFile?
    /// The tool registry, if the project has one.
    public var toolsFile: SourceFile?
    /// Where the agents file's `agents` key is (notes pointing at "the agents file").
    var agentsKeyRange: SourceRange?
    /// Whether the agents file was read as a mapping, so its agent list can be trusted.
    var agentsFileRead = false
    /// Whether the agents file could be read and lists its agents as a mapping: only then
    /// does an agent id that it lacks mean an unknown agent (a broken file is reported in
    /// itself, not in every workflow that names an agent).
    public internal(set) var listsAgents = false
    /// Whether the tool registry could be read and lists its tools as a mapping.
    public internal(set) var listsTools = false
    /// Whether some tool's implementation is `not_supported` by some agent: without a lock,
    /// only then does a tool call need resolving (AIW430), so most files skip it.
    public internal(set) var hasUnsupportedImplementation = false

    /// Creates an empty registry (a project without registry files).
    public init() {}

    /// Reads and validates the registry files of a project.
    /// - Parameters:
    ///   - agents: `.aiworkflow/agents/capabilities.yaml`, or nil when the project has none.
    ///   - tools: `.aiworkflow/tools/registry.yaml`, or nil when the project has none.
    ///   - lock: `.aiworkflow/tools/tools.lock.json`, or nil when the project has none.
    ///   - limits: YAML nesting and size limits.
    /// - Returns: The registry and every diagnostic of the files, sorted. An absent file
    ///   is not a problem and gets no diagnostic.
    public static func load(agents: SourceFile?, tools: SourceFile?, lock: SourceFile? = nil, limits: YAMLLimits = YAMLLimits()) -> (registry: ProjectRegistry, diagnostics: [Diagnostic]) {
        var registry = ProjectRegistry()
        registry.agentsFile = agents
        registry.toolsFile = tools
        var diagnostics: [Diagnostic] = []
        if let agents {
            var sink = DiagnosticSink(file: agents)
            if let root = readRoot(agents, RegistrySchema.agentsFile, into: &sink, limits: limits) {
                registry.agentsFileRead = true
                registry.listsAgents = root["agents"]?.mapping != nil
                registry.agentsKeyRange = root.pair("agents").map { sink.range($0.keySpan) }
                RegistryBuilder(file: agents).readAgents(root, into: &registry)
                AgentRules(file: agents).check(root, into: &sink)
            }
            diagnostics += sink.diagnostics
        }
        if let tools {
            var sink = DiagnosticSink(file: tools)
            if let root = readRoot(tools, RegistrySchema.toolsFile, into: &sink, limits: limits) {
                registry.listsTools = root["tools"]?.mapping != nil
                RegistryBuilder(file: tools).readTools(root, into: &registry)
                registry.hasUnsupportedImplementation = registry.tools.values.contains { $0.hasUnsupportedImplementation }
                ToolRules(file: tools, registry: registry).check(root, into: &sink)
            }
            diagnostics += sink.diagnostics
        }
        if let lock {
            // Schemas nest deeper and hold more nodes than registry files do.
            var lockLimits = limits
            lockLimits.maxDepth = max(limits.maxDepth, 128)
            lockLimits.maxNodes = max(limits.maxNodes, 2_000_000)
            let (read, problems) = ToolLock.read(lock, limits: lockLimits)
            registry.lock = read
            diagnostics += problems
        }
        return (registry, diagnostics.sorted(by: Diagnostic.precedes))
    }

    /// The secrets the implementations of a tool read: `auth.secret` and `secrets` (an
    /// unknown tool reads none).
    /// - Parameter id: The tool's id.
    /// - Returns: The secret names its implementations read.
    public func secretsUsed(byTool id: String) -> Set<String> {
        Set(tools[id]?.implementations.flatMap { ($0.auth?.secret.map { [$0] } ?? []) + $0.secrets } ?? [])
    }

    /// Parses a registry file and validates it against its shape.
    /// - Returns: The root mapping, or nil when the file is unreadable or not a mapping
    ///   (reported); an empty file is validated as an empty mapping and also gives nil.
    private static func readRoot(_ file: SourceFile, _ shape: ObjectShape, into sink: inout DiagnosticSink, limits: YAMLLimits) -> YAMLNode? {
        guard case .success(let root) = YAMLDocument.parse(file, into: &sink, limits: limits) else { return nil }
        if let root, root.mapping == nil {
            sink.report(
                .typeMismatch, "the \(shape.what) must be a mapping of keys to values, found \(root.kindDescription)", at: root.span,
                help: ["start the file with `\(shape.fields.last?.name ?? "version"):`"])
            return nil
        }
        // A v0 file would give one unknown key per v0 setting: one diagnostic says what it is.
        let v0 = shape.what == RegistrySchema.agentsFile.what ? V0Format.isAgentsFile(root) : V0Format.isToolRegistry(root)
        if v0, let root {
            let key = root.mapping?.first?.keySpan ?? root.span
            sink.report(V0Format.configurationDiagnostic(shape.what, at: key, in: file))
            return nil
        }
        SchemaValidator(file: file).validate(root: root, shape, anchor: Span.point(0), into: &sink)
        return root
    }
}
