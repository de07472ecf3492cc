/// One pass over a code block that checks every instruction's operands and settles its stack
/// heights in the same loop (docs/plan-format.md §6, rule 6), on plain numbers read where the
/// instructions lie: no closure, no `switch` and no call for the common instruction.
///
/// The heights are taken in instruction order, which is how the compiler lays code out: every
/// instruction is reached by falling through or by a jump forward before it is visited, and a
/// jump backward lands on a height already known. Such a block is proved exactly as the
/// worklist of ``StackAnalysis`` would prove it (the same constraint on every edge, the same
/// largest height). Anything else — a stack problem, or code reached only by a later jump
/// backward — is handed to ``StackAnalysis`` itself, which gives the verdict and the message;
/// the pass only ever says "proved" or "ask the worklist".
extension PlanReader {
    /// Checks a block's operands and stack heights; gives its largest height.
    /// - Throws: ``PlanError`` for the first instruction (in order) whose operands are wrong,
    ///   then for the block's first stack problem.
    func scan(_ code: InstructionWords, block b: Int) throws(PlanError) -> UInt32 {
        let limits = OperandLimits(counts: counts, length: code.count)
        let rows = ScanRow.rows(limits, block: b)
        let proved: Int? = try rows.withUnsafeBufferPointer { rows throws(PlanError) in
            try scanInOrder(code, block: b, limits, rows)
        }
        if let proved { return UInt32(proved) }
        switch StackAnalysis.maxHeight(count: code.count, code.triple) {
        case .success(let height): return height
        case .failure(let f): throw PlanError("block \(b), instruction \(f.instruction): \(f.message)", at: code.offset(f.instruction), in: .code)
        }
    }

    /// The pass over the whole block: the loop runs until an instruction needs the full
    /// operand check, which runs here, outside the loop (a call inside it would keep the
    /// loop's figures in memory instead of registers). Gives the largest height when the order
    /// of the instructions proved the stack, nil when the worklist must decide.
    private func scanInOrder(_ code: InstructionWords, block b: Int, _ limits: OperandLimits,
                             _ rows: UnsafeBufferPointer<ScanRow>) throws(PlanError) -> Int? {
        let n = code.count
        guard n > 0, let start = code.view.raw.baseAddress.map({ $0 + code.base }), let rows = rows.baseAddress else { return nil }
        // 16-bit heights: half the memory of the instructions' own words, so that they stay in
        // the cache beside them. A height past Int16.max would be cut short; every height the
        // pass stores is at most the largest it reports, so a pass reporting one past Int16.max
        // proves nothing and the worklist (32 bits) decides.
        var heights = [Int16](repeating: -1, count: n)
        return try heights.withUnsafeMutableBufferPointer { heights throws(PlanError) -> Int? in
            guard let heights = heights.baseAddress else { return nil }
            var pass = ScanPass()
            while true {
                switch pass.run(n, start, rows, heights) {
                case .end:
                    // The last instruction must not go on past the end.
                    return pass.height < 0 && pass.highest <= Int(Int16.max) ? pass.highest : nil
                case .suspect(let i):
                    try checkOperands(code, instruction: i, block: b, limits)
                case .disorder:
                    // The order proves nothing more: the operands of the rest, then the worklist.
                    var i = pass.next
                    while let suspect = ScanPass.firstSuspect(n, start, rows, from: i) {
                        try checkOperands(code, instruction: suspect, block: b, limits)
                        i = suspect + 1
                    }
                    return nil
                }
            }
        }
    }
}

/// Where the in-order pass over a block stands, between the instructions that stop it.
struct ScanPass {
    /// The next instruction whose operands are not checked yet.
    var next = 0
    /// The height falling into it, -1 when the one before does not go on.
    var height = 0
    var highest = 0

    /// Why ``run(_:_:_:_:)`` stopped.
    enum Stop {
        /// It reached the end of the block.
        case end
        /// This instruction's operands need the full check (its stack part is done).
        case suspect(Int)
        /// The order of the instructions does not prove the stack at ``next``, whose operands
        /// are not checked.
        case disorder
    }

    /// Goes on from ``next`` until the end of the block or a reason to stop. The stack part
    /// never relies on an operand check: a jump target past the block is disorder (the full
    /// check of that instruction refuses it anyway).
    mutating func run(_ n: Int, _ start: UnsafeRawPointer, _ rows: UnsafePointer<ScanRow>,
                      _ heights: UnsafeMutablePointer<Int16>) -> Stop {
        // Locals, written back on the way out, so that they stay in registers.
        var (i, h, highest) = (next, height, highest)
        defer { (next, height, self.highest) = (i, h, highest) }
        while i < n {
            let word = UInt64(littleEndian: start.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self))
            // Fields are read through the pointer where they are used: a copy of the row
            // would be loaded whole.
            let row = rows + Int(truncatingIfNeeded: word & 0xFF)
            let a = word &>> 32
            let incoming = Int(heights[i])
            if incoming >= 0 {
                if h >= 0, h != incoming { return .disorder }
                h = incoming
            }
            heights[i] = Int16(truncatingIfNeeded: h)
            // Operands are at most 32 bits, so nothing here overflows 64. Below zero also when
            // no path fell into i (h is -1): it is reached only by a jump back, or by none.
            let after = h &- Int(row.pointee.fixed) &- Int(row.pointee.perA) &* Int(truncatingIfNeeded: a)
                &- Int(row.pointee.perB) &* Int(truncatingIfNeeded: (word &>> 16) & 0xFFFF)
            if after < 0 { return .disorder }
            var following = after &+ Int(row.pointee.pushes)
            highest = max(highest, following)
            // The common instruction passes with these two comparisons (``ScanRow/keyLimit``).
            if a >= row.pointee.boundA || ScanRow.key(word) >= row.pointee.keyLimit {
                let flags = row.pointee.flags
                if flags & ScanRow.jumps != 0 {
                    let target = Int(truncatingIfNeeded: a)
                    guard target < n else { return .disorder }
                    let there = Int(heights[target])
                    if target > i, there < 0 {
                        heights[target] = Int16(truncatingIfNeeded: after)
                    } else if there != after {
                        return .disorder
                    }
                }
                if flags & ScanRow.isEnd != 0, h != 0 { return .disorder }
                if flags & ScanRow.ends != 0 { following = -1 }
                h = following
                i &+= 1
                if Self.needsFullCheck(word, row, at: i &- 1) { return .suspect(i &- 1) }
                continue
            }
            h = following
            i &+= 1
        }
        return .end
    }

    /// Whether an instruction's operands need the full check: a bound broken, the reserved
    /// byte set, an opcode every use of which gets it, or a jump backwards other than by
    /// `retry` or `failover` in the steps block.
    static func needsFullCheck(_ word: UInt64, _ row: UnsafePointer<ScanRow>, at i: Int) -> Bool {
        let a = word &>> 32
        let flags = row.pointee.flags
        guard a < row.pointee.boundA, ScanRow.key(word) < row.pointee.keyBound, flags & ScanRow.full == 0 else { return true }
        return flags & ScanRow.jumps != 0 && Int(truncatingIfNeeded: a) <= i && flags & ScanRow.mayJumpBack == 0
    }

    /// The first instruction from `from` on whose operands need the full check.
    static func firstSuspect(_ n: Int, _ start: UnsafeRawPointer, _ rows: UnsafePointer<ScanRow>, from: Int) -> Int? {
        var i = from
        while i < n {
            let word = UInt64(littleEndian: start.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self))
            if needsFullCheck(word, rows + Int(truncatingIfNeeded: word & 0xFF), at: i) { return i }
            i &+= 1
        }
        return nil
    }
}

/// What the scan needs of an opcode byte in one block, as plain numbers: the bounds its
/// operands must stay below (0 for a byte that is no opcode, so every use fails them), the
/// values it takes (`fixed + perA·A + perB·B`) and puts, and what sends it the long way.
/// 32 bytes, so that a row's place is the opcode shifted.
struct ScanRow {
    var boundA: UInt64 = 0
    /// Operand B, the reserved byte and the opcode in one comparison: ``key(_:)`` is below
    /// this exactly when the reserved byte is 0 and B is below its bound.
    var keyBound: UInt32 = 0
    /// ``keyBound``, or 0 for an opcode whose every use the long way looks at (a jump, an
    /// end, one that gets the full check): the scan's one test for both.
    var keyLimit: UInt32 = 0
    var fixed: Int16 = 0
    var perA: Int16 = 0
    var perB: Int16 = 0
    var pushes: Int16 = 0
    var flags: UInt32 = ScanRow.full

    /// The low half of an instruction word with its halves swapped: B, then the opcode, then
    /// the reserved byte on top. With the opcode fixed by the row, it is below
    /// `opcode << 16 + bound of B` exactly when B is below that bound and the reserved byte
    /// is 0 (a reserved byte of 1 alone puts it at 2^24 or more, past any such limit).
    static func key(_ word: UInt64) -> UInt32 {
        let low = UInt32(truncatingIfNeeded: word)
        return low &>> 16 | low &<< 16
    }

    /// Every use gets the full operand check: not an opcode, or `call`, `output`, `env.set`.
    static let full: UInt32 = 1
    /// Operand A is a jump target.
    static let jumps: UInt32 = 2
    /// Execution does not go on to the next instruction.
    static let ends: UInt32 = 4
    /// `end`: the stack must be empty.
    static let isEnd: UInt32 = 8
    /// A jump backwards needs no closer look (`retry`, `failover` in the steps block: bounded by
    /// their policy).
    static let mayJumpBack: UInt32 = 16

    /// The rows of one block, by opcode byte.
    static func rows(_ limits: OperandLimits, block b: Int) -> [ScanRow] {
        var rows = [ScanRow](repeating: ScanRow(), count: 256)
        for (byte, shape) in OpcodeShape.table.enumerated() {
            guard let shape else { continue }
            var row = ScanRow()
            // `count` operands have no bound but their width: every value passes.
            row.boundA = shape.a == .count ? UInt64.max : UInt64(limits.bound(shape.a))
            // B is 16 bits: a bound past 2^16 is the same as 2^16.
            let boundB = UInt32(clamping: min(shape.b == .count ? 1 << 16 : limits.bound(shape.b), 1 << 16))
            row.keyBound = UInt32(byte) << 16 + boundB
            row.pushes = Int16(shape.pushes)
            switch shape.pops {
            case .fixed(let k): row.fixed = Int16(k)
            case .operandA: row.perA = 1
            case .twiceOperandA: row.perA = 2
            case .operandB: row.perB = 1
            }
            let op = UInt8(byte)
            row.flags = 0
            if op == Opcode.call.rawValue || op == Opcode.output.rawValue || op == Opcode.envSet.rawValue { row.flags |= full }
            if shape.jumps { row.flags |= jumps }
            if shape.ends { row.flags |= ends }
            if op == Opcode.end.rawValue { row.flags |= isEnd }
            if b == 0, op == Opcode.retry.rawValue || op == Opcode.failover.rawValue { row.flags |= mayJumpBack }
            row.keyLimit = row.flags == 0 ? row.keyBound : 0
            rows[byte] = row
        }
        return rows
    }
}
