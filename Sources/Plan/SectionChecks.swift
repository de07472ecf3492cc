/// The records and pools of the sections other than code and source map (docs/plan-format.md
/// §6): each word checked where it lies, each index checked against the table it names, and,
/// when the reader is building, each record decoded into ``PlanContents``.
extension PlanReader {
    /// A string index in range.
    func string(_ i: UInt32, optional: Bool = false, _ what: @autoclosure () -> String, _ s: SectionCursor, record r: Int) throws(PlanError) {
        if optional, i == PlanContents.none { return }
        guard i < UInt32(counts.strings) else { throw s.error("\(what()) names string \(i); there are \(counts.strings)", record: r) }
    }

    /// An index into a table of `n` entries.
    func index(_ i: UInt32, below n: Int, optional: Bool = false, _ what: @autoclosure () -> String, _ s: SectionCursor, record r: Int) throws(PlanError) {
        if optional, i == PlanContents.none { return }
        guard i < UInt32(n) else { throw s.error("\(what()) is \(i); there are \(n)", record: r) }
    }

    /// A list of string indices at a record's words `w` and `w + 1`, each in range.
    func stringList(_ s: inout SectionCursor, record r: Int, word w: Int, _ what: @autoclosure () -> String) throws(PlanError) -> [UInt32] {
        var list: [UInt32] = []
        for i in try s.list(record: r, word: w, width: 1) {
            try string(s.pool(i), what(), s, record: r)
            list.append(s.pool(i))
        }
        return list
    }

    mutating func readStrings(_ s: SectionCursor) throws(PlanError) {
        let blob = s.words.poolStart
        let blobLength = s.words.poolWords
        // Most plans are ASCII throughout, which is valid UTF-8 however it is cut; otherwise
        // each string is checked on its own (a character must not straddle two strings).
        let allASCII = view.isASCII(blob..<(blob + blobLength))
        if building { contents.strings.reserveCapacity(s.count) }
        // The common plan's strings are cleared by plain comparisons; from the first one they
        // do not clear (and for a plan being decoded, from the start) the long way says what
        // is wrong.
        var (r, next) = building || !allASCII ? (0, 0) : firstStringToLookAt(s)
        while r < s.count {
            let start = Int(s.record(r, 0))
            let length = Int(s.record(r, 1))
            // Strings lie end to end in order: no gap, no overlap, one encoding per plan.
            guard start == next, length <= blobLength - start else {
                throw s.error("string \(r) at \(start) with length \(length) does not follow the one before it inside the text area", record: r)
            }
            let range = (blob + start)..<(blob + start + length)
            if !allASCII, !view.isASCII(range), String(validating: view.bytes(range), as: UTF8.self) == nil {
                throw PlanError("string \(r) is not valid UTF-8", at: blob + start, in: .strings)
            }
            if building { contents.strings.append(String(decoding: view.bytes(range), as: UTF8.self)) }
            next = start + length
            r += 1
        }
        guard next == blobLength else { throw PlanError("\(blobLength - next) bytes of the text area belong to no string", at: blob + next, in: .strings) }
    }

    mutating func readConstants(_ s: SectionCursor) throws(PlanError) {
        // From the first record plain comparisons do not clear, the long way.
        var r = building ? 0 : firstConstantToLookAt(s)
        while r < s.count {
            defer { r += 1 }
            let (tag, lo, hi) = (s.record(r, 0), s.record(r, 1), s.record(r, 2))
            let value = UInt64(lo) | UInt64(hi) << 32
            let constant: PlanContents.Constant
            switch tag {
            case 0 where lo == 0 && hi == 0: constant = .null
            case 1 where lo <= 1 && hi == 0: constant = .boolean(lo == 1)
            case 2: constant = .integer(Int64(bitPattern: value))
            case 3 where Double(bitPattern: value).isFinite: constant = .number(Double(bitPattern: value))
            case 4 where hi == 0:
                try string(lo, "constant \(r)", s, record: r)
                constant = .string(lo)
            default: throw s.error("constant \(r) has tag \(tag) with words \(lo), \(hi): not a valid constant", record: r)
            }
            if building { contents.constants.append(constant) }
        }
    }

    mutating func readSchemas(_ s: inout SectionCursor) throws(PlanError) {
        for r in 0..<s.count {
            let types = PlanContents.SchemaTypes(rawValue: s.record(r, 0))
            guard types.isSubset(of: .known) else { throw s.error("schema \(r) has unknown type bits", record: r) }
            let items = s.record(r, 1)
            // A schema refers only to schemas before it: no cycle, and checking a value
            // against one is bounded by the table's size.
            guard items == PlanContents.none || items < UInt32(r) else {
                throw s.error("schema \(r) names schema \(items) for its items; only earlier schemas may be named", record: r, word: 1)
            }
            var schema = PlanContents.Schema(types: types, items: items)
            // Names once each: two properties of one name would make checking a value visit
            // each of its levels twice, 2^depth times in all.
            var names = Set<UInt32>()
            for i in try s.list(record: r, word: 2, width: 3).striding(by: 3) {
                guard names.insert(s.pool(i)).inserted else {
                    throw PlanError("schema \(r) names property string \(s.pool(i)) twice", at: s.words.offset(pool: i), in: .schemas)
                }
                let p = PlanContents.Schema.Property(name: s.pool(i), schema: s.pool(i + 1), required: s.pool(i + 2) == 1)
                guard p.schema < UInt32(r), s.pool(i + 2) <= 1 else {
                    throw PlanError("a property of schema \(r) names schema \(p.schema) or has a required flag other than 0 or 1", at: s.words.offset(pool: i), in: .schemas)
                }
                try string(p.name, "a property name of schema \(r)", s, record: r)
                if building { schema.properties.append(p) }
            }
            schema.additional = s.record(r, 4)
            guard schema.additional >= PlanContents.Schema.additionalNone || schema.additional < UInt32(r) else {
                throw s.error("schema \(r) names schema \(schema.additional) for other properties; only earlier schemas may be named", record: r, word: 4)
            }
            for i in try s.list(record: r, word: 5, width: 1) {
                try index(s.pool(i), below: counts.constants, "an enum value of schema \(r) (constant)", s, record: r)
                if building { schema.enumeration.append(s.pool(i)) }
            }
            guard s.record(r, 7) == 0 else { throw s.error("reserved word of schema \(r) is not zero", record: r, word: 7) }
            if building { contents.schemas.append(schema) }
        }
    }

    mutating func readAgents(_ s: inout SectionCursor) throws(PlanError) {
        for r in 0..<s.count {
            var a = PlanContents.Agent(id: s.record(r, 0), kind: s.record(r, 1))
            try string(a.id, "agent \(r)'s id", s, record: r)
            try string(a.kind, "agent \(r)'s kind", s, record: r)
            a.command = try stringList(&s, record: r, word: 2, "agent \(r)'s command")
            a.endpoint = s.record(r, 4)
            a.model = s.record(r, 5)
            guard s.record(r, 6) <= 1 else { throw s.error("agent \(r) has unknown flags", record: r, word: 6) }
            a.promptInArgument = s.record(r, 6) == 1
            a.apiKeyEnv = s.record(r, 7)
            try string(a.endpoint, optional: true, "agent \(r)'s endpoint", s, record: r)
            try string(a.model, optional: true, "agent \(r)'s model", s, record: r)
            try string(a.apiKeyEnv, optional: true, "agent \(r)'s API key variable", s, record: r)
            if building { contents.agents.append(a) }
        }
    }

    mutating func readTools(_ s: SectionCursor) throws(PlanError) {
        for r in 0..<s.count {
            var t = PlanContents.Tool(id: s.record(r, 0))
            t.implementation = s.record(r, 1)
            t.priority = s.record(r, 2)
            guard s.record(r, 3) == 0 else { throw s.error("reserved word of tool \(r) is not zero", record: r, word: 3) }
            try string(t.id, "tool \(r)'s id", s, record: r)
            try string(t.implementation, optional: true, "tool \(r)'s implementation", s, record: r)
            if building { contents.tools.append(t) }
        }
    }

    mutating func readSteps(_ s: SectionCursor) throws(PlanError) {
        // `step.begin` names a step in 16 bits.
        guard s.count <= Int(UInt16.max) + 1 else { throw s.error("\(s.count) steps; a plan holds at most 65536", record: 0) }
        if building { contents.steps.reserveCapacity(s.count) }
        // From the first record plain comparisons do not clear, the long way.
        var r = building ? 0 : firstStepToLookAt(s)
        while r < s.count {
            defer { r += 1 }
            guard let kind = PlanContents.StepKind(rawValue: s.record(r, 2)) else { throw s.error("step \(r) has unknown kind \(s.record(r, 2))", record: r, word: 2) }
            guard s.record(r, 8) <= 1 else { throw s.error("step \(r) has unknown flags", record: r, word: 8) }
            guard s.record(r, 11) == 0 else { throw s.error("reserved word of step \(r) is not zero", record: r, word: 11) }
            let step = Self.step(s.words, view, r, kind: kind)
            try string(step.id, "step \(r)'s id", s, record: r)
            try string(step.title, "step \(r)'s title", s, record: r)
            try index(step.agent, below: counts.agents, optional: true, "step \(r)'s agent", s, record: r)
            try index(step.tool, below: counts.tools, optional: true, "step \(r)'s tool", s, record: r)
            try string(step.operation, optional: true, "step \(r)'s operation", s, record: r)
            try index(step.schema, below: counts.schemas, optional: true, "step \(r)'s schema", s, record: r)
            try index(step.policy, below: counts.policies, "step \(r)'s policy", s, record: r)
            if kind == .tool, step.tool == PlanContents.none { throw s.error("step \(r) calls a tool but names none", record: r) }
            if building { contents.steps.append(step) }
        }
    }

    /// A step record's words as a value (the kind already read).
    static func step(_ s: SectionWords, _ view: ByteView, _ r: Int, kind: PlanContents.StepKind) -> PlanContents.Step {
        let w = { (word: Int) in view.u32(s.offset(record: r, word: word)) }
        var step = PlanContents.Step(id: w(0), title: w(1), kind: kind)
        step.agent = w(3)
        step.tool = w(4)
        step.operation = w(5)
        step.schema = w(6)
        step.policy = w(7)
        step.continueOnError = w(8) == 1
        step.timeoutMilliseconds = UInt64(w(9)) | UInt64(w(10)) << 32
        return step
    }

    mutating func readTriggers(_ s: inout SectionCursor) throws(PlanError) {
        for r in 0..<s.count {
            let w = (0..<8).map { s.record(r, $0) }
            let trigger: PlanContents.Trigger
            switch w[0] {
            case 0 where w[1...].allSatisfy({ $0 == 0 }):
                trigger = .manual
            case 1 where w[7] == 0:
                let schedule = PlanContents.Schedule(
                    minutes: UInt64(w[1]) | UInt64(w[2]) << 32, hours: w[3], daysOfMonth: w[4], months: UInt16(w[5] & 0xFFFF),
                    daysOfWeek: UInt8(w[5] >> 16 & 0xFF), restrictions: UInt8(w[5] >> 24), timeZone: w[6])
                // Bits past each field's range (minute 60, hour 24, day 32, month 13, weekday 7) are refused.
                guard schedule.minutes >> 60 == 0, schedule.hours >> 24 == 0, schedule.daysOfMonth & 1 == 0,
                      schedule.months & 0xE001 == 0, schedule.daysOfWeek >> 7 == 0, schedule.restrictions >> 2 == 0,
                      schedule.minutes != 0, schedule.hours != 0, schedule.daysOfMonth != 0, schedule.months != 0, schedule.daysOfWeek != 0 else {
                    throw s.error("trigger \(r): a schedule field is empty or has a value out of its range", record: r, word: 1)
                }
                try string(schedule.timeZone, optional: true, "trigger \(r)'s time zone", s, record: r)
                trigger = .schedule(schedule)
            case 2 where w[4...].allSatisfy({ $0 == 0 }) && w[2] != 0 && w[2] >> 5 == 0:
                try string(w[1], "trigger \(r)'s path", s, record: r)
                try string(w[3], optional: true, "trigger \(r)'s secret", s, record: r)
                trigger = .webhook(path: w[1], methods: w[2], secret: w[3])
            case 3 where w[6] == 0 && w[7] == 0 && w[4] != 0 && w[4] >> 4 == 0:
                try string(w[1], "trigger \(r)'s path", s, record: r)
                let patterns = try stringList(&s, record: r, word: 2, "a pattern of trigger \(r)")
                trigger = .watch(path: w[1], patterns: patterns, events: w[4], debounceMilliseconds: w[5])
            default:
                throw s.error("trigger \(r) has kind \(w[0]) and words that do not fit it", record: r)
            }
            if building { contents.triggers.append(trigger) }
        }
    }

    mutating func readPolicies(_ s: SectionCursor) throws(PlanError) {
        for r in 0..<s.count {
            var p = PlanContents.Policy()
            p.maxAttempts = s.record(r, 0)
            p.initialMilliseconds = s.record(r, 1)
            p.maxMilliseconds = s.record(r, 2)
            p.backoffPermille = s.record(r, 3)
            p.jitter = s.record(r, 4) == 1
            p.circuitThreshold = s.record(r, 5)
            p.circuitResetMilliseconds = s.record(r, 6)
            p.failoverMaxSwitches = s.record(r, 7)
            p.failoverOn = s.record(r, 8)
            // Format 0.3: half-open successes in the low byte, non-retryable kinds above.
            p.halfOpenSuccesses = s.record(r, 9) & 0xFF
            p.nonRetryable = s.record(r, 9) >> 8
            guard p.maxAttempts >= 1, p.maxAttempts <= 1000, s.record(r, 4) <= 1, p.backoffPermille >= 1000,
                  p.initialMilliseconds <= p.maxMilliseconds, p.failoverOn & ~FailoverCauses.known == 0,
                  p.halfOpenSuccesses <= 100, p.nonRetryable & ~(minor >= 5 ? FailureKinds.known : (1 << 10) - 1) == 0 else {
                throw s.error("policy \(r) is out of range (attempts 1 to 1000, backoff at least 1.0, initial wait at most the longest, known causes and failure kinds only, at most 100 half-open successes)", record: r)
            }
            if building { contents.policies.append(p) }
        }
    }

    mutating func readMetadata(_ s: inout SectionCursor) throws(PlanError) {
        guard s.count == 1 else { throw s.error("the metadata section has \(s.count) records; it has exactly 1", record: 0) }
        var m = PlanContents.Metadata()
        m.name = s.record(0, 0)
        m.version = s.record(0, 1)
        m.compiler = s.record(0, 2)
        try string(m.name, "the workflow's name", s, record: 0)
        try string(m.version, optional: true, "the workflow's version", s, record: 0)
        try string(m.compiler, "the compiler's version", s, record: 0)
        let sources = try s.list(record: 0, word: 3, width: 9)
        for i in sources.striding(by: 9) {
            try string(s.pool(i), "a source's path", s, record: 0)
            // Any 32 bytes are a digest: only decoding has something to do with them.
            if building {
                let digest = (1...8).flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: s.pool(i + w) >> (8 * $0)) } }
                m.sources.append(PlanContents.Source(path: s.pool(i), sha256: digest))
            }
        }
        counts.sources = sources.count / 9
        for i in try s.list(record: 0, word: 5, width: 4).striding(by: 4) {
            guard let type = PlanContents.InputType(rawValue: s.pool(i + 1)), s.pool(i + 3) <= 1 else {
                throw PlanError("an input has an unknown type or flag", at: s.words.offset(pool: i), in: .metadata)
            }
            var input = PlanContents.Input(name: s.pool(i), type: type)
            input.defaultValue = s.pool(i + 2)
            input.required = s.pool(i + 3) == 1
            try string(input.name, "an input's name", s, record: 0)
            try index(input.defaultValue, below: counts.constants, optional: true, "an input's default (constant)", s, record: 0)
            // A default of the declared type (or null): the VM binds it with no further check.
            if input.defaultValue != PlanContents.none {
                let tag = view.u32(sections[.constants].offset(record: Int(input.defaultValue)))
                let fits = switch type {
                case .string: tag == 4
                case .integer: tag == 2
                case .number: tag == 2 || tag == 3
                case .boolean: tag == 1
                // Constants hold no lists or mappings: such a default is its JSON text.
                case .array, .object: tag == 4
                }
                guard fits || tag == 0 else {
                    throw PlanError("input \(m.inputs.count)'s default is constant \(input.defaultValue), which is not of its type", at: s.words.offset(pool: i + 2), in: .metadata)
                }
            }
            inputTypes.append(type)
            m.inputs.append(input)
        }
        counts.inputs = m.inputs.count
        m.secrets = try stringList(&s, record: 0, word: 7, "a secret's name")
        for i in try s.list(record: 0, word: 9, width: 1) {
            try index(s.pool(i), below: counts.agents, "an agent in the order of preference", s, record: 0)
            m.agentOrder.append(s.pool(i))
        }
        m.runTimeoutMilliseconds = s.record(0, 11)
        if building { contents.metadata = m }
    }

    /// Checks that a section extending a table has one record per entry of it, in its order.
    func requireOne(per n: Int, _ what: String, _ s: SectionCursor) throws(PlanError) {
        guard s.count == n else { throw s.error("the section has \(s.count) records for \(n) \(what)", record: 0) }
    }

    mutating func readAgentProfiles(_ s: inout SectionCursor) throws(PlanError) {
        try requireOne(per: counts.agents, "agents", s)
        for r in 0..<s.count {
            let models = try stringList(&s, record: r, word: 0, "a model of agent \(r)")
            let capabilities = try stringList(&s, record: r, word: 2, "a capability of agent \(r)")
            let health = try stringList(&s, record: r, word: 4, "agent \(r)'s health check command")
            try string(s.record(r, 6), optional: true, "agent \(r)'s health check URL", s, record: r)
            // A timeout exactly when there is a check: the VM needs no default of its own.
            guard (s.record(r, 7) == 0) == (health.isEmpty && s.record(r, 6) == PlanContents.none) else {
                throw s.error("agent \(r)'s health check has a timeout of \(s.record(r, 7)) ms but \(health.isEmpty && s.record(r, 6) == PlanContents.none ? "no command or URL" : "needs one above 0")", record: r, word: 7)
            }
            if building {
                contents.agents[r].models = models
                contents.agents[r].capabilities = capabilities
                contents.agents[r].healthCommand = health
                contents.agents[r].healthURL = s.record(r, 6)
                contents.agents[r].healthTimeoutMilliseconds = s.record(r, 7)
            }
        }
    }

    mutating func readAgentOptions(_ s: inout SectionCursor) throws(PlanError) {
        try requireOne(per: counts.agents, "agents", s)
        var any = false
        for r in 0..<s.count {
            let tools = try stringList(&s, record: r, word: 0, "an allowed tool of agent \(r)")
            try string(s.record(r, 2), optional: true, "agent \(r)'s MCP configuration", s, record: r)
            guard s.record(r, 3) == 0 else { throw s.error("the reserved word of agent \(r)'s options is not zero", record: r, word: 3) }
            any = any || !tools.isEmpty || s.record(r, 2) != PlanContents.none
            if building {
                contents.agents[r].allowedTools = tools
                contents.agents[r].mcpConfig = s.record(r, 2)
            }
        }
        // The flag is what makes an older VM refuse the plan rather than drop the options.
        guard any == headerFlags.contains(.agentOptions) else {
            throw PlanError(any ? "agents have options but the header lacks the agent options flag (bit 2)"
                                : "the header has the agent options flag (bit 2) but no agent has options", at: 12)
        }
    }

    mutating func readToolSettings(_ s: inout SectionCursor) throws(PlanError) {
        try requireOne(per: counts.tools, "tools", s)
        for r in 0..<s.count {
            let command = try stringList(&s, record: r, word: 0, "tool \(r)'s command")
            try string(s.record(r, 2), optional: true, "tool \(r)'s URL", s, record: r)
            // Word 6 was reserved before 0.5, which made it the binding.
            if minor >= 5 {
                try string(s.record(r, 6), optional: true, "tool \(r)'s binding", s, record: r)
            } else if s.record(r, 6) != 0 {
                throw s.error("reserved word 6 of tool \(r)'s settings is not zero (a binding needs format 0.5)", record: r, word: 6)
            }
            guard s.record(r, 7) == 0 else { throw s.error("reserved word 7 of tool \(r)'s settings is not zero", record: r, word: 7) }
            if building {
                contents.tools[r].command = command
                contents.tools[r].url = s.record(r, 2)
                contents.tools[r].timeoutMilliseconds = s.record(r, 3)
                contents.tools[r].requestsPerMinute = s.record(r, 4)
                contents.tools[r].burst = s.record(r, 5)
                contents.tools[r].binding = minor >= 5 ? s.record(r, 6) : PlanContents.none
            }
        }
    }

    mutating func readInputRules(_ s: SectionCursor) throws(PlanError) {
        try requireOne(per: counts.inputs, "inputs", s)
        for r in 0..<s.count {
            try index(s.record(r, 0), below: counts.schemas, optional: true, "input \(r)'s allowed values (schema)", s, record: r)
            for (w, bound) in [(1, "minimum"), (2, "maximum")] {
                let k = s.record(r, w)
                guard k == PlanContents.none || inputTypes[r] == .integer || inputTypes[r] == .number else {
                    throw s.error("input \(r) has a \(bound) but is not a number", record: r, word: w)
                }
                try index(k, below: counts.constants, optional: true, "input \(r)'s \(bound) (constant)", s, record: r)
                // A bound is a number: the VM compares it with no further check.
                let tag = k == PlanContents.none ? 2 : view.u32(sections[.constants].offset(record: Int(k)))
                guard tag == 2 || tag == 3 else { throw s.error("input \(r)'s \(bound) is constant \(k), which is not a number", record: r, word: w) }
            }
            try string(s.record(r, 3), optional: true, "input \(r)'s pattern", s, record: r)
            if building {
                contents.metadata.inputs[r].allowed = s.record(r, 0)
                contents.metadata.inputs[r].minimum = s.record(r, 1)
                contents.metadata.inputs[r].maximum = s.record(r, 2)
                contents.metadata.inputs[r].pattern = s.record(r, 3)
            }
        }
    }
}
