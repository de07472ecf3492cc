import Diagnostics
import Syntax

extension WorkflowMigration {
    /// What the frontmatter gives the steps: the declared inputs.
    typealias Declared = Set<String>

    /// The migrated frontmatter's lines, and the names of the inputs it declares.
    mutating func frontmatter(_ root: YAMLNode?, triggers triggerDocs: [V0YAMLDocument], inputs inputDocs: [V0YAMLDocument],
                              usedTools: [String]) -> ([String], Declared) {
        var out: [(String, YAMLOut)] = []
        var comments: [String] = []
        let workflow = root?["workflow"]
        if let workflow, workflow.mapping == nil {
            issues.report(.v0Unreadable, "v0 `workflow` must be a mapping with `id`, `name`, `version` and `description`", at: workflow.span)
        }
        // name, version, description
        let id = workflow?["id"]?.scalar?.text ?? ""
        var name = Self.slug(id)
        if name.isEmpty {
            let readable = document.frontmatterProblem == nil
            let stem = file.path.split(separator: "/").last.map { String($0.split(separator: ".").first ?? "") } ?? "workflow"
            name = Self.slug(stem).isEmpty ? "workflow" : Self.slug(stem)
            if readable {
                issues.report(.v0SettingDropped, "the v0 workflow has no `workflow.id` (v0 called it \"unnamed\"); its name is '\(name)', from the file name",
                              at: workflow.map { _ in root?.pair("workflow")?.keySpan ?? Span.point(0) } ?? Span.point(0))
            }
        } else if name != id {
            issues.report(.v0SettingDropped, "the v0 id '\(id)' is not a workflow name here (lowercase words joined by hyphens); the name is '\(name)'",
                          at: workflow?["id"]?.span ?? Span.point(0))
        }
        out.append(("name", .string(name)))
        let versionText = workflow?["version"]?.scalar?.text ?? ""
        let version = Self.semver(versionText)
        if version != versionText, document.frontmatterProblem == nil {
            issues.report(.v0SettingDropped, versionText.isEmpty ? "the v0 workflow has no version; it is 1.0.0" : "the v0 version '\(versionText)' is not a semantic version; it is \(version)",
                          at: workflow?["version"]?.span ?? root?.pair("workflow")?.keySpan ?? Span.point(0))
        }
        out.append(("version", .string(version)))
        if let description = workflow?["description"]?.scalar?.text, !description.isEmpty {
            out.append(("description", .string(description.split(whereSeparator: \.isNewline).joined(separator: " "))))
        }
        for key in ["author"] {
            if let node = workflow?[key] { drop("workflow.\(key)", node, &comments) }
        }
        for pair in workflow?.mapping ?? [] where !["id", "name", "version", "description", "author"].contains(pair.key) {
            drop("workflow.\(pair.key)", pair.value, &comments)
        }
        // agent
        var agent: [(String, YAMLOut)] = []
        let (preferred, fallback) = agents(items(root?["compatibility"]?["agents"], "compatibility.agents", &comments))
        if let preferred {
            agent.append(("preferred", .string(preferred)))
            if !fallback.isEmpty { agent.append(("fallback", .sequence(fallback.map(YAMLOut.string)))) }
        } else if let primary = project.primaryAgent {
            agent.append(("preferred", .string(primary)))
            if !project.fallbackAgents.isEmpty { agent.append(("fallback", .sequence(project.fallbackAgents.map(YAMLOut.string)))) }
        }
        let requires = features(items(root?["requirements"]?["features"], "requirements.features", &comments), &comments)
        if !requires.isEmpty { agent.append(("requires", .sequence(requires.map(YAMLOut.word)))) }
        if !agent.isEmpty { out.append(("agent", .mapping(agent))) }
        for pair in root?["compatibility"]?.mapping ?? [] where pair.key != "agents" {
            drop("compatibility.\(pair.key)", pair.value, &comments)
        }
        // inputs
        var declared: Declared = []
        var inputs: [(String, YAMLOut)] = []
        if let node = root?["inputs"] { inputs += self.inputs(node, &declared) }
        for doc in inputDocs where doc.problem == nil {
            if let node = doc.root?["inputs"] ?? doc.root { inputs += self.inputs(node, &declared, doc: doc) }
            otherKeys(of: doc, besides: "inputs", &comments)
        }
        for doc in inputDocs + triggerDocs { if let p = doc.problem { unreadable(p) } }
        if !inputs.isEmpty { out.append(("inputs", .mapping(inputs))) }
        // secrets, tools
        var secrets: [String] = []
        var triggerItems: [YAMLOut] = []
        if let node = root?["triggers"] { triggerItems += triggers(node, nil, &comments, secrets: &secrets) }
        for doc in triggerDocs where doc.problem == nil {
            if let node = doc.root?["triggers"] ?? doc.root { triggerItems += triggers(node, doc, &comments, secrets: &secrets) }
            otherKeys(of: doc, besides: "triggers", &comments)
        }
        for hook in project.webhooks[id] ?? [] {
            triggerItems.append(hook.trigger)
            if let secret = hook.secret, !secrets.contains(secret) { secrets.append(secret) }
        }
        if !secrets.isEmpty { out.append(("secrets", .sequence(secrets.map(YAMLOut.string)))) }
        var tools = items(root?["requirements"]?["tools"], "requirements.tools", &comments).compactMap { $0.scalar?.text }
        // A tool a step calls is listed, as v0 would have looked it up anyway.
        for tool in usedTools where !tools.contains(tool) { tools.append(tool) }
        if !tools.isEmpty { out.append(("tools", .sequence(tools.map(YAMLOut.string)))) }
        if !triggerItems.isEmpty { out.append(("triggers", .sequence(triggerItems))) }
        for pair in root?["requirements"]?.mapping ?? [] where !["tools", "features"].contains(pair.key) {
            drop("requirements.\(pair.key)", pair.value, &comments)
        }
        // retry, timeout
        let execution = root?["execution"]
        if let retries = execution?["max_retries"] {
            if let n = Int(retries.scalar?.text ?? ""), n >= 0, n < 100 {
                out.append(("retry", .mapping([("max_attempts", .word(String(n + 1)))])))
            } else {
                issues.report(.v0SettingDropped, "`execution.max_retries` is not a number of retries from 0 to 98; it is left out", at: retries.span)
                comments.append("# v0: execution.max_retries: " + YAMLOut(retries).flow)
            }
        }
        if let node = execution?["timeout"] {
            if let duration = V0Duration.text(node) {
                out.append(("timeout", .word(duration)))
            } else {
                issues.report(.v0SettingDropped, "`execution.timeout` is not a duration (300s, 5m, 1h, 1d or seconds); it is left out", at: node.span)
                comments.append("# v0: execution.timeout: " + YAMLOut(node).flow)
            }
        } else if let timeout = project.timeout {
            out.append(("timeout", .word(timeout)))
        }
        for pair in execution?.mapping ?? [] where !["max_retries", "timeout", "error_handling", "concurrency"].contains(pair.key) {
            drop("execution.\(pair.key)", pair.value, &comments)
        }
        if let mode = execution?["error_handling"], !["stop", "continue"].contains(mode.scalar?.text ?? "") {
            drop("execution.error_handling", mode, &comments)
        }
        if let concurrency = execution?["concurrency"] {
            // v0 never used it: no meaning is lost, but the comment keeps the record.
            comments.append("# v0: execution.concurrency: " + YAMLOut(concurrency).flow)
        }
        for pair in root?.mapping ?? [] where !["workflow", "compatibility", "requirements", "execution", "triggers", "inputs"].contains(pair.key) {
            drop(pair.key, pair.value, &comments)
        }
        var lines = YAMLOut.mapping(out).blockLines(indent: 0)
        lines += comments.map(YAMLOut.comment)
        return (lines, declared)
    }

    /// The items of a v0 list. A value of another shape is reported (AIW702) and kept as a
    /// comment, so that nothing is dropped in silence.
    mutating func items(_ node: YAMLNode?, _ key: String, _ comments: inout [String]) -> [YAMLNode] {
        guard let node else { return [] }
        if let items = node.sequence { return items }
        issues.report(.v0Unreadable, "v0 `\(key)` must be a list; it is kept as a comment", at: node.span)
        comments.append("# v0: \(key): " + YAMLOut(node).flow)
        return []
    }

    /// A one-key item `name: level` of a v0 list; more keys are reported.
    mutating func onlyPair(_ item: YAMLNode, _ key: String) -> YAMLPair? {
        guard let pairs = item.mapping, let first = pairs.first else { return nil }
        if pairs.count > 1 {
            issues.report(.v0Unreadable, "an item of v0 `\(key)` has \(pairs.count) keys; only '\(first.key)' is read", at: pairs[1].keySpan)
        }
        return first
    }

    /// Keys of a Trigger or Input section's yaml block besides the one read.
    private mutating func otherKeys(of doc: V0YAMLDocument, besides key: String, _ comments: inout [String]) {
        guard let pairs = doc.root?.mapping, pairs.contains(where: { $0.key == key }) else { return }
        for pair in pairs where pair.key != key {
            issues.report(.v0SettingDropped, "v0 `\(pair.key)` beside `\(key)` has no equivalent here; it is kept as a comment", at: doc.fileSpan(pair.keySpan))
            comments.append("# v0: \(pair.key): " + YAMLOut(pair.value).flow)
        }
    }

    /// A setting with no equivalent: a comment and a warning.
    mutating func drop(_ key: String, _ node: YAMLNode, _ comments: inout [String]) {
        issues.report(.v0SettingDropped, "v0 `\(key)` has no equivalent here; it is kept as a comment", at: node.span)
        comments.append("# v0: \(key): " + YAMLOut(node).flow)
    }

    mutating func unreadable(_ problem: (message: String, span: Span)) {
        issues.report(.v0Unreadable, "this v0 yaml block cannot be read: \(problem.message)", at: problem.span,
                      help: ["fix the YAML and migrate again"])
    }

    /// `compatibility.agents`: the recommended agent first, the others as fallbacks in order.
    private mutating func agents(_ list: [YAMLNode]) -> (String?, [String]) {
        var listed: [(name: String, level: String, span: Span)] = []
        for item in list {
            if let name = item.scalar?.text {
                listed.append((name, "supported", item.span))
            } else if let pair = onlyPair(item, "compatibility.agents") {
                listed.append((pair.key, pair.value.scalar?.text ?? "supported", pair.keySpan))
            }
        }
        var kept: [(String, String)] = []
        for entry in listed {
            if let known = project.agents, !known.contains(entry.name) {
                issues.report(.v0AgentDropped, "agent '\(entry.name)' is not in this project's agents file; it is dropped", at: entry.span,
                              help: ["add it to .aiworkflow/agents/capabilities.yaml and to `agent.fallback` if it should run this workflow"])
                continue
            }
            if entry.level == "partial" || entry.level == "experimental" {
                issues.report(.v0AgentDropped, "v0 marked agent '\(entry.name)' as \(entry.level); it is kept as a fallback", at: entry.span)
            }
            kept.append((entry.name, entry.level))
        }
        guard !kept.isEmpty else { return (nil, []) }
        let preferred = kept.first { $0.1 == "recommended" }?.0 ?? kept[0].0
        return (preferred, kept.map(\.0).filter { $0 != preferred })
    }

    /// `requirements.features` marked required (or bare), as capabilities.
    private mutating func features(_ list: [YAMLNode], _ comments: inout [String]) -> [String] {
        let map = ["tool_use": "tool_use", "tool_calling": "tool_use", "function_calling": "tool_use", "tools": "tool_use",
                   "mcp": "mcp", "code_execution": "code_execution", "web_search": "web_search",
                   "reasoning": "reasoning", "extended_reasoning": "reasoning",
                   "structured_output": "structured_output", "json_mode": "structured_output"]
        var found: [String] = []
        for item in list {
            let (name, level, span) = item.scalar.map { ($0.text, "required", item.span) }
                ?? onlyPair(item, "requirements.features").map { ($0.key, $0.value.scalar?.text ?? "required", $0.keySpan) } ?? ("", "", item.span)
            guard !name.isEmpty else { continue }
            guard level == "required" else {
                issues.report(.v0SettingDropped, "v0 feature '\(name)' is \(level), not required; only required features become `agent.requires`", at: span)
                comments.append("# v0: requirements.features: \(name): \(level)")
                continue
            }
            guard let capability = map[name] else {
                issues.report(.v0SettingDropped, "v0 feature '\(name)' is not a capability here (tool_use, mcp, structured_output, reasoning, web_search, code_execution)", at: span)
                comments.append("# v0: requirements.features: \(name)")
                continue
            }
            if !found.contains(capability) { found.append(capability) }
        }
        return found
    }

    /// v0 inputs: `name: {type, default, description, required, min, max, validation}` or a
    /// bare default.
    private mutating func inputs(_ node: YAMLNode, _ declared: inout Declared, doc: V0YAMLDocument? = nil) -> [(String, YAMLOut)] {
        let types = ["string": "string", "str": "string", "text": "string", "integer": "integer", "int": "integer",
                     "float": "number", "number": "number", "double": "number", "boolean": "boolean", "bool": "boolean",
                     "list": "array", "array": "array", "dict": "object", "object": "object", "map": "object"]
        var out: [(String, YAMLOut)] = []
        if node.mapping == nil {
            issues.report(.v0Unreadable, "v0 `inputs` must be a mapping of input names to their settings; they are left out", at: doc?.fileSpan(node.span) ?? node.span)
        }
        for pair in node.mapping ?? [] {
            let span = doc?.fileSpan(pair.keySpan) ?? pair.keySpan
            guard declared.insert(pair.key).inserted else {
                issues.report(.v0SettingDropped, "input '\(pair.key)' is declared twice (in the frontmatter and in an input section); the first declaration is kept", at: span)
                continue
            }
            guard let settings = pair.value.mapping else {
                // A bare default: its type is the value's own.
                let type: String = switch pair.value.kind {
                case .sequence: "array"
                case .mapping: "object"
                case .scalar(let s):
                    if case .plain = s.style {
                        switch YAMLScalar.Resolved.resolve(plain: s.text) {
                        case .bool: "boolean"
                        case .int: "integer"
                        case .float: "number"
                        default: "string"
                        }
                    } else {
                        "string"
                    }
                }
                out.append((pair.key, .mapping([("type", .word(type)), ("default", YAMLOut(pair.value))])))
                continue
            }
            var declaration: [(String, YAMLOut)] = []
            let v0Type = pair.value["type"]?.scalar?.text ?? "string"
            let type = types[v0Type.lowercased()] ?? "string"
            if types[v0Type.lowercased()] == nil {
                issues.report(.v0SettingDropped, "input type '\(v0Type)' is not a type here; '\(pair.key)' is a string", at: span)
            }
            declaration.append(("type", .word(type)))
            for setting in settings {
                let value = YAMLOut(setting.value)
                switch setting.key {
                case "type": break
                case "default", "description", "required": declaration.append((setting.key, value))
                case "min", "minimum": declaration.append(("minimum", value))
                case "max", "maximum": declaration.append(("maximum", value))
                case "enum", "options", "choices": declaration.append(("enum", value))
                case "pattern": declaration.append(("pattern", value))
                case "validation":
                    for check in setting.value.mapping ?? [] {
                        switch check.key {
                        case "pattern": declaration.append(("pattern", YAMLOut(check.value)))
                        case "min", "minimum", "min_value": declaration.append(("minimum", YAMLOut(check.value)))
                        case "max", "maximum", "max_value": declaration.append(("maximum", YAMLOut(check.value)))
                        default:
                            issues.report(.v0SettingDropped, "input validation `\(check.key)` has no equivalent here; it is left out", at: doc?.fileSpan(check.keySpan) ?? check.keySpan)
                        }
                    }
                default:
                    issues.report(.v0SettingDropped, "input setting `\(setting.key)` has no equivalent here; it is left out", at: doc?.fileSpan(setting.keySpan) ?? setting.keySpan)
                }
            }
            out.append((pair.key, .mapping(declaration)))
        }
        return out
    }

    /// v0 triggers: `{type: schedule | webhook | manual | event, enabled, …}`.
    /// - Parameter secrets: Where the secrets webhook triggers read are added.
    private mutating func triggers(_ node: YAMLNode, _ doc: V0YAMLDocument?, _ comments: inout [String], secrets: inout [String]) -> [YAMLOut] {
        var out: [YAMLOut] = []
        guard let items = node.sequence else {
            issues.report(.v0Unreadable, "v0 `triggers` must be a list; it is kept as a comment", at: doc?.fileSpan(node.span) ?? node.span)
            comments.append("# v0: triggers: " + YAMLOut(node).flow)
            return out
        }
        for item in items {
            let span = doc?.fileSpan(item.span) ?? item.span
            let type = item["type"]?.scalar?.text ?? ""
            if V0Value.isFalse(item["enabled"]) {
                issues.report(.v0SettingDropped, "this \(type) trigger is disabled; it is kept as a comment, not as a trigger", at: span)
                comments.append("# v0: disabled trigger: " + YAMLOut(item).flow)
                continue
            }
            var known: Set<String> = ["type", "enabled"]
            switch type {
            case "schedule", "cron":
                known.formUnion(["schedule", "cron", "timezone"])
                guard let cron = (item["schedule"] ?? item["cron"])?.scalar?.text else {
                    issues.report(.v0Unreadable, "this schedule trigger has no `schedule`", at: span)
                    continue
                }
                let fields = cron.split(separator: " ")
                if fields.count == 5, fields[4].contains(where: { $0.isNumber }) {
                    issues.report(.v0CronWeekday, "v0 counted the day of the week from Monday as 0; '\(fields[4])' in '\(cron)' now means the standard days (Sunday is 0 and 7)", at: span,
                                  help: ["write the days as names (MON-FRI) to make the meaning plain"])
                }
                if let zone = item["timezone"]?.scalar?.text {
                    out.append(.mapping([("schedule", .mapping([("cron", .string(cron)), ("timezone", .string(zone))]))]))
                } else {
                    out.append(.mapping([("schedule", .string(cron))]))
                }
            case "webhook":
                known.formUnion(["path", "method", "methods", "secret"])
                let path = item["path"]?.scalar?.text ?? "/"
                var hook: [(String, YAMLOut)] = [("path", .string(path))]
                if let secret = item["secret"]?.scalar?.text, !secret.isEmpty {
                    let name = V0Value.secretName(secret, id: path, taken: secrets)
                    if name.literal {
                        issues.report(.v0Webhook, "the secret of this webhook is written in the v0 file; here it is read from the environment variable \(name.name): set it to that value, and remove the value from the v0 file",
                                      at: doc?.fileSpan(item["secret"]?.span ?? item.span) ?? span)
                    }
                    hook.append(("secret", .string(name.name)))
                    if !secrets.contains(name.name) { secrets.append(name.name) }
                }
                if let method = item["method"]?.scalar?.text {
                    hook.append(("methods", .sequence([.word(method.uppercased())])))
                } else if let methods = item["methods"]?.sequence {
                    hook.append(("methods", .sequence(methods.compactMap { $0.scalar.map { .word($0.text.uppercased()) } })))
                }
                out.append(.mapping([("webhook", .mapping(hook))]))
            case "manual":
                out.append(.word("manual"))
            default:
                issues.report(.v0SettingDropped, "a v0 '\(type)' trigger has no equivalent here; it is kept as a comment", at: span,
                              help: ["a `watch` trigger runs on file events, a `webhook` on HTTP requests"])
                comments.append("# v0: trigger: " + YAMLOut(item).flow)
                continue
            }
            for pair in item.mapping ?? [] where !known.contains(pair.key) {
                issues.report(.v0SettingDropped, "v0 `\(pair.key)` of a \(type) trigger has no equivalent here; it is kept as a comment",
                              at: doc?.fileSpan(pair.keySpan) ?? pair.keySpan)
                comments.append("# v0: \(type) trigger \(pair.key): " + YAMLOut(pair.value).flow)
            }
        }
        return out
    }

    /// A workflow name from a v0 id: lowercase words joined by hyphens.
    static func slug(_ text: String) -> String {
        var out = ""
        var pendingHyphen = false
        for c in text.lowercased() {
            if c.isASCII, c.isLetter || c.isNumber {
                if pendingHyphen, !out.isEmpty { out.append("-") }
                pendingHyphen = false
                out.append(c)
            } else {
                pendingHyphen = true
            }
        }
        return String(out.prefix(64))
    }

    /// A semantic version from a v0 one: `1.0` → `1.0.0`, `v2` → `2.0.0`.
    static func semver(_ text: String) -> String {
        var t = Substring(text.trimmingBlanks)
        if t.first == "v" || t.first == "V" { t = t.dropFirst() }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) { return String(t) }
        let numbers = parts.prefix(3).map { Int($0) }
        guard !numbers.isEmpty, numbers.allSatisfy({ $0 != nil }) else { return "1.0.0" }
        let n = numbers.compactMap { $0 } + Array(repeating: 0, count: 3 - numbers.count)
        return "\(n[0]).\(n[1]).\(n[2])"
    }
}
