/// The stack height at every instruction of a code block, by abstract interpretation (the
/// WebAssembly validation algorithm reduced to one value type): every path must reach an
/// instruction with the same height, no instruction may take more values than there are,
/// `end` must find the stack empty, and every instruction must be reachable. The writer
/// runs it to record each block's largest height; the verifier runs it again and requires
/// the same figure, so the VM never checks.
enum StackAnalysis {
    /// A problem, at an instruction of the block.
    struct Failure: Error {
        var instruction: Int
        var message: String
    }

    /// The largest stack height of a block whose operands are already known to be in range.
    /// Work is linear: each instruction is visited once, merges compare heights.
    static func maxHeight(_ instructions: [Instruction]) -> Result<UInt32, Failure> {
        maxHeight(count: instructions.count) { i in
            let x = instructions[i]
            return (x.opcode.rawValue, x.a, x.b)
        }
    }

    /// The same, over instructions read by index (the verifier reads them where they lie in
    /// the file): opcode byte and both operands.
    static func maxHeight(count: Int, _ instructionAt: (Int) -> (opcode: UInt8, a: UInt32, b: UInt16)) -> Result<UInt32, Failure> {
        guard count > 0 else { return .failure(Failure(instruction: 0, message: "the block has no instruction; it must end with 'end'")) }
        // 32-bit heights: a block has fewer than 2^31 instructions, and half the memory is
        // half the cache misses on a large plan.
        var heights = [Int32](repeating: -1, count: count)
        return heights.withUnsafeMutableBufferPointer { heights in
            StackRow.table.withUnsafeBufferPointer { rows in walk(count, instructionAt, heights, rows) }
        }
    }

    /// The walk itself, on unchecked buffers: every index into `heights` is below `count`
    /// (the next instruction is tested against it, a jump target is tested before use),
    /// and every index into `rows` is a byte.
    private static func walk(_ count: Int, _ instructionAt: (Int) -> (opcode: UInt8, a: UInt32, b: UInt16),
                             _ heights: UnsafeMutableBufferPointer<Int32>, _ rows: UnsafeBufferPointer<StackRow>) -> Result<UInt32, Failure> {
        heights[0] = 0
        var highest = 0
        // Jumps may go backwards (retry, foreach), so heights are settled by a worklist.
        var work = [0]
        while let start = work.popLast() {
            var i = start
            while true {
                let (op, a, b) = instructionAt(i)
                let row = rows[Int(op)]
                let height = Int(heights[i])
                // One formula for every opcode (no switch per instruction): fixed + a·A + b·B.
                // Operands are at most 32 bits, so the sum cannot overflow 64.
                let pops = Int(row.fixed) &+ Int(row.perA) &* Int(a) &+ Int(row.perB) &* Int(b)
                // The common instruction takes one branch here; jumps, ends, unknown opcodes
                // (whose row takes more than any stack holds) and short stacks go the long way.
                if row.special || pops > height {
                    guard row.known else { return .failure(Failure(instruction: i, message: "unknown opcode")) }
                    guard pops <= height else {
                        return .failure(Failure(instruction: i, message: "'\(Opcode.name(op))' takes \(pops) value\(pops == 1 ? "" : "s") but the stack holds \(height)"))
                    }
                    if row.isEnd, height != 0 {
                        return .failure(Failure(instruction: i, message: "'end' with \(height) value\(height == 1 ? "" : "s") left on the stack"))
                    }
                    let after = height - pops
                    highest = max(highest, after + Int(row.pushes))
                    if row.jumps {
                        let target = Int(a)
                        // The verifier checks targets before this runs; the writer does not.
                        guard target < count else {
                            return .failure(Failure(instruction: i, message: "jump to instruction \(target), past the end of the block (\(count) instructions)"))
                        }
                        if heights[target] < 0 {
                            heights[target] = Int32(after)
                            work.append(target)
                        } else if Int(heights[target]) != after {
                            return .failure(Failure(instruction: i, message: "jump to instruction \(target) with stack height \(after), where another path arrives with \(heights[target])"))
                        }
                    }
                    if row.ends { break }
                }
                let next = height &- pops &+ Int(row.pushes)
                highest = max(highest, next)
                guard i + 1 < count else {
                    return .failure(Failure(instruction: i, message: "execution runs off the end of the block; it must end with 'end' or 'jump'"))
                }
                if heights[i + 1] >= 0 {
                    guard Int(heights[i + 1]) == next else {
                        return .failure(Failure(instruction: i + 1, message: "stack height \(next) on one path and \(heights[i + 1]) on another"))
                    }
                    break
                }
                heights[i + 1] = Int32(next)
                i += 1
            }
        }
        // Code no path reaches would go unchecked: it is refused instead.
        if let unreached = heights.firstIndex(of: -1) {
            return .failure(Failure(instruction: unreached, message: "instruction \(unreached) is never reached"))
        }
        return .success(UInt32(highest))
    }
}

/// What the stack walk needs of an opcode, as plain numbers: the values taken are
/// `fixed + perA·A + perB·B`.
struct StackRow {
    var known = false
    var fixed: Int32 = 0
    var perA: Int32 = 0
    var perB: Int32 = 0
    var pushes: Int32 = 0
    var jumps = false
    var ends = false
    var isEnd = false
    /// Unknown, a jump, or an end: the walk's long way.
    var special = true

    /// One row per opcode byte (unknown bytes have `known` false).
    static let table: [StackRow] = OpcodeShape.table.enumerated().map { byte, shape in
        guard let shape else { return StackRow() }
        var row = StackRow(known: true, pushes: Int32(shape.pushes), jumps: shape.jumps, ends: shape.ends,
                           isEnd: byte == Int(Opcode.end.rawValue), special: shape.jumps || shape.ends)
        switch shape.pops {
        case .fixed(let n): row.fixed = Int32(n)
        case .operandA: row.perA = 1
        case .twiceOperandA: row.perA = 2
        case .operandB: row.perB = 1
        }
        return row
    }
}
