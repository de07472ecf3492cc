import Diagnostics
import Syntax

/// What each implementation type needs and accepts, beyond the shape: AIW402 (a setting
/// the type ignores), AIW403 (a setting it needs), AIW404 (an unknown agent in
/// `agent_compatibility`), AIW405 (`auth`), AIW406 (a shared priority), AIW227 (an empty
/// list of implementations or an empty command).
struct ToolRules {
    let file: SourceFile
    /// The agents, to check `agent_compatibility` against.
    let registry: ProjectRegistry

    /// The keys that apply only to some types; every other key applies to all.
    static let applicable: [String: [ImplementationType]] = [
        "command": [.mcp, .exec],
        "url": [.mcp],
        "spec": [.openapi],
        "base_url": [.openapi],
        "auth": [.openapi, .mcp],
        "secrets": [.mcp, .exec],
        "env": [.mcp, .exec],
    ]

    func check(_ root: YAMLNode, into sink: inout DiagnosticSink) {
        for tool in root["tools"]?.mapping ?? [] {
            guard let implementations = tool.value["implementations"], let items = implementations.sequence else { continue }
            if items.isEmpty {
                sink.report(
                    .emptyValue, "'tools.\(tool.key).implementations' cannot be empty", at: implementations.span,
                    help: ["a tool needs at least one implementation: mcp, openapi or exec"])
            }
            for item in items where item.mapping != nil {
                checkCompatibility(item, into: &sink)
                guard let typeNode = item["type"], let type = RegistryValue.text(typeNode).flatMap(ImplementationType.init) else { continue }
                checkApplicable(item, type: type, typeNode: typeNode, into: &sink)
                checkRequired(item, type: type, typeNode: typeNode, tool: tool.key, into: &sink)
                if let auth = item["auth"], type == .openapi || item["url"] != nil { checkAuth(auth, into: &sink) }
            }
            checkPriorities(items, tool: tool.key, into: &sink)
        }
    }

    private func checkApplicable(_ item: YAMLNode, type: ImplementationType, typeNode: YAMLNode, into sink: inout DiagnosticSink) {
        for (index, pair) in (item.mapping ?? []).enumerated() {
            guard let types = Self.applicable[pair.key] else { continue }
            // On `mcp`, `auth` is for a remote server (`url`); `secrets` for a local one (`command`).
            let applies = types.contains(type)
                && !(pair.key == "auth" && type == .mcp && item["url"] == nil)
                && !((pair.key == "secrets" || pair.key == "env") && type == .mcp && item["url"] != nil)
            guard !applies else { continue }
            let help = pair.key == "auth" && type == .mcp
                ? "an mcp server started with 'command' inherits its credentials from the environment; 'auth' is for a remote server ('url')"
                : "'\(pair.key)' is for \(joinedWords(types.map(\.rawValue))) implementations"
            sink.report(
                .settingNotApplicable, "'\(pair.key)' does not apply to an implementation of type \(type.rawValue) and would be ignored",
                at: pair.keySpan,
                notes: [Note("the type is given here", at: sink.range(typeNode.span))],
                help: [help],
                fixIts: PairRemoval.fixIt(index, in: item, file: file, "remove '\(pair.key)'"))
        }
    }

    private func checkRequired(_ item: YAMLNode, type: ImplementationType, typeNode: YAMLNode, tool: String, into sink: inout DiagnosticSink) {
        if let command = item["command"], command.sequence?.isEmpty == true {
            sink.report(.emptyValue, "'command' cannot be empty", at: command.span, help: ["give the program to run, then its arguments"])
        }
        let shape = RegistrySchema.implementationObject
        switch type {
        case .mcp:
            let command = item.pair("command")
            let url = item.pair("url")
            if let command, let url {
                let (first, second) = command.keySpan.start < url.keySpan.start ? (command, url) : (url, command)
                sink.report(
                    .implementationMissingSetting, "an mcp implementation of tool '\(tool)' has both 'command' and 'url'", at: second.keySpan,
                    notes: [Note("'\(first.key)' is given here", at: sink.range(first.keySpan))],
                    help: ["keep 'command' for a local server or 'url' for a remote one; list the other as a second implementation"])
            } else if !shape.isGivenOrMisspelt("command", in: item), !shape.isGivenOrMisspelt("url", in: item) {
                sink.report(
                    .implementationMissingSetting, "an mcp implementation of tool '\(tool)' needs 'command' (a local server) or 'url' (a remote one)",
                    at: typeNode.span, help: ["add `command: [program, arg, …]` or `url: https://…`"])
            }
        case .openapi:
            let missing = ["spec", "base_url"].filter { !shape.isGivenOrMisspelt($0, in: item) }
            if !missing.isEmpty {
                sink.report(
                    .implementationMissingSetting,
                    "an openapi implementation of tool '\(tool)' needs \(joinedWords(missing.map { "'\($0)'" }))", at: typeNode.span,
                    help: ["'spec' is the OpenAPI document (a URL or path), 'base_url' the server to call"])
            }
        case .exec:
            if !shape.isGivenOrMisspelt("command", in: item) {
                sink.report(
                    .implementationMissingSetting, "an exec implementation of tool '\(tool)' needs a 'command'", at: typeNode.span,
                    help: ["add `command: [program, arg, …]`: the program reads the call as JSON on stdin"])
            }
        }
    }

    private func checkAuth(_ auth: YAMLNode, into sink: inout DiagnosticSink) {
        guard let typeNode = auth["type"], let kind = RegistryValue.text(typeNode).flatMap(ToolAuth.Kind.init) else { return }
        switch kind {
        case .none:
            for (index, pair) in (auth.mapping ?? []).enumerated() where pair.key == "secret" || pair.key == "header" || pair.key == "query" {
                sink.report(
                    .invalidToolAuth, "'\(pair.key)' has no meaning with auth type none", at: pair.keySpan,
                    notes: [Note("the type is given here", at: sink.range(typeNode.span))],
                    help: ["remove it, or choose the type that uses it (bearer or api_key)"],
                    fixIts: PairRemoval.fixIt(index, in: auth, file: file, "remove '\(pair.key)'"))
            }
        case .bearer, .apiKey:
            let shape = RegistrySchema.authObject
            var missing = shape.isGivenOrMisspelt("secret", in: auth) ? [] : ["'secret'"]
            if kind == .apiKey, !shape.isGivenOrMisspelt("header", in: auth), !shape.isGivenOrMisspelt("query", in: auth) {
                missing.append("'header' or 'query'")
            }
            if kind == .apiKey, auth.pair("header") != nil, let query = auth.pair("query") {
                sink.report(
                    .invalidToolAuth, "auth type api_key sends the key in a header or in the query, not both", at: query.keySpan,
                    help: ["keep 'header' or 'query'"])
            }
            for key in ["header", "query"] where kind == .bearer {
                guard let pair = auth.pair(key) else { continue }
                sink.report(
                    .invalidToolAuth, "'\(key)' has no meaning with auth type bearer, which always uses 'Authorization'",
                    at: pair.keySpan, help: ["use type api_key to send the secret in another header or in the query"])
            }
            guard !missing.isEmpty else { return }
            sink.report(
                .invalidToolAuth, "auth type \(kind.rawValue) needs \(joinedWords(missing))", at: typeNode.span,
                help: [kind == .bearer
                    ? "name the secret (an environment variable) that holds the token: `secret: NAME`"
                    : "name the secret that holds the key and the header or query parameter that carries it: `secret: NAME, header: X-API-Key` or `secret: NAME, query: api_key`"])
        }
    }

    private func checkCompatibility(_ item: YAMLNode, into sink: inout DiagnosticSink) {
        // Without a readable agents file, every name would look unknown.
        guard registry.agentsFileRead, let pairs = item["agent_compatibility"]?.mapping else { return }
        let known = registry.agents.keys.sorted() + registry.brokenAgentIDs.sorted()
        for pair in pairs where registry.agents[pair.key] == nil && !registry.brokenAgentIDs.contains(pair.key) {
            let close = Suggestions.closest(to: pair.key, in: known)
            let path = registry.agentsFile?.path ?? "the agents file"
            sink.report(
                .unknownCompatibilityAgent, "agent_compatibility names agent '\(pair.key)', which \(path) does not define",
                at: pair.keySpan,
                notes: [Note("the agents are defined here", at: registry.agentsKeyRange)],
                help: [known.isEmpty ? "the agents file defines no agent" : Suggestions.help(for: pair.key, in: known, what: "agent")],
                fixIts: close.count == 1 ? [.replace(pair.keySpan, with: close[0], "replace with '\(close[0])'")] : [])
        }
    }

    private func checkPriorities(_ items: [YAMLNode], tool: String, into sink: inout DiagnosticSink) {
        var seen: [Int: (position: Int, span: Span)] = [:]
        for (index, item) in items.enumerated() where item.mapping != nil {
            let node = item["priority"]
            guard let priority = node.map(RegistryValue.integer) ?? index + 1 else { continue }
            let span = node?.span ?? item.span
            if let first = seen[priority] {
                sink.report(
                    .duplicatePriority,
                    "implementations \(first.position) and \(index + 1) of tool '\(tool)' both have priority \(priority), so which is tried first is not said",
                    at: span,
                    notes: [Note("implementation \(first.position) has priority \(priority)\(items[first.position - 1]["priority"] == nil ? " (its position)" : "")", at: sink.range(first.span))],
                    help: ["give each implementation its own priority; lower numbers are tried first"])
            } else {
                seen[priority] = (index + 1, span)
            }
        }
    }
}
