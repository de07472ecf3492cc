import Diagnostics
import Syntax

extension WorkflowMigration {
    /// One migrated step: its heading, its prompt and its action block.
    /// - Parameters:
    ///   - sectionLine: The line of the v0 step heading.
    ///   - action: The action document this step comes from.
    ///   - first: Whether it is the heading's first action (which gets the heading's prose).
    ///   - names: The output variables it may refer to.
    ///   - inputs: The inputs the frontmatter declares.
    mutating func step(line sectionLine: Int, _ action: V0YAMLDocument, id: String, title: String, first: Bool,
                       names: V0Names, inputs: Declared, prose proseRanges: [(Int, Int)]) -> String {
        var out = "### \(id): \(title)\n"
        if let problem = action.problem {
            unreadable(problem)
            let text = action.chunk.lineCount > 0 ? String(decoding: action.chunk.bytes, as: UTF8.self) : ""
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            while lines.last?.isEmpty == true { lines.removeLast() }
            let kept = lines.map { YAMLOut.comment($0.isEmpty ? "# v0:" : "# v0: " + $0) }.joined(separator: "\n")
            let prompt = first ? prose(proseRanges, names) : ""
            return out + (prompt.isEmpty ? "" : prompt + "\n") + "```action\n" + kept + "\n```\n"
        }
        guard let root = action.root, let pairs = root.mapping else {
            unreadable(("the action is not a mapping", action.fileSpan(action.root?.span ?? Span.point(0))))
            return out + "```action\n```\n"
        }
        var block: [(String, YAMLOut)] = []
        var comments: [String] = []
        var promptParts: [String] = []
        if first {
            let text = prose(proseRanges, names)
            if !text.isEmpty { promptParts.append(text.trimmingBlanks) }
        }
        let verb = root["action"]?.scalar?.text ?? ""
        let isAgent = verb.hasPrefix("agent.") || verb == "agent"
        func span(_ node: YAMLNode) -> Span { action.fileSpan(node.span) }
        func keySpan(_ key: String) -> Span { action.fileSpan(root.pair(key)?.keySpan ?? root.span) }
        func templated(_ node: YAMLNode) -> YAMLOut { rewrite(node, names, action) }

        if isAgent {
            for key in ["task", "prompt_template"] {
                if let text = root[key]?.scalar?.text, !text.trimmingBlanks.isEmpty {
                    let (rewritten, problems) = V0Templates.rewrite(text.trimmingBlanks, names)
                    for problem in problems { issues.report(.v0Template, problem, at: keySpan(key)) }
                    promptParts.append(rewritten)
                }
            }
            if let categories = root["categories"] {
                let items = categories.sequence?.compactMap { $0.scalar?.text } ?? categories.scalar.map { [$0.text] } ?? []
                if !items.isEmpty { promptParts.append("Use these categories: " + items.joined(separator: ", ") + ".") }
                if categories.mapping != nil { comments.append("# v0: categories: " + YAMLOut(categories).flow) }
            }
            for key in ["task", "prompt_template", "format"] {
                if let node = root[key], node.scalar == nil {
                    issues.report(.v0Unreadable, "v0 `\(key)` must be text; it is kept as a comment", at: span(node))
                    comments.append("# v0: \(key): " + YAMLOut(node).flow)
                }
            }
            if let given = root["inputs"], given.mapping == nil {
                issues.report(.v0Unreadable, "the v0 `inputs` of an agent action must be a mapping; it is kept as a comment", at: span(given))
                comments.append("# v0: inputs: " + YAMLOut(given).flow)
            }
            if let format = root["format"]?.scalar?.text, !format.isEmpty {
                promptParts.append("Answer in \(format) format.")
            }
            if let given = root["inputs"]?.mapping, !given.isEmpty {
                var lines = ["Inputs:"]
                for pair in given {
                    let value = templated(pair.value)
                    let text = value.text ?? value.flow
                    lines.append("- \(pair.key): \(text)")
                }
                promptParts.append(lines.joined(separator: "\n"))
            }
            if verb != "agent", !["agent.analyze", "agent.generate_response", "agent.generate_report"].contains(verb) {
                issues.report(.v0SettingDropped, "v0 action '\(verb)' is an agent action v0 did not define; it becomes an agent step", at: span(root["action"] ?? root))
            }
            if let schema = root["output_schema"] { block.append(("output", YAMLOut(schema))) }
        } else {
            if verb.isEmpty || !verb.contains(".") {
                issues.report(.v0Unreadable, "v0 action '\(verb)' is neither `tool.operation` nor `agent.…`; it is kept as the tool reference, for you to fix", at: span(root["action"] ?? root))
            }
            block.append(("tool", .string(verb)))
            if let given = root["inputs"] {
                if given.mapping != nil {
                    block.append(("with", templated(given)))
                } else {
                    issues.report(.v0Unreadable, "the v0 `inputs` of a tool action must be a mapping; it is kept as a comment", at: span(given))
                    comments.append("# v0: inputs: " + YAMLOut(given).flow)
                }
            }
            if let schema = root["output_schema"] { block.append(("output", YAMLOut(schema))) }
        }
        // conditions → if
        if let conditions = root["conditions"] {
            let list = conditions.sequence?.compactMap { $0.scalar?.text } ?? conditions.scalar.map { [$0.text] } ?? []
            if conditions.mapping != nil || (conditions.sequence?.contains { $0.scalar == nil } ?? false) {
                issues.report(.v0Condition, "v0 `conditions` must be a string or a list of strings; what is not is kept as a comment", at: span(conditions))
                comments.append("# v0: conditions: " + YAMLOut(conditions).flow)
            }
            var parts: [String] = []
            for condition in list {
                let t = V0Conditions.translate(condition, names)
                for problem in t.problems { issues.report(.v0Condition, problem, at: span(conditions)) }
                if !t.valid {
                    issues.report(.v0Condition, "the v0 condition '\(condition)' is not an expression here; it is kept as written, for `aiwc check` to report", at: span(conditions))
                }
                parts.append(list.count > 1 && t.expression.contains("||") ? "(\(t.expression))" : t.expression)
            }
            if !parts.isEmpty {
                block.append(("if", .string("{{ " + parts.joined(separator: " && ") + " }}")))
            }
        }
        // on_error → retry, continue_on_error
        var continues = false
        if let policy = root["on_error"] {
            let (retry, continueOnError, lossless) = onError(policy)
            if let retry { block.append(("retry", retry)) }
            continues = continueOnError
            if !lossless {
                issues.report(.v0OnError, "this v0 `on_error` policy is carried only in part (retry and continue); the whole of it is kept as a comment", at: span(policy))
                comments.append("# v0: on_error: " + YAMLOut(policy).flow)
            }
        } else if document.root?["execution"]?["error_handling"]?.scalar?.text == "continue" {
            continues = true
        }
        // aiworkflow.yaml's `tools.retry_policy` applies to tool calls, not to agent steps.
        if !isAgent, !block.contains(where: { $0.0 == "retry" }), let retry = project.retry {
            block.append(("retry", retry))
        }
        if let node = root["timeout"] {
            if let duration = V0Duration.text(node) {
                block.append(("timeout", .word(duration)))
            } else {
                issues.report(.v0SettingDropped, "this step's `timeout` is not a duration; it is kept as a comment", at: span(node))
                comments.append("# v0: timeout: " + YAMLOut(node).flow)
            }
        }
        if continues { block.append(("continue_on_error", .word("true"))) }
        let agentOnly: Set<String> = ["task", "prompt_template", "categories", "format"]
        for pair in pairs where !Self.actionKeys.contains(pair.key) || (!isAgent && agentOnly.contains(pair.key)) {
            issues.report(.v0SettingDropped, "v0 `\(pair.key)` has no equivalent here; it is kept as a comment", at: action.fileSpan(pair.keySpan))
            comments.append("# v0: \(pair.key): " + YAMLOut(pair.value).flow)
        }
        if !promptParts.isEmpty {
            var prompt = promptParts.joined(separator: "\n\n") + "\n"
            // The prompt now comes before the action block: a code block left open in it
            // would swallow the block, and the step would silently become an agent step.
            if let fence = Self.openFence(prompt) {
                issues.report(.v0SettingDropped, "a code block in this step's text is not closed; it is closed before the action block",
                              at: issues.lines(sectionLine, sectionLine))
                prompt += fence + "\n"
            }
            out += prompt
        }
        let lines = YAMLOut.mapping(block).blockLines(indent: 0) + comments.map(YAMLOut.comment)
        out += "```action\n" + lines.joined(separator: "\n") + "\n```\n"
        return out
    }

    /// The fence that would close a fenced code block left open at the end of a Markdown
    /// text, or nil when every one is closed.
    static func openFence(_ text: String) -> String? {
        var open: (Character, Int)?
        for line in text.v0Lines {
            let indent = line.prefix { $0 == " " }.count
            guard indent <= 3 else { continue }
            let rest = line.dropFirst(indent)
            guard let c = rest.first, c == "`" || c == "~" else { continue }
            let run = rest.prefix { $0 == c }.count
            guard run >= 3 else { continue }
            if let (char, length) = open {
                if c == char, run >= length, rest.dropFirst(run).allSatisfy({ $0 == " " || $0 == "\t" }) { open = nil }
            } else if c == "~" || !rest.dropFirst(run).contains("`") {
                open = (c, run)
            }
        }
        return open.map { String(repeating: $0.0, count: $0.1) }
    }

    /// The keys of a v0 action this migration carries.
    static let actionKeys: Set<String> = ["action", "inputs", "output_variable", "conditions", "on_error", "task", "prompt_template",
                                          "categories", "format", "output_schema", "timeout"]

    /// A v0 value with its strings' templates rewritten (a string that is one reference
    /// becomes that reference's value, not text).
    private mutating func rewrite(_ node: YAMLNode, _ names: V0Names, _ action: V0YAMLDocument) -> YAMLOut {
        switch node.kind {
        case .scalar(let s):
            guard s.text.contains("{") else { return YAMLOut(node) }
            let (text, problems) = V0Templates.rewrite(s.text, names)
            for problem in problems { issues.report(.v0Template, problem, at: action.fileSpan(node.span)) }
            return text == s.text ? YAMLOut(node) : .string(text)
        case .sequence(let items): return .sequence(items.map { rewrite($0, names, action) })
        case .mapping(let pairs): return .mapping(pairs.map { ($0.key, rewrite($0.value, names, action)) })
        }
    }

    /// v0 `on_error`: a list of `{error_code, action, max_retries, initial_delay, backoff}`
    /// or `{action: stop | continue | rollback}`.
    /// - Returns: The retry policy, whether the step continues on error, and whether that
    ///   is all the policy said.
    private func onError(_ policy: YAMLNode) -> (YAMLOut?, Bool, Bool) {
        if policy.mapping != nil {
            switch policy["action"]?.scalar?.text {
            case "stop": return (nil, false, policy.mapping?.count == 1)
            case "continue", "log_and_continue": return (nil, true, policy.mapping?.count == 1)
            default: return (nil, false, false)
            }
        }
        var retry: YAMLOut?
        var continues = false
        var lossless = true
        for rule in policy.sequence ?? [] {
            let code = rule["error_code"]
            let isDefault = code == nil || code?.scalar?.text == "default"
            if !isDefault { lossless = false; continue }
            switch rule["action"]?.scalar?.text {
            case "retry", "exponential_backoff":
                // A second default rule, or a value that cannot be read or must be bounded,
                // is not carried as it was.
                if retry != nil { lossless = false }
                var settings: [(String, YAMLOut)] = []
                var retries = 3
                if let given = rule["max_retries"] {
                    if let n = Int(given.scalar?.text ?? ""), (0...99).contains(n) { retries = n } else { lossless = false }
                }
                settings.append(("max_attempts", .word(String(retries + 1))))
                settings.append(("backoff", .word(rule["action"]?.scalar?.text == "retry" && rule["backoff"] == nil ? "fixed" : "exponential")))
                if let delay = rule["initial_delay"] {
                    if let text = V0Duration.text(delay) { settings.append(("initial", .word(text))) } else { lossless = false }
                }
                if let factor = rule["backoff"] {
                    if let text = factor.scalar?.text, let x = Double(text), x >= 1, x <= 100 { settings.append(("multiplier", .word(text))) } else { lossless = false }
                }
                retry = .mapping(settings)
            case "log_and_continue", "continue":
                continues = true
            default:
                lossless = false
            }
            // `notify` and any other key of a rule have no equivalent.
            if (rule.mapping ?? []).contains(where: { !["error_code", "action", "max_retries", "initial_delay", "backoff"].contains($0.key) }) {
                lossless = false
            }
        }
        if policy.sequence == nil { lossless = false }
        return (retry, continues, lossless)
    }
}
