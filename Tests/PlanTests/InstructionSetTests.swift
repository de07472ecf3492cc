import Testing
@testable import Plan

/// The instruction table, the function library and the stack analysis that both writer and
/// verifier rely on.
@Suite struct InstructionSetTests {
    @Test func everyOpcodeHasItsOwnRow() {
        #expect(OpcodeInfo.all.count == Opcode.allCases.count)
        for op in Opcode.allCases {
            let row = OpcodeInfo.table[Int(op.rawValue)]
            #expect(row?.opcode == op, "\(op)")
            #expect(op.info.opcode == op)
        }
        // Rows are in opcode order, so `all` reads as the ISA listing.
        let bytes = OpcodeInfo.all.map(\.opcode.rawValue)
        #expect(bytes == bytes.sorted())
        #expect(Set(bytes).count == bytes.count)
        #expect(OpcodeInfo.table.compactMap { $0 }.count == Opcode.allCases.count)
    }

    @Test func namesAreUniqueAndListable() {
        let names = OpcodeInfo.all.map(\.name)
        #expect(Set(names).count == names.count)
        for row in OpcodeInfo.all {
            #expect(!row.name.isEmpty && row.name == row.name.lowercased() && !row.name.contains(" "), "\(row.name)")
            #expect(row.summary.hasSuffix("."), "\(row.name)")
        }
    }

    @Test func controlFlowFlagsAgree() {
        for row in OpcodeInfo.all {
            // Only `jump` and `end` stop the straight path; a target is only ever operand A.
            #expect(row.ends == [.jump, .end].contains(row.opcode), "\(row.name)")
            #expect(row.b != .target, "\(row.name)")
            #expect(row.pushes <= 1, "\(row.name)")
            if row.pops == .operandA || row.pops == .twiceOperandA { #expect(row.a == .count, "\(row.name)") }
            if row.pops == .operandB { #expect(row.b == .count, "\(row.name)") }
        }
        #expect(Set(OpcodeInfo.all.filter(\.jumps).map(\.opcode))
                == [.jump, .jumpIfFalse, .jumpIfTrue, .stepBegin, .retry, .failover, .foreachNext])
    }

    @Test func popCounts() {
        #expect(Opcode.add.info.popCount(a: 9, b: 9) == 2)
        #expect(Opcode.array.info.popCount(a: 3, b: 0) == 3)
        #expect(Opcode.object.info.popCount(a: 3, b: 0) == 6)
        #expect(Opcode.call.info.popCount(a: 0, b: 4) == 4)
        #expect(Opcode.object.info.popCount(a: .max, b: 0) == 2 * Int(UInt32.max))
    }

    @Test func builtinNamesAreSortedAndUnique() {
        let names = BuiltinFunction.allCases.map(\.name)
        #expect(names == names.sorted())
        #expect(Set(names).count == names.count)
        #expect(BuiltinFunction.allCases.map(\.rawValue) == Array(0..<UInt32(names.count)))
        for f in BuiltinFunction.allCases {
            #expect(BuiltinFunction(name: f.name) == f)
            #expect(f.arity.min >= 1 && (f.arity.max ?? .max) >= f.arity.min, "\(f.name)")
        }
        #expect(BuiltinFunction(name: "default") == .default)
        #expect(BuiltinFunction(name: "nope") == nil)
    }

    // MARK: Stack analysis

    static func height(_ ops: [Instruction]) -> UInt32? {
        if case .success(let h) = StackAnalysis.maxHeight(ops) { return h }
        return nil
    }

    static func failure(_ ops: [Instruction]) -> StackAnalysis.Failure? {
        if case .failure(let f) = StackAnalysis.maxHeight(ops) { return f }
        return nil
    }

    @Test func maxHeightOfStraightLines() {
        #expect(Self.height([Instruction(.end)]) == 0)
        #expect(Self.height([Instruction(.const), Instruction(.pop), Instruction(.end)]) == 1)
        #expect(Self.height([Instruction(.const), Instruction(.const), Instruction(.add), Instruction(.pop), Instruction(.end)]) == 2)
        // Key-value pairs: 4 values deep before `object` folds them into one.
        #expect(Self.height([Instruction(.const), Instruction(.const), Instruction(.const), Instruction(.const),
                             Instruction(.object, a: 2), Instruction(.pop), Instruction(.end)]) == 4)
        // `foreach.end` pushes; a zero-argument `array` pushes onto an empty stack.
        #expect(Self.height([Instruction(.array, a: 0), Instruction(.pop), Instruction(.end)]) == 1)
    }

    @Test func maxHeightAcrossBranches() {
        // if c { push 3 deep } else { push 1 } — the deeper branch counts.
        let code = [
            Instruction(.const), Instruction(.jumpIfFalse, a: 8),
            Instruction(.const), Instruction(.const), Instruction(.const), Instruction(.array, a: 3), Instruction(.pop),
            Instruction(.jump, a: 10),
            Instruction(.const), Instruction(.pop),
            Instruction(.end),
        ]
        #expect(Self.height(code) == 3)
    }

    @Test func maxHeightOfTheSample() throws {
        let c = SamplePlan.contents()
        #expect(Self.height(c.blocks[0].instructions) == 3)
        #expect(Self.height(c.blocks[1].instructions) == 2)
    }

    @Test func analysisFailures() {
        #expect(Self.failure([])?.message.contains("no instruction") == true)
        let underflow = Self.failure([Instruction(.const), Instruction(.add), Instruction(.end)])
        #expect(underflow?.instruction == 1)
        #expect(underflow?.message == "'add' takes 2 values but the stack holds 1")
        #expect(Self.failure([Instruction(.const)])?.message.contains("runs off the end") == true)
        #expect(Self.failure([Instruction(.const), Instruction(.end)])?.message == "'end' with 1 value left on the stack")
        let unreached = Self.failure([Instruction(.end), Instruction(.end)])
        #expect(unreached?.instruction == 1)
        // A loop that goes round with one more value each time.
        let growing = Self.failure([Instruction(.const), Instruction(.jump, a: 0)])
        #expect(growing?.instruction == 1)
        #expect(growing?.message.contains("with stack height 1, where another path arrives with 0") == true)
        let outside = Self.failure([Instruction(.const), Instruction(.jumpIfTrue, a: 7), Instruction(.end)])
        #expect(outside?.instruction == 1)
        #expect(outside?.message.contains("past the end of the block") == true)
    }
}
