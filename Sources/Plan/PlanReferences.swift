/// The second half of verification: every index between tables in range, and every code
/// block's operands and stack heights (docs/plan-format.md §6).
extension PlanReader {
    mutating func checkReferences() throws(PlanError) {
        let c = contents
        let strings = UInt32(c.strings.count)
        let places = self.places
        // Offsets point at the record the index is in (the section's first record when the
        // index comes from its pool).
        var record = 0
        func at(_ section: SectionKind) -> Int {
            (places[section]?.records ?? 0) + 4 * SectionEncoder.recordWords(section) * record
        }
        func string(_ i: UInt32, optional: Bool = false, _ what: @autoclosure () -> String, _ section: SectionKind) throws(PlanError) {
            if optional, i == PlanContents.none { return }
            guard i < strings else { throw PlanError("\(what()) names string \(i); there are \(strings)", at: at(section), in: section) }
        }
        func index(_ i: UInt32, below n: Int, optional: Bool = false, _ what: @autoclosure () -> String, _ section: SectionKind) throws(PlanError) {
            if optional, i == PlanContents.none { return }
            guard i < UInt32(n) else { throw PlanError("\(what()) is \(i); there are \(n)", at: at(section), in: section) }
        }
        for (i, k) in c.constants.enumerated() {
            record = i
            if case .string(let s) = k { try string(s, "constant \(i)", .constants) }
        }
        for (i, s) in c.schemas.enumerated() {
            record = i
            for p in s.properties { try string(p.name, "a property name of schema \(i)", .schemas) }
            for e in s.enumeration { try index(e, below: c.constants.count, "an enum value of schema \(i) (constant)", .schemas) }
        }
        for (i, a) in c.agents.enumerated() {
            record = i
            try string(a.id, "agent \(i)'s id", .agents)
            try string(a.kind, "agent \(i)'s kind", .agents)
            for w in a.command { try string(w, "agent \(i)'s command", .agents) }
            try string(a.endpoint, optional: true, "agent \(i)'s endpoint", .agents)
            try string(a.model, optional: true, "agent \(i)'s model", .agents)
            try string(a.apiKeyEnv, optional: true, "agent \(i)'s API key variable", .agents)
        }
        for (i, t) in c.tools.enumerated() {
            record = i
            try string(t.id, "tool \(i)'s id", .tools)
            try string(t.implementation, optional: true, "tool \(i)'s implementation", .tools)
        }
        for (i, s) in c.steps.enumerated() {
            record = i
            try string(s.id, "step \(i)'s id", .steps)
            try string(s.title, "step \(i)'s title", .steps)
            try index(s.agent, below: c.agents.count, optional: true, "step \(i)'s agent", .steps)
            try index(s.tool, below: c.tools.count, optional: true, "step \(i)'s tool", .steps)
            try string(s.operation, optional: true, "step \(i)'s operation", .steps)
            try index(s.schema, below: c.schemas.count, optional: true, "step \(i)'s schema", .steps)
            try index(s.policy, below: c.policies.count, "step \(i)'s policy", .steps)
            if s.kind == .tool, s.tool == PlanContents.none {
                throw PlanError("step \(i) calls a tool but names none", at: at(.steps), in: .steps)
            }
        }
        for (i, t) in c.triggers.enumerated() {
            record = i
            switch t {
            case .manual: break
            case .schedule(let s): try string(s.timeZone, optional: true, "trigger \(i)'s time zone", .triggers)
            case .webhook(let path, _, let secret):
                try string(path, "trigger \(i)'s path", .triggers)
                try string(secret, optional: true, "trigger \(i)'s secret", .triggers)
            case .watch(let path, let patterns, _, _):
                try string(path, "trigger \(i)'s path", .triggers)
                for p in patterns { try string(p, "a pattern of trigger \(i)", .triggers) }
            }
        }
        let m = c.metadata
        record = 0
        try string(m.name, "the workflow's name", .metadata)
        try string(m.version, optional: true, "the workflow's version", .metadata)
        try string(m.compiler, "the compiler's version", .metadata)
        for s in m.sources { try string(s.path, "a source's path", .metadata) }
        for input in m.inputs {
            try string(input.name, "an input's name", .metadata)
            try index(input.defaultValue, below: c.constants.count, optional: true, "an input's default (constant)", .metadata)
        }
        for s in m.secrets { try string(s, "a secret's name", .metadata) }
        for a in m.agentOrder { try index(a, below: c.agents.count, "an agent in the order of preference", .metadata) }
        var first = 0
        for b in c.blocks.indices {
            for (i, p) in c.blocks[b].positions.enumerated() {
                record = first + i
                try index(p.source, below: m.sources.count, "a position's source", .sourceMap)
            }
            try checkCode(block: b, first: first)
            first += c.blocks[b].instructions.count
        }
    }

    /// Operands in range, then stack heights.
    /// `first` is the index of the block's first instruction among all of them.
    func checkCode(block b: Int, first: Int) throws(PlanError) {
        let c = contents
        let code = places[.code]?.pool ?? 0
        let block = c.blocks[b]
        let length = block.instructions.count
        let shapes = OpcodeShape.table
        let limits = OperandLimits(
            constants: c.constants.count, strings: c.strings.count, steps: c.steps.count,
            policies: c.policies.count, schemas: c.schemas.count, length: length)
        for (i, instruction) in block.instructions.enumerated() {
            func fail(_ message: String) -> PlanError {
                PlanError("block \(b), instruction \(i) ('\(instruction.opcode.info.name)'): \(message)", at: code + Instruction.size * (first + i), in: .code)
            }
            guard let shape = shapes[Int(instruction.opcode.rawValue)] else { throw fail("unknown opcode") }
            if !limits.allows(shape.a, Int(instruction.a)) || !limits.allows(shape.b, Int(instruction.b)) {
                throw fail(limits.problem(shape.a, Int(instruction.a), "A") ?? limits.problem(shape.b, Int(instruction.b), "B") ?? "operand out of range")
            }
            if instruction.opcode == .call, let f = BuiltinFunction(rawValue: instruction.a) {
                let n = Int(instruction.b)
                guard n >= f.arity.min, f.arity.max.map({ n <= $0 }) ?? true else {
                    throw fail("'\(f.name)' is called with \(n) argument\(n == 1 ? "" : "s")")
                }
            }
            if instruction.opcode == .output, b != 1 { throw fail("'output' appears outside the outputs block") }
        }
        switch StackAnalysis.maxHeight(block.instructions) {
        case .success(let height):
            guard height == block.maxStack else {
                throw PlanError("block \(b) records a largest stack height of \(block.maxStack), but its code reaches \(height)", at: (places[.code]?.records ?? 0) + 16 * b + 12, in: .code)
            }
        case .failure(let f):
            throw PlanError("block \(b), instruction \(f.instruction): \(f.message)", at: code + Instruction.size * (first + f.instruction), in: .code)
        }
    }
}

/// How many of each thing an operand may name in one block.
struct OperandLimits {
    var constants, strings, steps, policies, schemas, length: Int

    /// Whether an operand is in range (the fast test; ``problem(_:_:_:)`` says why not).
    @inline(__always)
    func allows(_ kind: OperandKind, _ value: Int) -> Bool {
        switch kind {
        case .none: value == 0
        case .count: true
        case .constant: value < constants
        case .string: value < strings
        case .step: value < steps
        case .function: value < BuiltinFunction.allCases.count
        case .target: value < length
        case .policy: value < policies
        case .schema: value < schemas
        }
    }

    /// Why an operand is out of range, or nil.
    func problem(_ kind: OperandKind, _ value: Int, _ operand: String) -> String? {
        let limit: Int
        switch kind {
        case .none: return value == 0 ? nil : "operand \(operand) is unused and must be 0, not \(value)"
        case .count: return nil
        case .constant: limit = constants
        case .string: limit = strings
        case .step: limit = steps
        case .function: limit = BuiltinFunction.allCases.count
        case .target: limit = length
        case .policy: limit = policies
        case .schema: limit = schemas
        }
        return value < limit ? nil : "operand \(operand) is \(kind.rawValue) \(value); there are \(limit)"
    }
}
