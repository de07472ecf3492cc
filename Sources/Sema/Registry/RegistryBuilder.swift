import Diagnostics
import Syntax

/// Builds the typed registry from a validated YAML tree. It reports nothing: every value it
/// cannot read was reported by the schema, so it keeps what is good and skips the rest.
struct RegistryBuilder {
    let file: SourceFile

    private func range(_ span: Span) -> SourceRange { SourceRange(file: file, span: span) }

    func readAgents(_ root: YAMLNode, into registry: inout ProjectRegistry) {
        for pair in root["agents"]?.mapping ?? [] {
            guard pair.value.mapping != nil, let kind = pair.value["kind"].flatMap(RegistryValue.text).flatMap(AgentKind.init) else {
                registry.brokenAgentIDs.insert(pair.key)
                continue
            }
            let node = pair.value
            let command = node["command"].flatMap(RegistryValue.strings)
            registry.agents[pair.key] = AgentDefinition(
                id: pair.key,
                idRange: range(pair.keySpan),
                kind: kind,
                command: command ?? kind.defaultCommand ?? [],
                endpoint: node["endpoint"].flatMap(RegistryValue.text),
                models: node["models"].flatMap(RegistryValue.strings) ?? [],
                capabilities: Set((node["capabilities"].flatMap(RegistryValue.strings) ?? []).filter(LanguageSchema.capabilities.contains)),
                capabilitiesRange: node["capabilities"].map { range($0.span) },
                contextWindow: node["context_window"].flatMap(RegistryValue.integer),
                prompt: node["prompt"].flatMap(RegistryValue.text).flatMap(AgentDefinition.PromptMode.init) ?? .stdin,
                apiKeyEnv: node["api_key_env"].flatMap(RegistryValue.text),
                allowedTools: node["allowed_tools"].flatMap(RegistryValue.strings) ?? [],
                mcpConfig: node["mcp_config"].flatMap(RegistryValue.text),
                cost: node["cost"].flatMap(cost),
                healthCheck: node["health_check"].flatMap(healthCheck))
        }
    }

    func readTools(_ root: YAMLNode, into registry: inout ProjectRegistry) {
        for pair in root["tools"]?.mapping ?? [] {
            guard pair.value.mapping != nil else {
                registry.brokenToolIDs.insert(pair.key)
                continue
            }
            let items = pair.value["implementations"]?.sequence ?? []
            registry.tools[pair.key] = ToolDefinition(
                id: pair.key,
                idRange: range(pair.keySpan),
                description: pair.value["description"].flatMap(RegistryValue.text) ?? "",
                implementations: items.enumerated().compactMap { implementation($1, position: $0 + 1) })
        }
    }

    /// A health check with a command or a URL; one with neither was reported (AIW401).
    private func healthCheck(_ node: YAMLNode) -> AgentDefinition.HealthCheck? {
        guard node.mapping != nil else { return nil }
        let command = node["command"].flatMap(RegistryValue.strings) ?? []
        let url = node["url"].flatMap(RegistryValue.text)
        guard !command.isEmpty || url != nil else { return nil }
        let timeout = node["timeout"].flatMap(RegistryValue.text).flatMap { try? Duration.parse($0).get() }
        return AgentDefinition.HealthCheck(command: command, url: url, timeout: timeout ?? AgentDefinition.HealthCheck.defaultTimeout)
    }

    private func cost(_ node: YAMLNode) -> AgentDefinition.Cost? {
        guard let input = node["input_per_mtok"].flatMap(RegistryValue.number),
              let output = node["output_per_mtok"].flatMap(RegistryValue.number) else { return nil }
        return AgentDefinition.Cost(inputPerMTok: input, outputPerMTok: output)
    }

    private func implementation(_ node: YAMLNode, position: Int) -> ToolImplementation? {
        guard let type = node["type"].flatMap(RegistryValue.text).flatMap(ImplementationType.init) else { return nil }
        var compatibility: [String: AgentCompatibility] = [:]
        for pair in node["agent_compatibility"]?.mapping ?? [] {
            if let level = RegistryValue.text(pair.value).flatMap(AgentCompatibility.init) { compatibility[pair.key] = level }
        }
        return ToolImplementation(
            type: type,
            command: node["command"]?.sequence != nil ? node["command"].flatMap(RegistryValue.strings) ?? [] : [],
            url: node["url"].flatMap(RegistryValue.text),
            spec: node["spec"].flatMap(RegistryValue.text),
            baseURL: node["base_url"].flatMap(RegistryValue.text),
            auth: node["auth"].flatMap(auth),
            secrets: node["secrets"]?.sequence != nil ? node["secrets"].flatMap(RegistryValue.strings) ?? [] : [],
            environment: (node["env"]?.mapping ?? []).compactMap { pair in RegistryValue.text(pair.value).map { (pair.key, $0) } },
            priority: node["priority"].flatMap(RegistryValue.integer) ?? position,
            agentCompatibility: compatibility,
            rateLimits: node["rate_limits"].flatMap { limits in
                guard limits.mapping != nil else { return nil }
                return ToolImplementation.RateLimits(
                    requestsPerMinute: limits["requests_per_minute"].flatMap(RegistryValue.integer),
                    burst: limits["burst"].flatMap(RegistryValue.integer))
            },
            timeout: node["timeout"].flatMap(RegistryValue.text).flatMap { try? Duration.parse($0).get() },
            range: range(node.span))
    }

    private func auth(_ node: YAMLNode) -> ToolAuth? {
        guard let kind = node["type"].flatMap(RegistryValue.text).flatMap(ToolAuth.Kind.init) else { return nil }
        return ToolAuth(kind: kind, secret: node["secret"].flatMap(RegistryValue.text), header: node["header"].flatMap(RegistryValue.text),
                        query: node["query"].flatMap(RegistryValue.text))
    }
}

/// Plain values read from YAML nodes; nil where the node holds something else.
enum RegistryValue {
    /// A scalar's text (not null).
    static func text(_ node: YAMLNode) -> String? {
        guard let s = node.scalar, s.resolved != .null else { return nil }
        return s.text
    }

    /// A scalar as a vector of one, or a list of scalars.
    static func strings(_ node: YAMLNode) -> [String]? {
        if let one = text(node) { return [one] }
        guard let items = node.sequence else { return nil }
        let texts = items.compactMap(text)
        return texts.count == items.count ? texts : nil
    }

    /// A plain integer that fits 64 bits.
    static func integer(_ node: YAMLNode) -> Int? {
        guard case .scalar(let s) = node.kind, case .int(let value?) = s.resolved else { return nil }
        return value
    }

    /// A plain finite number.
    static func number(_ node: YAMLNode) -> Double? {
        guard case .scalar(let s) = node.kind else { return nil }
        switch s.resolved {
        case .int(let i?): return Double(i)
        case .float(let d) where d.isFinite: return d
        default: return nil
        }
    }
}
