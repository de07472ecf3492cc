import Diagnostics
import Syntax

/// What each agent kind needs and accepts, beyond the shape: AIW401 (a setting the kind
/// needs is missing), AIW402 (a setting the kind ignores), AIW227 (an empty command).
struct AgentRules {
    let file: SourceFile

    /// The keys that apply only to some kinds; every other key applies to all.
    static let applicable: [String: [AgentKind]] = [
        "command": [.claudeCode, .opencode, .cli],
        "prompt": [.cli],
        "endpoint": [.openai],
        "api_key_env": [.openai],
        "allowed_tools": [.claudeCode],
        "mcp_config": [.claudeCode],
    ]

    func check(_ root: YAMLNode, into sink: inout DiagnosticSink) {
        for pair in root["agents"]?.mapping ?? [] {
            // An agent without a readable kind was reported by the schema; what it needs
            // cannot be known.
            guard let kindNode = pair.value["kind"], let kind = RegistryValue.text(kindNode).flatMap(AgentKind.init) else { continue }
            checkApplicable(pair.value, kind: kind, kindNode: kindNode, into: &sink)
            checkRequired(pair, kind: kind, kindNode: kindNode, into: &sink)
        }
    }

    private func checkApplicable(_ agent: YAMLNode, kind: AgentKind, kindNode: YAMLNode, into sink: inout DiagnosticSink) {
        for (index, pair) in (agent.mapping ?? []).enumerated() {
            guard let kinds = Self.applicable[pair.key], !kinds.contains(kind) else { continue }
            sink.report(
                .settingNotApplicable, "'\(pair.key)' does not apply to an agent of kind \(kind.rawValue) and would be ignored",
                at: pair.keySpan,
                notes: [Note("the kind is given here", at: sink.range(kindNode.span))],
                help: ["'\(pair.key)' is for \(joinedWords(kinds.map(\.rawValue))) agents"],
                fixIts: PairRemoval.fixIt(index, in: agent, file: file, "remove '\(pair.key)'"))
        }
    }

    private func checkRequired(_ pair: YAMLPair, kind: AgentKind, kindNode: YAMLNode, into sink: inout DiagnosticSink) {
        let agent = pair.value
        if let command = agent["command"], command.sequence?.isEmpty == true {
            sink.report(
                .emptyValue, "'agents.\(pair.key).command' cannot be empty", at: command.span,
                help: ["give the program to run, then its arguments"])
        }
        if let check = agent["health_check"], check.mapping != nil {
            if let command = check["command"], command.sequence?.isEmpty == true {
                sink.report(
                    .emptyValue, "'agents.\(pair.key).health_check.command' cannot be empty", at: command.span,
                    help: ["give the program to run, then its arguments"])
            } else if check["command"] == nil, check["url"] == nil {
                sink.report(
                    .agentMissingSetting, "the health check of agent '\(pair.key)' needs a 'command' or a 'url'", at: check.span,
                    help: ["add `command: [program, arg, …]` (must exit 0) or `url: https://…` (must answer with a 2xx status)"])
            }
        }
        let shape = RegistrySchema.agentObject
        switch kind {
        case .cli where !shape.isGivenOrMisspelt("command", in: agent):
            sink.report(
                .agentMissingSetting, "agent '\(pair.key)' of kind cli needs a 'command': no program is known for it",
                at: kindNode.span, help: ["add `command: [program, arg, …]` to the agent"])
        case .openai:
            var missing: [String] = []
            if !shape.isGivenOrMisspelt("endpoint", in: agent) { missing.append("'endpoint'") }
            let models = agent["models"]
            if !shape.isGivenOrMisspelt("models", in: agent) { missing.append("at least one model in 'models'") }
            if let models, models.sequence?.isEmpty == true, missing.isEmpty {
                sink.report(
                    .agentMissingSetting, "agent '\(pair.key)' of kind openai needs at least one model", at: models.span,
                    help: ["name the model the endpoint serves, as in `models: [gpt-4.1]`"])
            } else if !missing.isEmpty {
                sink.report(
                    .agentMissingSetting, "agent '\(pair.key)' of kind openai needs \(missing.joined(separator: " and "))",
                    at: kindNode.span,
                    help: ["an openai agent is an HTTP endpoint: give its base URL in `endpoint:` and the model to ask in `models:`"])
            }
        default:
            break
        }
    }
}

/// `a`, `a and b`, `a, b and c`, for messages.
func joinedWords(_ words: [String]) -> String {
    guard let last = words.last else { return "" }
    return words.count == 1 ? last : words.dropLast().joined(separator: ", ") + " and " + last
}
