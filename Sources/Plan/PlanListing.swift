/// A readable listing of a verified plan (`aiwc disasm`): the sections summarised, then
/// every instruction with its operands spelt out and its source position.
public enum PlanListing {
    /// The listing.
    public static func render(_ plan: VerifiedPlan) -> String {
        let c = plan.contents
        func s(_ i: UInt32) -> String { i == PlanContents.none ? "-" : Int(i) < c.strings.count ? quoted(c.strings[Int(i)]) : "?\(i)" }
        func word(_ i: UInt32) -> String { i == PlanContents.none ? "-" : Int(i) < c.strings.count ? c.strings[Int(i)] : "?\(i)" }
        let m = c.metadata
        var out = "plan format \(plan.version.major).\(plan.version.minor), workflow \(word(m.name)) \(word(m.version)), compiled by aiwc \(word(m.compiler))\n"
        let digestKind = plan.flags.contains(.chunkedDigest) ? "chunked SHA-256" : "SHA-256"
        out += "digest (\(digestKind)) \(hex(plan.digest))\(plan.signature.map { ", signed by key \(hex($0.keyID))" } ?? ", unsigned")\n"
        out += "sources:\n"
        for (i, src) in m.sources.enumerated() { out += "  [\(i)] \(word(src.path))  sha256 \(hex(src.sha256))\n" }
        out += "sections: \(c.strings.count) strings, \(c.constants.count) constants, \(c.schemas.count) schemas, \(c.agents.count) agents, \(c.tools.count) tools, \(c.steps.count) steps, \(c.blocks.map(\.instructions.count).reduce(0, +)) instructions, \(c.triggers.count) triggers, \(c.policies.count) policies\n"
        if !m.inputs.isEmpty {
            out += "inputs:\n"
            for input in m.inputs {
                let d = input.defaultValue == PlanContents.none ? "" : " = \(constant(c.constants[Int(input.defaultValue)], c))"
                var rules = ""
                if input.allowed != PlanContents.none {
                    rules += " one of [\(c.schemas[Int(input.allowed)].enumeration.map { constant(c.constants[Int($0)], c) }.joined(separator: ", "))]"
                }
                if input.minimum != PlanContents.none { rules += " minimum \(constant(c.constants[Int(input.minimum)], c))" }
                if input.maximum != PlanContents.none { rules += " maximum \(constant(c.constants[Int(input.maximum)], c))" }
                if input.pattern != PlanContents.none { rules += " pattern \(s(input.pattern))" }
                out += "  \(word(input.name)): \(input.type)\(d)\(input.required ? " (required)" : "")\(rules)\n"
            }
        }
        if m.runTimeoutMilliseconds > 0 { out += "timeout: \(m.runTimeoutMilliseconds)ms\n" }
        if !m.secrets.isEmpty { out += "secrets: \(m.secrets.map(word).joined(separator: ", "))\n" }
        if !c.agents.isEmpty {
            out += "agents (preferred first: \(m.agentOrder.map { word(c.agents[Int($0)].id) }.joined(separator: ", "))):\n"
            for (i, a) in c.agents.enumerated() {
                out += "  [\(i)] \(word(a.id)) kind \(word(a.kind))"
                if !a.command.isEmpty { out += " command \(a.command.map(word).joined(separator: " "))" }
                if a.endpoint != PlanContents.none { out += " endpoint \(word(a.endpoint))" }
                if a.model != PlanContents.none { out += " model \(word(a.model))" }
                if a.models.count > 1 { out += " (of \(a.models.map(word).joined(separator: ", ")))" }
                if !a.capabilities.isEmpty { out += " can \(a.capabilities.map(word).joined(separator: ", "))" }
                if a.healthTimeoutMilliseconds != 0 {
                    out += " health check"
                    if !a.healthCommand.isEmpty { out += " \(a.healthCommand.map(word).joined(separator: " "))" }
                    if a.healthURL != PlanContents.none { out += " \(word(a.healthURL))" }
                    out += " within \(a.healthTimeoutMilliseconds) ms"
                }
                if !a.allowedTools.isEmpty { out += " allowed tools \(a.allowedTools.map(word).joined(separator: ", "))" }
                if a.mcpConfig != PlanContents.none { out += " mcp config \(word(a.mcpConfig))" }
                out += "\n"
            }
        }
        if !c.tools.isEmpty {
            out += "tools:\n"
            for (i, t) in c.tools.enumerated() {
                out += "  [\(i)] \(word(t.id)) via \(word(t.implementation)) (priority \(t.priority))"
                if !t.command.isEmpty { out += " command \(t.command.map(word).joined(separator: " "))" }
                if t.url != PlanContents.none { out += " url \(word(t.url))" }
                if t.timeoutMilliseconds != 0 { out += " timeout \(t.timeoutMilliseconds) ms" }
                if t.requestsPerMinute != 0 { out += " rate \(t.requestsPerMinute)/min burst \(t.burst)" }
                out += "\n"
                if t.binding != PlanContents.none { out += "      binding \(word(t.binding))\n" }
            }
        }
        out += "triggers:\n"
        for t in c.triggers {
            switch t {
            case .manual: out += "  manual\n"
            case .schedule(let x): out += "  schedule minutes 0x\(String(x.minutes, radix: 16)) hours 0x\(String(x.hours, radix: 16)) days 0x\(String(x.daysOfMonth, radix: 16)) months 0x\(String(x.months, radix: 16)) weekdays 0x\(String(x.daysOfWeek, radix: 16)) zone \(word(x.timeZone))\n"
            case .webhook(let path, let methods, let secret):
                out += "  webhook \(word(path)) \(names(methods, WebhookMethods.names)) secret \(word(secret))\n"
            case .watch(let path, let patterns, let events, let debounce):
                out += "  watch \(word(path)) [\(patterns.map(word).joined(separator: ", "))] \(names(events, WatchEvents.names)) debounce \(debounce)ms\n"
            }
        }
        out += "policies:\n"
        for (i, p) in c.policies.enumerated() {
            let kinds = FailureKinds.names.indices.filter { p.nonRetryable & (1 << UInt32($0)) != 0 }.map { FailureKinds.names[$0] }
            out += "  [\(i)] attempts \(p.maxAttempts), wait \(p.initialMilliseconds)ms to \(p.maxMilliseconds)ms ×\(Double(p.backoffPermille) / 1000)\(p.jitter ? " jittered" : "")"
            out += kinds.isEmpty ? "" : ", never retried: \(kinds.joined(separator: ", "))"
            out += "; circuit opens after \(p.circuitThreshold) for \(p.circuitResetMilliseconds)ms"
            out += p.halfOpenSuccesses > 1 ? ", closes after \(p.halfOpenSuccesses) trials" : ""
            out += "; failover up to \(p.failoverMaxSwitches)\n"
        }
        out += "steps:\n"
        for (i, st) in c.steps.enumerated() {
            out += "  [\(i)] \(word(st.id)) \(s(st.title))"
            if st.kind != .tool { out += " \(st.kind)" }
            if st.agent != PlanContents.none { out += " agent \(word(c.agents[Int(st.agent)].id))" }
            if st.tool != PlanContents.none { out += " tool \(word(c.tools[Int(st.tool)].id))\(st.operation == PlanContents.none ? "" : ".\(word(st.operation))")" }
            if st.schema != PlanContents.none { out += " schema \(st.schema)" }
            out += " policy \(st.policy)\(st.continueOnError ? " continue-on-error" : "")\(st.timeoutMilliseconds > 0 ? " timeout \(st.timeoutMilliseconds)ms" : "")\n"
        }
        for (b, block) in c.blocks.enumerated() {
            out += "block \(b) (\(block.kind == .main ? "steps" : "outputs")), max stack \(block.maxStack):\n"
            for (i, instruction) in block.instructions.enumerated() {
                let info = instruction.opcode.info
                var operands: [String] = []
                for (kind, value) in [(info.a, instruction.a), (info.b, UInt32(instruction.b))] where kind != .none {
                    let text: String = switch kind {
                    case .none: ""
                    case .constant: constant(c.constants[Int(value)], c)
                    case .string: s(value)
                    case .step: word(c.steps[Int(value)].id)
                    case .function: BuiltinFunction(rawValue: value)?.name ?? "?"
                    case .count: "\(value)"
                    case .target: "→\(value)"
                    case .policy: "policy \(value)"
                    case .schema: "schema \(value)"
                    }
                    operands.append(text)
                }
                let p = block.positions[i]
                let place = "\(word(m.sources[Int(p.source)].path)):\(p.line):\(p.column)"
                let text = "  \(pad(String(i), 5)) \(pad(info.name, 16)) \(operands.joined(separator: " "))"
                out += "\(pad(text, 60)) ; \(place)\n"
            }
        }
        return out
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }

    static func constant(_ k: PlanContents.Constant, _ c: PlanContents) -> String {
        switch k {
        case .null: "null"
        case .boolean(let b): b ? "true" : "false"
        case .integer(let i): "\(i)"
        case .number(let d): "\(d)"
        case .string(let i): Int(i) < c.strings.count ? quoted(c.strings[Int(i)]) : "?\(i)"
        }
    }

    /// A string as a listing shows it: quoted, control characters escaped, long ones cut.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for (n, ch) in text.unicodeScalars.enumerated() {
            if n == 60 { out += "…"; break }
            switch ch {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out += ch.value < 0x20 ? "\\u{\(String(ch.value, radix: 16))}" : String(ch)
            }
        }
        return out + "\""
    }

    static func names(_ mask: UInt32, _ all: [String]) -> String {
        all.indices.filter { mask & (1 << UInt32($0)) != 0 }.map { all[$0] }.joined(separator: ",")
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}
