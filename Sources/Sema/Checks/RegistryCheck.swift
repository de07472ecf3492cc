import Diagnostics
import Syntax

/// The agents and tools a workflow names exist in its project's registries and can do what
/// it asks (AIW420–AIW424): `agent.preferred`, each `fallback` and every step `agent` are
/// defined in `.aiworkflow/agents/capabilities.yaml` and have every capability of
/// `agent.requires`; a step with an `output` schema runs on agents with `structured_output`
/// or gets a warning; every `tool:` is listed in the workflow's `tools`, and those are
/// defined in `.aiworkflow/tools/registry.yaml`. A webhook's `secret` is declared in
/// `secrets` (AIW314).
///
/// Without a registry file (a workflow outside any project) the checks that need it are
/// skipped: nothing can be said of ids that nothing defines.
struct RegistryCheck: Check {
    static let visits: CheckVisits = [.frontmatter, .actions]

    /// The workflow's agents: preferred, then fallbacks, each with where it is named.
    private var workflowAgents: [(id: String, span: Span)] = []
    /// `agent.requires`, each with where it is written.
    private var requires: [(capability: String, span: Span)] = []
    /// The tools the workflow lists (nil when `tools` is not a list: that error is enough).
    private var declaredTools: Set<String>? = []
    private var toolsListSpan: Span?
    /// Agents' capabilities, by id, looked up once per file (an agent's definition is
    /// large to copy out of the registry).
    private var capabilityCache: [(id: String, capabilities: Set<String>?)] = []

    mutating func visitFrontmatter(_ frontmatter: Frontmatter, _ context: inout CheckContext) {
        guard let root = frontmatter.root, root.mapping != nil else { return }
        let agent = root["agent"]
        if let preferred = agent?["preferred"], let id = preferred.scalar?.text { workflowAgents.append((id, preferred.span)) }
        if let fallback = agent?["fallback"] {
            for node in fallback.sequence ?? [fallback] {
                if let id = node.scalar?.text { workflowAgents.append((id, node.span)) }
            }
        }
        for node in agent?["requires"]?.sequence ?? [] {
            if let word = node.scalar?.text, LanguageSchema.capabilities.contains(word) { requires.append((word, node.span)) }
        }
        for (id, span) in workflowAgents { checkAgent(id, at: span, &context) }
        toolsListSpan = root["tools"]?.span
        if let tools = root["tools"], tools.sequence == nil { declaredTools = nil }
        for node in root["tools"]?.sequence ?? [] {
            guard let id = node.scalar?.text else { continue }
            declaredTools?.insert(id)
            checkToolExists(id, at: node.span, &context)
        }
        checkWebhookSecrets(root, &context)
    }

    mutating func visitAction(_ action: ActionBlock, in step: StepSyntax?, _ context: inout CheckContext) {
        guard step != nil, case .mapping(let pairs)? = action.root?.kind else { return }
        // One pass over the block's keys, by index and length (a lookup per key would scan
        // the keys again and copy the value it finds).
        var agentAt: Int?, toolAt: Int?, outputAt: Int?, hasRun = false
        for i in pairs.indices {
            let key = pairs[i].key
            switch key.utf8.count {
            case 3: if key == "run" { hasRun = true }
            case 4: if key == "tool" { toolAt = i }
            case 5: if key == "agent" { agentAt = i }
            case 6: if key == "output" { outputAt = i }
            default: break
            }
        }
        var stepAgents = workflowAgents
        if let agentAt, let id = pairs[agentAt].value.scalar?.text {
            let node = pairs[agentAt].value
            checkAgent(id, at: node.span, &context)
            stepAgents = [(id, node.span)]
        }
        if let toolAt, let reference = pairs[toolAt].value.scalar?.text, let dot = reference.utf8.firstIndex(of: UInt8(ascii: ".")) {
            let node = pairs[toolAt].value
            let id = String(decoding: reference.utf8[..<dot], as: UTF8.self)
            if let declaredTools, !declaredTools.contains(id) {
                // The id is the start of the value, after its quote if it has one; a value
                // written with escapes is pointed at whole.
                let start = node.span.start + (node.scalar?.style == .plain ? 0 : 1)
                let idSpan = Span(start: start, end: min(start + id.utf8.count, node.span.end))
                let verbatim = context.file.text(idSpan) == id
                context.report(
                    .toolNotDeclared, "tool '\(id)' is not listed in the workflow's 'tools'",
                    at: verbatim ? idSpan : node.span,
                    notes: toolsListSpan.map { [context.note("the workflow's tools are listed here", at: $0)] } ?? [],
                    help: ["add '\(id)' to `tools:` in the frontmatter, so that the plan says which tools it needs"])
            }
        }
        if let outputAt, toolAt == nil, !hasRun {
            checkStructuredOutput(stepAgents, at: pairs[outputAt].keySpan, &context)
        }
    }

    // MARK: Agents

    /// The agent exists (AIW420) and has every required capability (AIW421).
    private mutating func checkAgent(_ id: String, at span: Span, _ context: inout CheckContext) {
        // The registry is read in place (`context.registry?.…`): it is large to copy.
        guard context.registry?.listsAgents == true, let agentsFile = context.registry?.agentsFile else { return }
        if let capabilities = capabilities(of: id, context) {
            // The common case, all there: no definition is copied.
            guard requires.contains(where: { !capabilities.contains($0.capability) }) else { return }
        }
        guard let agent = context.registry?.agents[id] else {
            guard context.registry?.brokenAgentIDs.contains(id) == false else { return }
            context.reportUnknown(
                .unknownAgent, "agent '\(id)' is not defined in \(agentsFile.path)", id,
                among: context.registry?.agents.keys.map { $0 } ?? [], what: "agent", at: span)
            return
        }
        guard !requires.isEmpty else { return }
        let missing = requires.filter { !agent.capabilities.contains($0.capability) }
        guard !missing.isEmpty else { return }
        let words = missing.map { "'\($0.capability)'" }
        var notes = [context.note("required here", at: missing[0].span)]
        notes.append(Note("'\(id)' is defined here, with \(Self.list(agent.capabilities))", at: agent.capabilitiesRange ?? agent.idRange))
        context.report(
            .missingCapability,
            "agent '\(id)' lacks \(words.count == 1 ? "the capability" : "the capabilities") \(words.joined(separator: " and ")) that 'agent.requires' asks for",
            at: span, notes: notes,
            help: ["use an agent that has \(words.count == 1 ? "it" : "them"), or add \(words.count == 1 ? "it" : "them") to '\(id)' in \(agent.idRange.file.path) if it really can"])
    }

    /// A step with an `output` schema on an agent without `structured_output` (AIW422).
    private mutating func checkStructuredOutput(_ agents: [(id: String, span: Span)], at span: Span, _ context: inout CheckContext) {
        guard context.registry?.listsAgents == true else { return }
        let lackingIDs = agents.filter { capabilities(of: $0.id, context)?.contains("structured_output") == false }
        guard !lackingIDs.isEmpty else { return }
        let lacking = lackingIDs.compactMap { context.registry?.agents[$0.id] }
        guard let first = lacking.first else { return }
        let names = lacking.map { "'\($0.id)'" }.joined(separator: ", ")
        context.report(
            .outputWithoutStructuredOutput,
            "this step's output schema is not enforced by \(names): without 'structured_output' the output is validated after the fact and the agent re-prompted when it does not match",
            at: span,
            notes: [Note("'\(first.id)' is defined here, with \(Self.list(first.capabilities))", at: first.capabilitiesRange ?? first.idRange)],
            help: ["run the step on an agent with 'structured_output' (`agent:` in the action block), or accept the extra round trips"])
    }

    /// An agent's capabilities (nil when the registry does not define it), cached per file.
    private mutating func capabilities(of id: String, _ context: CheckContext) -> Set<String>? {
        for entry in capabilityCache where entry.id == id { return entry.capabilities }
        let capabilities = context.registry?.agents[id]?.capabilities
        capabilityCache.append((id, capabilities))
        return capabilities
    }

    private static func list(_ capabilities: Set<String>) -> String {
        capabilities.isEmpty ? "no capabilities" : "capabilities [\(capabilities.sorted().joined(separator: ", "))]"
    }

    // MARK: Tools and secrets

    /// A listed tool is defined in the registry (AIW424).
    private func checkToolExists(_ id: String, at span: Span, _ context: inout CheckContext) {
        guard context.registry?.listsTools == true, let toolsFile = context.registry?.toolsFile else { return }
        guard context.registry?.tools[id] == nil, context.registry?.brokenToolIDs.contains(id) == false else { return }
        context.reportUnknown(
            .unknownTool, "tool '\(id)' is not defined in \(toolsFile.path)", id,
            among: context.registry?.tools.keys.map { $0 } ?? [], what: "tool", at: span)
    }

    /// A webhook's signing secret is one of the workflow's `secrets` (AIW314).
    private func checkWebhookSecrets(_ root: YAMLNode, _ context: inout CheckContext) {
        let declared = Set((root["secrets"]?.sequence ?? []).compactMap { $0.scalar?.text })
        for trigger in root["triggers"]?.sequence ?? [] {
            guard let node = trigger["webhook"]?["secret"], let name = node.scalar?.text, !declared.contains(name) else { continue }
            context.report(
                .undeclaredSecret, "webhook secret '\(name)' is not declared in 'secrets'", at: node.span,
                help: ["add '\(name)' to `secrets:`, so that the plan lists every secret it reads"])
        }
    }
}
