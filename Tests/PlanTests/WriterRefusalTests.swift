import Testing
@testable import Plan

/// Contents the compiler could build by mistake: the writer refuses them with the
/// verifier's message (or its own) instead of writing a plan the VM would refuse or misread.
@Suite struct WriterRefusalTests {
    /// The sample with one change.
    func sample(_ change: (inout PlanContents) -> Void) -> PlanContents {
        var c = SamplePlan.contents()
        change(&c)
        return c
    }

    @Test func indicesOutOfRange() {
        expectWriterRefuses(sample { $0.steps[0].policy = 99 }, in: .steps, "step 0's policy is 99; there are 2")
        expectWriterRefuses(sample { $0.steps[2].agent = 5 }, in: .steps, "step 2's agent is 5; there are 2")
        expectWriterRefuses(sample { $0.steps[1].tool = PlanContents.none }, in: .steps, "step 1 calls a tool but names none")
        expectWriterRefuses(sample { $0.constants[6] = .string(999) }, in: .constants, "constant 6 names string 999")
        expectWriterRefuses(sample { $0.schemas[2].enumeration = [12] }, in: .schemas, "an enum value of schema 2 (constant) is 12; there are 12")
        expectWriterRefuses(sample { $0.schemas[4].properties[1].name = 9999 }, in: .schemas, "a property name of schema 4 names string 9999")
        expectWriterRefuses(sample { $0.agents[1].command = [0, 8888] }, in: .agents, "agent 1's command names string 8888")
        expectWriterRefuses(sample { $0.tools[0].id = 7777 }, in: .tools, "tool 0's id names string 7777")
        expectWriterRefuses(sample { $0.triggers[3] = .watch(path: 0, patterns: [6666], events: 1, debounceMilliseconds: 0) },
                            in: .triggers, "a pattern of trigger 3 names string 6666")
        expectWriterRefuses(sample { $0.metadata.agentOrder = [1, 2] }, in: .metadata, "an agent in the order of preference is 2; there are 2")
        expectWriterRefuses(sample { $0.metadata.inputs[1].defaultValue = 40 }, in: .metadata, "an input's default (constant) is 40")
        expectWriterRefuses(sample { $0.blocks[1].positions[3].source = 9 }, in: .sourceMap, "a position's source is 9; there are 2")
    }

    @Test func schemaNamingALaterSchema() {
        expectWriterRefuses(sample { $0.schemas[3].items = 5 }, in: .schemas, "schema 3 names schema 5 for its items")
        expectWriterRefuses(sample { $0.schemas[4].properties[0].schema = 4 }, in: .schemas, "a property of schema 4 names schema 4")
    }

    @Test func valuesOutOfRange() {
        expectWriterRefuses(sample { $0.constants[5] = .number(.nan) }, in: .constants, "constant 5 has tag 3")
        expectWriterRefuses(sample { $0.constants[5] = .number(-.infinity) }, in: .constants, "not a valid constant")
        expectWriterRefuses(sample { $0.policies[1].maxAttempts = 0 }, in: .policies, "policy 1 is out of range")
        expectWriterRefuses(sample { $0.policies[1].backoffPermille = 999 }, in: .policies, "policy 1 is out of range")
        expectWriterRefuses(sample { $0.policies[0].initialMilliseconds = 60_001 }, in: .policies, "policy 0 is out of range")
        expectWriterRefuses(sample { $0.policies[0].failoverOn = 1 << 31 }, in: .policies, "policy 0 is out of range")
        expectWriterRefuses(sample { $0.blocks[0].positions[0].line = 0 }, in: .sourceMap, "position 0 has line 0")
    }

    @Test func triggersOutOfRange() {
        let every = PlanContents.Schedule(minutes: 1, hours: 1, daysOfMonth: 2, months: 2, daysOfWeek: 1, restrictions: 0,
                                          timeZone: PlanContents.none)
        var bad: [PlanContents.Schedule] = []
        for damage in 0..<6 {
            var s = every
            switch damage {
            case 0: s.minutes = 0
            case 1: s.hours = 1 << 24
            case 2: s.daysOfMonth = 1
            case 3: s.months = 1 << 13
            case 4: s.daysOfWeek = 1 << 7
            default: s.restrictions = 4
            }
            bad.append(s)
        }
        for s in bad {
            expectWriterRefuses(sample { $0.triggers[1] = .schedule(s) }, in: .triggers, "trigger 1: a schedule field is empty")
        }
        expectWriterRefuses(sample { $0.triggers[2] = .webhook(path: 0, methods: 0, secret: PlanContents.none) }, in: .triggers,
                            "trigger 2 has kind 2 and words that do not fit it")
        expectWriterRefuses(sample { $0.triggers[3] = .watch(path: 0, patterns: [], events: 0, debounceMilliseconds: 0) }, in: .triggers,
                            "trigger 3 has kind 3 and words that do not fit it")
        #expect(writerRefusal(sample { $0.triggers[1] = .schedule(every) }) == nil)
    }

    @Test func codeRules() {
        expectWriterRefuses(sample { $0.blocks[0].instructions[2] = Instruction(.const, a: 99) }, in: .code,
                            "block 0, instruction 2 ('const'): operand A is constant 99; there are 12")
        // One argument on the stack, as `len` takes, but `replace` takes three.
        expectWriterRefuses(sample { $0.blocks[1].instructions[5] = Instruction(.call, a: BuiltinFunction.replace.rawValue, b: 1) }, in: .code,
                            "'replace' is called with 1 argument")
        expectWriterRefuses(sample { $0.blocks[1].instructions[13] = Instruction(.end, a: 5) }, in: .code,
                            "operand A is unused and must be 0, not 5")
        expectWriterRefuses(sample {
            $0.blocks[0].instructions.insert(Instruction(.output, a: 0), at: 0)
            $0.blocks[0].instructions.insert(Instruction(.const, a: 0), at: 0)
            $0.blocks[0].positions += $0.blocks[0].positions.prefix(2)
            // Every jump moves by the two instructions put in front.
            for i in $0.blocks[0].instructions.indices where $0.blocks[0].instructions[i].opcode.info.jumps {
                $0.blocks[0].instructions[i].a += 2
            }
        }, in: .code, "block 0, instruction 1 ('output'): 'output' appears outside the outputs block")
    }

    @Test func blockShapes() {
        expectWriterRefuses(sample { $0.blocks.removeLast() }, in: .code, "the code section has 1 blocks")
        expectWriterRefuses(sample { $0.blocks.append($0.blocks[1]) }, in: .code, "the code section has 3 blocks")
        expectWriterRefuses(sample { $0.blocks.swapAt(0, 1) }, in: .code, "block 0 has kind 1")
        expectWriterRefuses(sample { $0.blocks[1].instructions = []; $0.blocks[1].positions = [] }, in: .code,
                            "block 1, instruction 0: the block has no instruction")
    }

    @Test func stackRulesAreCheckedBeforeEncoding() {
        // The writer computes heights first, so these come from its own analysis.
        expectWriterRefuses(sample { $0.blocks[1].instructions[0] = Instruction(.pop) }, in: .code,
                            "block 1, instruction 0: 'pop' takes 1 value but the stack holds 0")
        expectWriterRefuses(sample { $0.blocks[1].instructions[2] = Instruction(.end) }, in: .code,
                            "block 1, instruction 2: 'end' with 1 value left on the stack")
        expectWriterRefuses(sample { $0.blocks[1].instructions[0] = Instruction(.end) }, in: .code,
                            "block 1, instruction 1: instruction 1 is never reached")
    }

    @Test func jumpOutOfTheBlockIsAnErrorNotACrash() {
        // Regression: the writer's stack analysis runs before the verifier's operand checks
        // and indexed its height table with the target unchecked.
        let length = SamplePlan.contents().blocks[1].instructions.count
        for target in [UInt32(length), .max] {
            expectWriterRefuses(sample { $0.blocks[1].instructions[0] = Instruction(.jump, a: target) }, in: .code,
                                "block 1, instruction 0: jump to instruction \(target), past the end of the block (\(length) instructions)")
        }
    }

    @Test func sourceDigestOfTheWrongSizeIsAnErrorNotACrash() {
        // Regression: the writer read 32 bytes from each source's digest whatever its size.
        expectWriterRefuses(sample { $0.metadata.sources[1].sha256 = [1, 2, 3] }, in: .metadata,
                            "source 1's SHA-256 has 3 bytes; it has 32")
        expectWriterRefuses(sample { $0.metadata.sources[0].sha256 += [0] }, in: .metadata, "source 0's SHA-256 has 33 bytes")
    }

    @Test func positionsMustMatchEachBlock() {
        // Regression: positions are stored as one list, so one too few in block 0 and one too
        // many in block 1 were written, verified, and read back shifted into block 0.
        let counts = SamplePlan.contents().blocks.map(\.instructions.count)
        expectWriterRefuses(sample { $0.blocks[1].positions.append($0.blocks[0].positions.removeLast()) }, in: .sourceMap,
                            "block 0 has \(counts[0]) instructions but \(counts[0] - 1) positions")
        expectWriterRefuses(sample { $0.blocks[1].positions.removeAll() }, in: .sourceMap,
                            "block 1 has \(counts[1]) instructions but 0 positions")
    }
}
