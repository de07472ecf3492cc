import Testing
@testable import Plan

/// Rules that keep what the VM does with a verified plan bounded: loops only where a policy
/// or an array bounds them, schema properties named once, input defaults and rules that fit
/// their inputs' types. Each was found by review as a way a hostile plan could hang the VM
/// or make it misread a value.
@Suite struct BoundednessTests {
    func withBlock(_ b: Int, _ instructions: [Instruction]) -> PlanContents {
        var c = SamplePlan.minimal()
        c.constants = [.boolean(true)]
        c.blocks[b].instructions = instructions
        c.blocks[b].positions = Array(repeating: c.blocks[b].positions[0], count: instructions.count)
        return c
    }

    @Test func theOutputsBlockHasNoLoop() {
        // `const true; jump.if.true 0; end` verified once, and ran for ever.
        expectWriterRefuses(withBlock(1, [Instruction(.const, a: 0), Instruction(.jumpIfTrue, a: 0), Instruction(.end)]),
                            in: .code, "only 'retry', 'failover' and a 'jump' to a 'foreach.next' of the steps block may jump back")
        expectWriterRefuses(withBlock(1, [Instruction(.jump, a: 0)]), in: .code, "jumps back to instruction 0")
    }

    @Test func theStepsBlockLoopsOnlyThroughBoundedInstructions() {
        expectWriterRefuses(withBlock(0, [Instruction(.const, a: 0), Instruction(.jumpIfFalse, a: 0), Instruction(.end)]),
                            in: .code, "block 0, instruction 1 ('jump.if.false'): jumps back to instruction 0")
        // A `jump` back to anything but a `foreach.next`.
        expectWriterRefuses(withBlock(0, [Instruction(.const, a: 0), Instruction(.pop), Instruction(.jump, a: 0)]),
                            in: .code, "block 0, instruction 2 ('jump'): jumps back")
    }

    @Test func schemaPropertiesAreNamedOnce() {
        var c = SamplePlan.minimal()
        c.schemas = [PlanContents.Schema(), PlanContents.Schema(types: .object, properties: [
            .init(name: 0, schema: 0, required: false), .init(name: 0, schema: 0, required: true),
        ])]
        expectWriterRefuses(c, in: .schemas, "schema 1 names property string 0 twice")
    }

    @Test func inputDefaultsAndBoundsFitTheirTypes() {
        var c = SamplePlan.minimal()
        c.constants = [.string(0), .integer(1), .null]
        c.metadata.inputs = [PlanContents.Input(name: 0, type: .integer)]
        c.metadata.inputs[0].defaultValue = 0
        expectWriterRefuses(c, in: .metadata, "input 0's default is constant 0, which is not of its type")
        // Null stands for no default whatever the type; an integer fits a number.
        c.metadata.inputs[0].defaultValue = 2
        #expect((try? PlanWriter.encode(c)) != nil)
        c.metadata.inputs = [PlanContents.Input(name: 0, type: .string)]
        c.metadata.inputs[0].minimum = 1
        expectWriterRefuses(c, in: .inputRules, "input 0 has a minimum but is not a number")
    }
}
