/// The code and source-map sections (docs/plan-format.md §6): each block's operands and
/// stack heights in one pass over its words where they lie (``scan(_:block:)``), with the
/// full check of an instruction and the worklist of ``StackAnalysis`` for what the pass does
/// not clear; every position's line, column and source.
extension PlanReader {
    mutating func readCode(_ s: SectionCursor) throws(PlanError) {
        guard s.count == 2 else { throw s.error("the code section has \(s.count) blocks; a plan has 2 (steps, outputs)", record: 0) }
        let words = s.words
        guard words.poolWords % 2 == 0 else { throw PlanError("the instruction area is not a whole number of instructions", at: words.poolStart, in: .code) }
        let total = words.poolWords / 2
        // The blocks' places first: an instruction outside every block is the finding, not
        // the stack problem it causes in the block it was cut from.
        var next = 0
        var blocks: [(kind: PlanContents.BlockKind, code: InstructionWords)] = []
        for r in 0..<s.count {
            guard let kind = PlanContents.BlockKind(rawValue: s.record(r, 0)), kind.rawValue == UInt32(r) else {
                throw s.error("block \(r) has kind \(s.record(r, 0)); block 0 runs the steps and block 1 the outputs", record: r)
            }
            let start = Int(s.record(r, 1))
            let count = Int(s.record(r, 2))
            guard start == next, count <= total - start else {
                throw s.error("block \(r) does not start where the one before it ends, or runs past the instructions", record: r, word: 1)
            }
            blocks.append((kind, InstructionWords(view: view, base: words.offset(pool: 2 * start), count: count)))
            next = start + count
        }
        guard next == total else { throw PlanError("\(total - next) instructions belong to no block", at: words.offset(pool: 2 * next), in: .code) }
        for (r, (kind, code)) in blocks.enumerated() {
            let height = try scan(code, block: r)
            guard height == s.record(r, 3) else {
                throw s.error("block \(r) records a largest stack height of \(s.record(r, 3)), but its code reaches \(height)", record: r, word: 3)
            }
            if building {
                var block = PlanContents.CodeBlock(kind: kind)
                block.maxStack = s.record(r, 3)
                block.instructions = (0..<code.count).map(code.instruction)
                contents.blocks.append(block)
            }
        }
        counts.instructions = total
    }

    /// The full check of one instruction, with the message that says what is wrong: every
    /// opcode known, its reserved byte zero, and both operands in range for what they name;
    /// calls with an arity the function accepts; `output` only in the outputs block, `env.set`
    /// only in the steps block; jumps backwards only where a loop is bounded. ``scan(_:block:)``
    /// runs it on the instructions its plain comparisons do not clear.
    func checkOperands(_ code: InstructionWords, instruction i: Int, block b: Int, _ limits: OperandLimits) throws(PlanError) {
        let (op, a, operandB) = code.triple(i)
        let at = code.offset(i)
        guard let shape = OpcodeShape.table[Int(op)] else {
            throw PlanError("block \(b), instruction \(i): unknown opcode 0x\(String(op, radix: 16))", at: at, in: .code)
        }
        guard code.reservedByte(i) == 0 else { throw PlanError("block \(b), instruction \(i): reserved byte is not zero", at: at + 1, in: .code) }
        func fail(_ message: String) -> PlanError {
            PlanError("block \(b), instruction \(i) ('\(Opcode.name(op))'): \(message)", at: at, in: .code)
        }
        if !limits.allows(shape.a, Int(a)) || !limits.allows(shape.b, Int(operandB)) {
            throw fail(limits.problem(shape.a, Int(a), "A") ?? limits.problem(shape.b, Int(operandB), "B") ?? "operand out of range")
        }
        if op == Opcode.call.rawValue, let f = BuiltinFunction(rawValue: a) {
            let n = Int(operandB)
            guard n >= f.arity.min, f.arity.max.map({ n <= $0 }) ?? true else {
                throw fail("'\(f.name)' is called with \(n) argument\(n == 1 ? "" : "s")")
            }
        }
        if op == Opcode.output.rawValue, b != 1 { throw fail("'output' appears outside the outputs block") }
        if op == Opcode.envSet.rawValue, b != 0 { throw fail("'env.set' appears outside the steps block") }
        // Every loop must be bounded by something the VM counts: a retry or failover by its
        // policy, a `foreach` by its array. So a jump backwards is only a `retry`, a
        // `failover`, or a `jump` to a `foreach.next` of the steps block; the outputs block
        // has no loop at all.
        if shape.jumps, Int(a) <= i {
            let target = code.triple(Int(a)).opcode
            let bounded = b == 0 && (op == Opcode.retry.rawValue || op == Opcode.failover.rawValue
                || (op == Opcode.jump.rawValue && target == Opcode.foreachNext.rawValue))
            guard bounded else {
                throw fail("jumps back to instruction \(a): only 'retry', 'failover' and a 'jump' to a 'foreach.next' of the steps block may jump back (a loop must be bounded)")
            }
        }
    }

    mutating func readSourceMap(_ s: SectionCursor) throws(PlanError) {
        guard s.count == counts.instructions, s.words.poolWords == 0 else {
            throw s.error("the source map has \(s.count) positions for \(counts.instructions) instructions", record: 0)
        }
        let sources = UInt32(counts.sources)
        let base = s.words.recordsStart
        if !positionsLookRight(s, sources: sources) {
            for r in 0..<s.count {
                let at = base &+ 12 &* r
                let (source, line, column) = (view.u32(at), view.u32(at &+ 4), view.u32(at &+ 8))
                guard line >= 1, column >= 1 else { throw s.error("position \(r) has line \(line), column \(column); both count from 1", record: r, word: 1) }
                guard source < sources else { throw s.error("a position's source is \(source); there are \(sources)", record: r) }
            }
        }
        guard building else { return }
        var r = 0
        for b in contents.blocks.indices {
            contents.blocks[b].positions = contents.blocks[b].instructions.indices.map { _ in
                defer { r += 1 }
                return PlanContents.SourcePosition(source: s.record(r, 0), line: s.record(r, 1), column: s.record(r, 2))
            }
        }
    }
}

/// One block's instructions where they lie in the file: 8 bytes each, the opcode in the first
/// byte, a reserved byte, operand B in the next two, operand A in the last four.
struct InstructionWords {
    let view: ByteView
    /// Where instruction 0 starts in the file.
    let base: Int
    let count: Int

    func offset(_ i: Int) -> Int { base + Instruction.size * i }

    /// Opcode byte and both operands.
    func triple(_ i: Int) -> (opcode: UInt8, a: UInt32, b: UInt16) {
        let word = view.u32(offset(i))
        return (UInt8(truncatingIfNeeded: word), view.u32(offset(i) + 4), UInt16(truncatingIfNeeded: word >> 16))
    }

    func reservedByte(_ i: Int) -> UInt8 { view.byte(offset(i) + 1) }

    /// The instruction as a value; its opcode must already be known to be one.
    func instruction(_ i: Int) -> Instruction {
        let (op, a, b) = triple(i)
        return Instruction(Opcode(rawValue: op) ?? .end, a: a, b: b)
    }
}

/// How many of each thing an operand may name in one block.
struct OperandLimits {
    var constants, strings, steps, policies, schemas, length: Int

    init(counts: TableCounts, length: Int) {
        constants = counts.constants
        strings = counts.strings
        steps = counts.steps
        policies = counts.policies
        schemas = counts.schemas
        self.length = length
    }

    /// Whether an operand is in range (``problem(_:_:_:)`` says why not).
    func allows(_ kind: OperandKind, _ value: Int) -> Bool { value < bound(kind) }

    /// The first value out of range for an operand of a kind.
    func bound(_ kind: OperandKind) -> Int {
        switch kind {
        case .none: 1
        case .count: Int.max
        case .constant: constants
        case .string: strings
        case .step: steps
        case .function: BuiltinFunction.allCases.count
        case .target: length
        case .policy: policies
        case .schema: schemas
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
