/// The stack height at every instruction of a code block, by abstract interpretation (the
/// WebAssembly validation algorithm reduced to one value type): every path must reach an
/// instruction with the same height, no instruction may take more values than there are,
/// `end` must find the stack empty, and every instruction must be reachable. The writer runs it to record each block's largest
/// height; the verifier runs it again and requires the same figure, so the VM never checks.
enum StackAnalysis {
    /// A problem, at an instruction of the block.
    struct Failure: Error {
        var instruction: Int
        var message: String
    }

    /// The largest stack height of a block whose operands are already known to be in range.
    /// Work is linear: each instruction is visited once, merges compare heights.
    static func maxHeight(_ instructions: [Instruction]) -> Result<UInt32, Failure> {
        let count = instructions.count
        guard count > 0 else { return .failure(Failure(instruction: 0, message: "the block has no instruction; it must end with 'end'")) }
        let shapes = OpcodeShape.table
        var heights = [Int](repeating: -1, count: count)
        heights[0] = 0
        var highest = 0
        // Jumps may go backwards (retry, foreach), so heights are settled by a worklist.
        var work = [0]
        while let start = work.popLast() {
            var i = start
            while true {
                let instruction = instructions[i]
                // The opcode came from the table, so its row exists.
                guard let info = shapes[Int(instruction.opcode.rawValue)] else {
                    return .failure(Failure(instruction: i, message: "unknown opcode"))
                }
                let height = heights[i]
                let pops = info.popCount(a: instruction.a, b: instruction.b)
                guard pops <= height else {
                    return .failure(Failure(instruction: i, message: "'\(instruction.opcode.info.name)' takes \(pops) value\(pops == 1 ? "" : "s") but the stack holds \(height)"))
                }
                if instruction.opcode == .end, height != 0 {
                    return .failure(Failure(instruction: i, message: "'end' with \(height) value\(height == 1 ? "" : "s") left on the stack"))
                }
                let after = height - pops
                let next = after + info.pushes
                highest = max(highest, next, height)
                if info.jumps {
                    let target = Int(instruction.a)
                    // The verifier checks targets before this runs; the writer does not.
                    guard target < count else {
                        return .failure(Failure(instruction: i, message: "jump to instruction \(target), past the end of the block (\(count) instructions)"))
                    }
                    if heights[target] < 0 {
                        heights[target] = after
                        work.append(target)
                    } else if heights[target] != after {
                        return .failure(Failure(instruction: i, message: "jump to instruction \(target) with stack height \(after), where another path arrives with \(heights[target])"))
                    }
                }
                if info.ends { break }
                guard i + 1 < count else {
                    return .failure(Failure(instruction: i, message: "execution runs off the end of the block; it must end with 'end' or 'jump'"))
                }
                if heights[i + 1] >= 0 {
                    guard heights[i + 1] == next else {
                        return .failure(Failure(instruction: i + 1, message: "stack height \(next) on one path and \(heights[i + 1]) on another"))
                    }
                    break
                }
                heights[i + 1] = next
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
