import Syntax

/// What the whole project tells a workflow's migration: the agents it defines, the defaults
/// of its `aiworkflow.yaml`, and its v0 webhooks.
struct ProjectContext {
    /// Agent ids of the project's agents file (after migration); nil without one, when
    /// every agent name is kept.
    var agents: Set<String>?
    /// `agent.primary` of aiworkflow.yaml.
    var primaryAgent: String?
    /// `agent.fallback` of aiworkflow.yaml.
    var fallbackAgents: [String] = []
    /// `tools.retry_policy` of aiworkflow.yaml, as a retry mapping of this language.
    var retry: YAMLOut?
    /// `workflows.default_timeout` of aiworkflow.yaml, as a duration.
    var timeout: String?
    /// Webhook triggers by v0 workflow id, with the secrets they read.
    var webhooks: [String: [(trigger: YAMLOut, secret: String?)]] = [:]
}

/// v0 durations: `300s`, `5m`, `1h`, `1d`, or an integer of seconds.
enum V0Duration {
    static func text(_ node: YAMLNode?) -> String? {
        guard let text = node?.scalar?.text.trimmingBlanks, !text.isEmpty else { return nil }
        if let seconds = Int(text), seconds > 0 { return "\(seconds)s" }
        let units = ["ms", "s", "m", "h", "d"]
        for unit in units where text.hasSuffix(unit) {
            let digits = text.dropLast(unit.count)
            if let n = Int(digits), n > 0, !(unit == "m" && text.hasSuffix("ms")) { return "\(n)\(unit)" }
        }
        return nil
    }
}
