import Testing
@testable import Plan

/// One test per rule of the code section: instruction encoding, operands, jumps and stack
/// heights, each on the sample's code damaged at the byte level with the digest recomputed.
@Suite struct CodeRuleTests {
    let bytes = SamplePlan.bytes()
    let contents = SamplePlan.contents()
    var layout: Layout { Layout(bytes) }

    /// The sample with instruction `i` of block `b` replaced.
    func with(block b: Int, _ i: Int, _ instruction: Instruction) -> [UInt8] {
        var out = bytes
        overwrite(&out, instructionAt: layout.instruction(block: b, i), with: instruction)
        redigest(&out)
        return out
    }

    /// Where the first instruction of block 0 with an opcode is (the sample has each once or
    /// more; a missing one is a broken sample).
    func first(_ opcode: Opcode, after start: Int = 0) -> Int {
        contents.blocks[0].instructions.indices.first { $0 >= start && contents.blocks[0].instructions[$0].opcode == opcode }!
    }

    @Test(arguments: [UInt8(0x00), 0x0F, 0x26, 0x50, 0xFF])
    func unknownOpcode(_ byte: UInt8) {
        var b = bytes
        let at = layout.instruction(block: 1, 2)
        b[at] = byte
        redigest(&b)
        expectRefused(b, in: .code, "block 1, instruction 2: unknown opcode 0x\(String(byte, radix: 16))", at: at)
    }

    /// `env.set` sets a run's or a step's variables: it has no meaning among the outputs.
    @Test func envSetOutsideTheStepsBlock() {
        var b = bytes
        let at = layout.instruction(block: 1, 2)
        b[at] = Opcode.envSet.rawValue
        redigest(&b)
        expectRefused(b, in: .code, "'env.set' appears outside the steps block", at: at)
    }

    @Test func reservedInstructionByteNotZero() {
        var b = bytes
        let at = layout.instruction(block: 0, 3)
        b[at + 1] = 0x80
        redigest(&b)
        expectRefused(b, in: .code, "block 0, instruction 3: reserved byte is not zero", at: at + 1)
    }

    @Test func jumpTargetOutsideTheBlock() {
        let i = first(.jump, after: first(.foreachNext))
        let length = contents.blocks[0].instructions.count
        for target in [UInt32(length), UInt32(length + 3), .max] {
            expectRefused(with(block: 0, i, Instruction(.jump, a: target)), in: .code,
                          "block 0, instruction \(i) ('jump'): operand A is target \(target); there are \(length)",
                          at: layout.instruction(block: 0, i))
        }
        // Block 1 is shorter: a target valid in block 0 is out of block 1.
        expectRefused(with(block: 1, 0, Instruction(.jumpIfTrue, a: 20)), in: .code, "operand A is target 20; there are 14",
                      at: layout.instruction(block: 1, 0))
    }

    @Test func operandOutOfRange() {
        let cases: [(Instruction, String)] = [
            (Instruction(.const, a: 12), "operand A is constant 12; there are 12"),
            (Instruction(.loadInput, a: 10_000), "operand A is string 10000"),
            (Instruction(.loadStep, a: 3), "operand A is step 3; there are 3"),
            (Instruction(.call, a: UInt32(BuiltinFunction.allCases.count), b: 1), "operand A is function \(BuiltinFunction.allCases.count)"),
            (Instruction(.circuitCheck, a: 2), "operand A is policy 2; there are 2"),
            (Instruction(.validate, a: 6), "operand A is schema 6; there are 6"),
            (Instruction(.stepBegin, a: 1, b: 3), "operand B is step 3; there are 3"),
        ]
        for (instruction, message) in cases {
            expectRefused(with(block: 1, 0, instruction), in: .code, "block 1, instruction 0 ('\(instruction.opcode.info.name)'): \(message)",
                          at: layout.instruction(block: 1, 0))
        }
    }

    @Test func unusedOperandNotZero() {
        let end = contents.blocks[1].instructions.count - 1
        expectRefused(with(block: 1, end, Instruction(.end, a: 1)), in: .code, "operand A is unused and must be 0, not 1",
                      at: layout.instruction(block: 1, end))
        expectRefused(with(block: 1, end, Instruction(.end, b: 7)), in: .code, "operand B is unused and must be 0, not 7",
                      at: layout.instruction(block: 1, end))
    }

    @Test func callWithTheWrongNumberOfArguments() {
        // `len` takes one; instruction 5 of block 1 calls it with the output on the stack.
        expectRefused(with(block: 1, 5, Instruction(.call, a: BuiltinFunction.len.rawValue, b: 0)), in: .code,
                      "'len' is called with 0 arguments", at: layout.instruction(block: 1, 5))
        expectRefused(with(block: 1, 5, Instruction(.call, a: BuiltinFunction.replace.rawValue, b: 2)), in: .code,
                      "'replace' is called with 2 arguments", at: layout.instruction(block: 1, 5))
    }

    @Test func outputOutsideTheOutputsBlock() {
        // In place of `foreach.collect`, which also takes one value: only the block differs.
        let i = first(.foreachCollect)
        expectRefused(with(block: 0, i, Instruction(.output, a: 0)), in: .code,
                      "block 0, instruction \(i) ('output'): 'output' appears outside the outputs block", at: layout.instruction(block: 0, i))
    }

    @Test func stackUnderflow() {
        expectRefused(with(block: 1, 0, Instruction(.add)), in: .code,
                      "block 1, instruction 0: 'add' takes 2 values but the stack holds 0", at: layout.instruction(block: 1, 0))
        // `object` takes twice its count.
        expectRefused(with(block: 1, 5, Instruction(.object, a: 1)), in: .code,
                      "'object' takes 2 values but the stack holds 1", at: layout.instruction(block: 1, 5))
        // A count near 2^32 must not wrap.
        expectRefused(with(block: 1, 5, Instruction(.array, a: .max)), in: .code,
                      "'array' takes \(UInt32.max) values", at: layout.instruction(block: 1, 5))
    }

    @Test func inconsistentStackHeightAtAMerge() {
        // Retry back to the attempt's third instruction, where the prompt's first part is
        // already on the stack on the straight path but not on the retry path.
        let retry = first(.retry)
        let attempt = Int(contents.blocks[0].instructions[retry].a)
        expectRefused(with(block: 0, retry, Instruction(.retry, a: UInt32(attempt + 2), b: 1)), in: .code,
                      "block 0, instruction \(retry): jump to instruction \(attempt + 2) with stack height 0, where another path arrives with 1",
                      at: layout.instruction(block: 0, retry))
    }

    @Test func inconsistentStackHeightWhereAPathFallsThrough() {
        // `skip` is reached by two jumps at height 0; a `const` before it makes the path
        // that falls into it arrive at height 1.
        let skip = first(.skip)
        let jumpOver = skip - 1
        expectRefused(with(block: 0, jumpOver, Instruction(.const, a: 0)), in: .code,
                      "block 0, instruction \(skip): stack height 1 on one path and 0 on another", at: layout.instruction(block: 0, skip))
    }

    @Test func unreachableInstruction() {
        expectRefused(with(block: 1, 0, Instruction(.end)), in: .code,
                      "block 1, instruction 1: instruction 1 is never reached", at: layout.instruction(block: 1, 1))
    }

    @Test func endWithValuesOnTheStack() {
        expectRefused(with(block: 1, 2, Instruction(.end)), in: .code,
                      "block 1, instruction 2: 'end' with 1 value left on the stack", at: layout.instruction(block: 1, 2))
    }

    @Test func executionRunningOffTheEnd() {
        let last = contents.blocks[1].instructions.count - 1
        expectRefused(with(block: 1, last, Instruction(.loadRun)), in: .code,
                      "execution runs off the end of the block", at: layout.instruction(block: 1, last))
    }

    @Test func wrongMaxStackRecorded() {
        let code = layout[.code]
        for recorded: UInt32 in [2, 4, .max] {
            var b = bytes
            b.setU32(recorded, at: code.record(0, word: 3))
            redigest(&b)
            expectRefused(b, in: .code, "block 0 records a largest stack height of \(recorded), but its code reaches 3",
                          at: code.record(0, word: 3))
        }
    }

    @Test func blockKindsInTheWrongOrder() {
        let code = layout[.code]
        var b = bytes
        b.setU32(1, at: code.record(0))
        b.setU32(0, at: code.record(1))
        redigest(&b)
        expectRefused(b, in: .code, "block 0 has kind 1", at: code.record(0))
    }

    @Test func blocksNotEndToEnd() {
        let code = layout[.code]
        var gap = bytes
        gap.setU32(gap.u32(at: code.record(1, word: 1)) + 1, at: code.record(1, word: 1))
        redigest(&gap)
        expectRefused(gap, in: .code, "block 1 does not start where the one before it ends", at: code.record(1, word: 1))
        var short = bytes
        short.setU32(short.u32(at: code.record(1, word: 2)) - 1, at: code.record(1, word: 2))
        redigest(&short)
        let stray = code.pool(2 * (contents.blocks[0].instructions.count + contents.blocks[1].instructions.count - 1))
        expectRefused(short, in: .code, "1 instructions belong to no block", at: stray)
    }

    @Test func halfAnInstruction() {
        // One word more in the pool, as a section of its own size: the pool is counted in
        // words but instructions take two.
        var parts = sections(of: bytes)
        let i = Int(SectionKind.code.rawValue) - 1
        parts[i].bytes += [0, 0, 0, 0]
        parts[i].bytes.setU32(parts[i].bytes.u32(at: 4) + 1, at: 4)
        let b = assemble(parts)
        expectRefused(b, in: .code, "not a whole number of instructions", at: Layout(b)[.code].poolStart)
    }

    @Test func sourceMapWithAPositionTooFew() {
        var parts = sections(of: bytes)
        let i = Int(SectionKind.sourceMap.rawValue) - 1
        parts[i].bytes.removeLast(12)
        parts[i].bytes.setU32(parts[i].bytes.u32(at: 0) - 1, at: 0)
        let b = assemble(parts)
        let total = contents.blocks.map(\.instructions.count).reduce(0, +)
        expectRefused(b, in: .sourceMap, "the source map has \(total - 1) positions for \(total) instructions", at: Layout(b)[.sourceMap].recordsStart)
    }
}
