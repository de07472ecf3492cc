import Testing
@testable import Plan

/// What the VM reads from a verified plan where it lies agrees, record for record, with the
/// decoded contents.
@Suite struct InPlaceTests {
    @Test(arguments: ["sample", "large", "minimal"])
    func inPlaceReadsAgreeWithTheDecodedContents(_ name: String) throws {
        let bytes = switch name {
        case "sample": SamplePlan.bytes()
        case "large": try DigestTests.large()
        default: try PlanWriter.encode(SamplePlan.minimal())
        }
        let plan = try PlanVerifier.verify(bytes)
        let c = plan.contents
        // The sample's first agent has options (and so has the large plan made from it).
        #expect(plan.flags == (name == "minimal" ? [.chunkedDigest] : [.chunkedDigest, .agentOptions]))
        #expect(plan.stepCount == c.steps.count)
        for i in c.steps.indices { #expect(plan.step(i) == c.steps[i]) }
        #expect(plan.stringCount == c.strings.count)
        for i in c.strings.indices { #expect(plan.string(UInt32(i)) == c.strings[i]) }
        for i in c.constants.indices { #expect(plan.constant(UInt32(i)) == c.constants[i]) }
        for i in c.schemas.indices {
            #expect(plan.enumeration(ofSchema: UInt32(i)) == c.schemas[i].enumeration)
            #expect(plan.schema(UInt32(i)) == c.schemas[i])
        }
        #expect(plan.inputs == c.metadata.inputs)
        for b in c.blocks.indices {
            #expect(plan.instructionCount(block: b) == c.blocks[b].instructions.count)
            #expect(plan.maxStack(block: b) == Int(c.blocks[b].maxStack))
            let read = plan.withInstructions(block: b) { code in (0..<code.count).map { code[$0] } }
            #expect(read == c.blocks[b].instructions)
        }
    }
}
