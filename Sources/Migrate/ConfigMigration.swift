import Diagnostics
import Syntax

/// The v0 configuration files (docs/migrating.md §3): the agents file and the tool registry
/// are translated; `aiworkflow.yaml` and `triggers/webhooks.yaml` are folded into the
/// workflows (defaults, triggers).
enum ConfigMigration {
    /// Reads a whole configuration file, reporting broken YAML as AIW702.
    static func read(_ file: SourceFile, _ issues: inout MigrationIssues) -> YAMLNode? {
        var sink = DiagnosticSink(file: file)
        switch YAMLDocument.parse(file, into: &sink) {
        case .success(let root): return root
        case .failure:
            let first = sink.diagnostics.sorted(by: Diagnostic.precedes).first
            issues.report(.v0Unreadable, "this v0 configuration file cannot be read: \(first?.message ?? "not valid YAML")",
                          at: first?.range.span ?? Span.point(0), help: ["fix the YAML and migrate again"])
            return nil
        }
    }

    // MARK: Agents

    /// The migrated agents file.
    static func agents(_ root: YAMLNode, _ issues: inout MigrationIssues) -> String {
        var lines = ["# Agents this project can run, by id (docs/configuration.md).", "# Migrated from aiworkflow 0.1 by `aiwc migrate`.", "agents:"]
        for pair in root["agents"]?.mapping ?? [] {
            let (agent, dropped) = agent(pair.key, pair.value, pair.keySpan, &issues)
            lines.append("  " + YAMLOut.key(pair.key) + ":")
            lines += agent.blockLines(indent: 4)
            lines += dropped.map { "    # v0: " + $0 }
        }
        if let rules = root["routing_rules"] {
            issues.report(.v0RoutingRules, "v0 `routing_rules` chose an agent at run time; here a workflow names `agent.preferred` and `fallback`, and a step its own `agent`: they are kept as comments",
                          at: root.pair("routing_rules")?.keySpan ?? rules.span)
            lines.append("# v0: routing_rules:")
            for rule in rules.sequence ?? [] { lines.append("# v0:   - " + YAMLOut(rule).flow) }
        }
        for pair in root.mapping ?? [] where !["agents", "routing_rules"].contains(pair.key) {
            issues.report(.v0SettingDropped, "v0 `\(pair.key)` of the agents file has no equivalent here; it is kept as a comment", at: pair.keySpan)
            lines.append("# v0: \(pair.key): " + YAMLOut(pair.value).flow)
        }
        return lines.map(YAMLOut.comment).joined(separator: "\n") + "\n"
    }

    private static func agent(_ id: String, _ node: YAMLNode, _ span: Span, _ issues: inout MigrationIssues) -> (YAMLOut, [String]) {
        let provider = node["provider"]?.scalar?.text.lowercased() ?? ""
        let lower = id.lowercased()
        var out: [(String, YAMLOut)] = []
        let endpoints = ["openai": "https://api.openai.com/v1", "ollama": "http://127.0.0.1:11434/v1", "openrouter": "https://openrouter.ai/api/v1"]
        if lower.contains("claude") && (provider.isEmpty || provider == "anthropic") && !lower.contains("api") {
            out.append(("kind", .word("claude-code")))
        } else if lower.contains("opencode") || provider == "opencode" {
            out.append(("kind", .word("opencode")))
        } else if let endpoint = endpoints[provider] {
            out.append(("kind", .word("openai")))
            out.append(("endpoint", .string(endpoint)))
            issues.report(.v0SettingDropped, "agent '\(id)' of provider \(provider) becomes an `openai` agent at \(endpoint); check the endpoint, and add `api_key_env`", at: span)
        } else {
            out.append(("kind", .word("cli")))
            out.append(("command", .string(id)))
            issues.report(.v0SettingDropped, "agent '\(id)' (provider '\(provider)') becomes a `cli` agent running `\(id)`; check the command and how it takes its prompt", at: span)
        }
        let capabilities = node["capabilities"]
        if let models = node["supported_models"]?.sequence, !models.isEmpty {
            out.append(("models", .sequence(models.map(YAMLOut.init))))
        }
        var found: [String] = []
        func add(_ c: String) { if !found.contains(c) { found.append(c) } }
        var dropped: [String] = []
        for pair in capabilities?.mapping ?? [] {
            let value = pair.value.scalar?.text ?? ""
            switch pair.key {
            case "tool_calling":
                if value == "native" || value == "supported" { add("tool_use") } else { dropped.append("capabilities.tool_calling: \(value)") }
            case "mcp":
                if pair.value["native_support"]?.scalar?.text == "true" || value == "true" { add("mcp") }
                if let servers = pair.value["mcp_servers"] { dropped.append("capabilities.mcp.mcp_servers: " + YAMLOut(servers).flow) }
            case "code_execution", "web_search":
                if value == "true" { add(pair.key) }
            case "reasoning":
                if value == "advanced" { add("reasoning") }
            case "extended_reasoning":
                if value == "true" { add("reasoning") }
            case "structured_output":
                if value == "true" { add("structured_output") }
            case "context_window":
                if let n = Int(value), n >= 1 { out.append(("context_window", .word(String(n)))) }
            default:
                dropped.append("capabilities.\(pair.key): " + YAMLOut(pair.value).flow)
            }
        }
        if !found.isEmpty { out.append(("capabilities", .sequence(found.map(YAMLOut.word)))) }
        for pair in node.mapping ?? [] where !["provider", "capabilities", "supported_models"].contains(pair.key) {
            dropped.append("\(pair.key): " + YAMLOut(pair.value).flow)
        }
        if !dropped.isEmpty {
            let keys = dropped.map { String($0.prefix { $0 != ":" }) }
            issues.report(.v0SettingDropped, "v0 settings of agent '\(id)' have no equivalent here (\(keys.joined(separator: ", "))); they are kept as comments", at: span)
        }
        return (.mapping(out), dropped)
    }

    // MARK: Tools

    /// The migrated tool registry.
    /// - Parameter timeout: `tools.timeout` of aiworkflow.yaml, for implementations.
    static func registry(_ root: YAMLNode, timeout: String?, _ issues: inout MigrationIssues) -> String {
        var lines = ["# Tools workflows may call, by id (docs/configuration.md).", "# Migrated from aiworkflow 0.1 by `aiwc migrate`; run `aiwc tools sync` next.", "tools:"]
        for tool in root["tools"]?.sequence ?? [] {
            guard let name = tool["name"]?.scalar?.text, !name.isEmpty else {
                issues.report(.v0Unreadable, "this v0 tool has no `name`; it is left out", at: tool.span)
                continue
            }
            var out: [(String, YAMLOut)] = []
            var dropped: [String] = []
            if let description = tool["description"]?.scalar?.text { out.append(("description", .string(description))) }
            var implementations: [YAMLOut] = []
            for implementation in tool["implementations"]?.sequence ?? [] {
                if let converted = self.implementation(name, implementation, tool, timeout: timeout, &dropped, &issues) {
                    implementations.append(converted)
                }
            }
            out.append(("implementations", .sequence(implementations)))
            for pair in tool.mapping ?? [] where !["name", "description", "implementations", "authentication", "rate_limits"].contains(pair.key) {
                dropped.append("\(pair.key): " + YAMLOut(pair.value).flow)
                if pair.key != "category" {
                    issues.report(.v0SettingDropped, "v0 `\(pair.key)` of tool '\(name)' has no equivalent here; it is kept as a comment", at: pair.keySpan)
                }
            }
            lines.append("  " + YAMLOut.key(name) + ":")
            lines += YAMLOut.mapping(out).blockLines(indent: 4)
            lines += dropped.map { "    # v0: " + $0 }
        }
        for pair in root.mapping ?? [] where pair.key != "tools" {
            lines.append("# v0: \(pair.key): " + YAMLOut(pair.value).flow)
        }
        return lines.map(YAMLOut.comment).joined(separator: "\n") + "\n"
    }

    private static func implementation(_ name: String, _ node: YAMLNode, _ tool: YAMLNode, timeout: String?, _ dropped: inout [String],
                                       _ issues: inout MigrationIssues) -> YAMLOut? {
        let type = node["type"]?.scalar?.text ?? ""
        var out: [(String, YAMLOut)] = []
        let auth = tool["authentication"]
        let authType = auth?["type"]?.scalar?.text ?? "none"
        let token = auth?["token_env"]?.scalar?.text
        switch type {
        case "mcp":
            out.append(("type", .word("mcp")))
            if let package = node["package"]?.scalar?.text {
                let runner = package.hasPrefix("@") || package.contains("/") ? ["npx", "-y"] : ["uvx"]
                out.append(("command", .sequence((runner + [package]).map(YAMLOut.string))))
                issues.report(.v0SettingDropped, "the MCP server of tool '\(name)' is started with `\((runner + [package]).joined(separator: " "))`, guessed from its v0 `package`; check it, then run `aiwc tools sync`",
                              at: node["package"]?.span ?? node.span)
            } else if let url = node["url"]?.scalar?.text {
                out.append(("url", .string(url)))
            } else {
                issues.report(.v0SettingDropped, "the MCP implementation of tool '\(name)' names no `package`; give it a `command`", at: node.span)
            }
            if let token, authType != "none", out.contains(where: { $0.0 == "command" }) {
                out.append(("secrets", .sequence([.string(token)])))
            }
        case "openapi":
            out.append(("type", .word("openapi")))
            if let spec = (node["spec_path"] ?? node["spec_url"] ?? node["spec"])?.scalar?.text { out.append(("spec", .string(spec))) }
            if let base = node["base_url"]?.scalar?.text {
                out.append(("base_url", .string(base)))
            } else {
                issues.report(.v0SettingDropped, "v0 OpenAPI implementations of tool '\(name)' had no `base_url`; add the server to call", at: node.span)
            }
            switch authType {
            case "bearer_token", "bearer":
                if let token { out.append(("auth", .mapping([("type", .word("bearer")), ("secret", .string(token))]))) }
            case "api_key":
                if let token {
                    out.append(("auth", .mapping([("type", .word("api_key")), ("secret", .string(token)), ("header", .string("X-API-Key"))])))
                    issues.report(.v0SettingDropped, "v0 api_key auth of tool '\(name)' named no header; it is sent in X-API-Key, check it", at: auth?.span ?? node.span)
                }
            case "none": break
            default:
                issues.report(.v0SettingDropped, "v0 \(authType) authentication of tool '\(name)' has no equivalent here (bearer, api_key or none); it is kept as a comment",
                              at: auth?.span ?? node.span)
                dropped.append("authentication: " + YAMLOut(auth ?? node).flow)
            }
        case "custom", "exec":
            out.append(("type", .word("exec")))
            let path = (node["adapter_path"] ?? node["command"])?.scalar?.text ?? name
            out.append(("command", .sequence([.string(path)])))
            issues.report(.v0SettingDropped, "the custom adapter of tool '\(name)' becomes an `exec` program; it must speak the exec protocol (docs/tools.md §2)",
                          at: node["adapter_path"]?.span ?? node.span)
            if let token, authType != "none" { out.append(("secrets", .sequence([.string(token)]))) }
        default:
            issues.report(.v0Unreadable, "implementation type '\(type)' of tool '\(name)' is not mcp, openapi or custom; it is left out", at: node.span)
            dropped.append("implementation: " + YAMLOut(node).flow)
            return nil
        }
        if let priority = node["priority"] { out.append(("priority", YAMLOut(priority))) }
        if let compatibility = node["agent_compatibility"] { out.append(("agent_compatibility", YAMLOut(compatibility))) }
        if let limits = tool["rate_limits"] { out.append(("rate_limits", YAMLOut(limits))) }
        if let timeout { out.append(("timeout", .word(timeout))) }
        for pair in node.mapping ?? [] where !["type", "package", "url", "spec_path", "spec_url", "spec", "base_url", "adapter_path", "command", "priority", "agent_compatibility"].contains(pair.key) {
            issues.report(.v0SettingDropped, "v0 `\(pair.key)` of tool '\(name)' has no equivalent here; it is kept as a comment", at: pair.keySpan)
            dropped.append("\(type).\(pair.key): " + YAMLOut(pair.value).flow)
        }
        return .mapping(out)
    }

    // MARK: aiworkflow.yaml and webhooks

    /// The defaults of a v0 `aiworkflow.yaml` that workflows take where they have none.
    static func defaults(_ root: YAMLNode, into context: inout ProjectContext, _ issues: inout MigrationIssues) -> String? {
        context.primaryAgent = root["agent"]?["primary"]?.scalar?.text
        context.fallbackAgents = (root["agent"]?["fallback"]?.sequence ?? root["agent"]?["fallback"].map { [$0] } ?? []).compactMap { $0.scalar?.text }
        if let policy = root["tools"]?["retry_policy"] {
            var retry: [(String, YAMLOut)] = []
            for pair in policy.mapping ?? [] {
                let text = pair.value.scalar?.text ?? ""
                switch pair.key {
                case "max_attempts" where (Int(text) ?? 0) >= 1 && (Int(text) ?? 0) <= 100: retry.append(("max_attempts", .word(text)))
                case "backoff" where ["exponential", "fixed"].contains(text): retry.append(("backoff", .word(text)))
                case "initial_delay" where V0Duration.text(pair.value) != nil: retry.append(("initial", .word(V0Duration.text(pair.value) ?? "")))
                case "max_delay" where V0Duration.text(pair.value) != nil: retry.append(("max", .word(V0Duration.text(pair.value) ?? "")))
                default:
                    issues.report(.v0SettingDropped, "`tools.retry_policy.\(pair.key)` cannot be carried (not a setting of a retry here, or a value that cannot be read)", at: pair.keySpan)
                }
            }
            if !retry.isEmpty { context.retry = .mapping(retry) }
        }
        for (section, key) in [("workflows", "default_timeout"), ("tools", "timeout")] {
            if let node = root[section]?[key], V0Duration.text(node) == nil {
                issues.report(.v0SettingDropped, "`\(section).\(key)` is not a duration (300s, 5m, 1h, 1d or seconds); it is not carried", at: node.span)
            }
        }
        context.timeout = V0Duration.text(root["workflows"]?["default_timeout"])
        let used: [String: Set<String>] = ["agent": ["primary", "fallback"], "tools": ["retry_policy", "timeout"], "workflows": ["default_timeout"]]
        for pair in root.mapping ?? [] {
            let keep = used[pair.key] ?? []
            let unused = (pair.value.mapping ?? []).filter { !keep.contains($0.key) }
            if keep.isEmpty {
                issues.report(.v0SettingDropped, "v0 `\(pair.key)` of aiworkflow.yaml has no equivalent here; it is not carried", at: pair.keySpan)
            } else if !unused.isEmpty {
                issues.report(.v0SettingDropped, "v0 \(unused.map { "`\(pair.key).\($0.key)`" }.joined(separator: ", ")) of aiworkflow.yaml \(unused.count == 1 ? "has" : "have") no equivalent here; not carried",
                              at: pair.keySpan)
            }
        }
        return V0Duration.text(root["tools"]?["timeout"])
    }

    /// The v0 webhooks, as triggers of the workflows they name.
    /// - Parameter workflows: The v0 workflow ids being migrated.
    static func webhooks(_ root: YAMLNode, workflows: Set<String>, into context: inout ProjectContext, _ issues: inout MigrationIssues) {
        var taken: [String] = []
        let sortedWorkflows = workflows.sorted()
        for pair in root.mapping ?? [] where pair.key != "webhooks" {
            issues.report(.v0Webhook, "v0 `\(pair.key)` of the webhooks file has no equivalent here; it is not carried", at: pair.keySpan)
        }
        if let hooks = root["webhooks"], hooks.sequence == nil {
            issues.report(.v0Unreadable, "v0 `webhooks` must be a list; no webhook is carried", at: hooks.span)
        }
        for hook in root["webhooks"]?.sequence ?? [] {
            let id = hook["id"]?.scalar?.text ?? hook["path"]?.scalar?.text ?? "webhook"
            let named = hook["workflow_id"]?.scalar?.text ?? ""
            guard let workflow = sortedWorkflows.first(where: { $0 == named }) ?? sortedWorkflows.first(where: { WorkflowMigration.slug($0) == WorkflowMigration.slug(named) && !named.isEmpty }) else {
                issues.report(.v0Webhook, "webhook '\(id)' names workflow '\(hook["workflow_id"]?.scalar?.text ?? "")', which is not a v0 workflow of this project; it is left out", at: hook.span)
                continue
            }
            if V0Value.isFalse(hook["enabled"]) {
                issues.report(.v0Webhook, "webhook '\(id)' is disabled; it is left out", at: hook.span)
                continue
            }
            var out: [(String, YAMLOut)] = [("path", .string(hook["path"]?.scalar?.text ?? "/"))]
            var secretName: String?
            if let secret = hook["secret"]?.scalar?.text, !secret.isEmpty {
                let name = V0Value.secretName(secret, id: id, taken: taken)
                if name.literal {
                    issues.report(.v0Webhook, "the secret of webhook '\(id)' is written in the v0 file; here it is read from the environment variable \(name.name): set it to that value, and remove the value from the v0 file",
                                  at: hook["secret"]?.span ?? hook.span)
                    taken.append(name.name)
                }
                secretName = name.name
                out.append(("secret", .string(name.name)))
            }
            for pair in hook.mapping ?? [] where !["id", "path", "workflow_id", "secret", "methods", "enabled", "description"].contains(pair.key) {
                issues.report(.v0Webhook, "v0 `\(pair.key)` of webhook '\(id)' has no equivalent here; it is not carried", at: pair.keySpan)
            }
            let methods = (hook["methods"]?.sequence ?? []).compactMap { $0.scalar?.text.uppercased() }
            if !methods.isEmpty { out.append(("methods", .sequence(methods.map(YAMLOut.word)))) }
            context.webhooks[workflow, default: []].append((.mapping([("webhook", .mapping(out))]), secretName))
        }
    }
}

/// Readings of v0 values as Python's aiworkflow read them.
enum V0Value {
    /// Whether a value is false as PyYAML reads it (YAML 1.1: `false`, `no`, `off` in any
    /// of their cases, unquoted); a quoted "false" is a non-empty string, so true.
    static func isFalse(_ node: YAMLNode?) -> Bool {
        guard let scalar = node?.scalar, case .plain = scalar.style else { return false }
        return ["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"].contains(scalar.text)
    }

    /// The environment variable that holds a v0 webhook secret: the name in `${NAME}` or
    /// `$NAME`; for a secret written as it is, a new name from the webhook's id (with a
    /// number when another webhook's secret has it), which the caller reports.
    static func secretName(_ secret: String, id: String, taken: [String]) -> (name: String, literal: Bool) {
        let named = secret.hasPrefix("${") && secret.hasSuffix("}") ? String(secret.dropFirst(2).dropLast()) : secret.hasPrefix("$") ? String(secret.dropFirst()) : ""
        if !named.isEmpty, named.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), named.first?.isLetter == true {
            return (named, false)
        }
        let stem = WorkflowMigration.slug(id).uppercased().replacingHyphens
        let base = "WEBHOOK_" + (stem.isEmpty ? "" : stem + "_") + "SECRET"
        var name = base
        var n = 2
        while taken.contains(name) {
            name = base + "_\(n)"
            n += 1
        }
        return (name, true)
    }
}

extension String {
    var replacingHyphens: String { String(map { $0 == "-" ? "_" : $0 }) }
}
