import Crypto
import Testing
@testable import Plan

/// Writing then reading gives back what was written, byte for byte and value for value.
@Suite struct RoundTripTests {
    /// The contents as the verifier returns them: the writer fills in each block's
    /// largest stack height, which the builder leaves at 0.
    static func withMaxStack(_ c: PlanContents, from verified: PlanContents) -> PlanContents {
        var c = c
        for b in c.blocks.indices where b < verified.blocks.count { c.blocks[b].maxStack = verified.blocks[b].maxStack }
        return c
    }

    @Test(arguments: ["sample", "minimal"])
    func contentsSurviveEncodeAndVerify(_ name: String) throws {
        let contents = name == "sample" ? SamplePlan.contents() : SamplePlan.minimal()
        let bytes = try PlanWriter.encode(contents)
        let verified = try PlanVerifier.verify(bytes)
        #expect(verified.contents == Self.withMaxStack(contents, from: verified.contents))
        #expect(verified.version.major == PlanFormat.major && verified.version.minor == PlanFormat.minor)
        #expect(verified.digest == Array(bytes.suffix(PlanFormat.digestSize)))
        #expect(verified.signature == nil)
        #expect(try PlanWriter.encode(verified.contents) == bytes)
    }

    @Test func sampleHasEverySectionAndRecordKind() throws {
        let c = try PlanVerifier.verify(SamplePlan.bytes()).contents
        // The sample is only as useful as what it covers: a trimmed sample must fail here.
        #expect(Set(c.constants.map { "\($0)".prefix(while: { $0 != "(" }) }) == ["null", "boolean", "integer", "number", "string"])
        #expect(c.triggers.map { "\($0)".prefix(while: { $0 != "(" }) } == ["manual", "schedule", "webhook", "watch"])
        #expect(Set(c.steps.map(\.kind)) == [.agent, .tool, .command])
        #expect(c.blocks.map(\.kind) == [.main, .outputs])
        #expect(c.blocks.map(\.maxStack) == [3, 2])
        let used = Set(c.blocks.flatMap { $0.instructions.map(\.opcode) })
        for op: Opcode in [.stepBegin, .circuitCheck, .callAgent, .validate, .retry, .failover, .commit, .jumpIfFalse,
                           .skip, .jump, .foreachBegin, .foreachNext, .foreachCollect, .foreachEnd, .callTool,
                           .runCommand, .output, .call, .end] {
            #expect(used.contains(op), "the sample does not use '\(op.info.name)'")
        }
    }

    @Test func encodingIsDeterministic() throws {
        let first = try PlanWriter.encode(SamplePlan.contents())
        let second = try PlanWriter.encode(SamplePlan.contents())
        #expect(first == second)
        // The maxStack the caller passes is ignored: the writer computes it.
        var c = SamplePlan.contents()
        c.blocks[0].maxStack = 77
        #expect(try PlanWriter.encode(c) == first)
    }

    @Test func layoutFollowsTheFormat() throws {
        let bytes = SamplePlan.bytes()
        #expect(Array(bytes.prefix(8)) == PlanFormat.magic)
        #expect(UInt64(bytes.u32(at: 24)) | UInt64(bytes.u32(at: 28)) << 32 == UInt64(bytes.count))
        let layout = Layout(bytes)
        #expect(layout.sections.map(\.kind) == SectionKind.allCases)
        for s in layout.sections { #expect(s.offset % PlanFormat.alignment == 0, "\(s.kind) at \(s.offset)") }
        #expect((bytes.count - PlanFormat.digestSize) % PlanFormat.alignment == 0)
        #expect(bytes.u32(at: 12) == PlanFormat.Flags([.chunkedDigest, .agentOptions]).rawValue)
        #expect(Array(bytes.suffix(32)) == referenceDigest(bytes.dropLast(32), chunked: true))
    }

    @Test func signatureBlockIsReadBack() throws {
        var bytes = SamplePlan.bytes()
        let keyID = (0..<8).map { UInt8($0 + 1) }
        let signature = (0..<64).map { UInt8(0xC0 ^ $0) }
        bytes += keyID + signature
        bytes.setU32(PlanFormat.Flags([.signed, .chunkedDigest, .agentOptions]).rawValue, at: 12)
        bytes.setU64(UInt64(bytes.count), at: 24)
        // The digest sits before the signature block and covers everything before itself.
        let digestAt = bytes.count - PlanFormat.digestSize - PlanFormat.signatureSize
        bytes.replaceSubrange(digestAt..<(digestAt + 32), with: referenceDigest(bytes[0..<digestAt], chunked: true))
        let verified = try PlanVerifier.verify(bytes)
        #expect(verified.signature?.keyID == keyID)
        #expect(verified.signature?.signature == signature)
        #expect(verified.contents == (try PlanVerifier.verify(SamplePlan.bytes())).contents)
    }

    @Test func newerMinorWithUnknownSectionIsRead() throws {
        let bytes = SamplePlan.bytes()
        let extra: [UInt8] = [1, 2, 3, 4, 5]
        let unknown = UInt32(SectionKind.allCases.count + 1)
        let newer = assemble(sections(of: bytes) + [(kind: unknown, bytes: extra)], minor: PlanFormat.minor + 1)
        let verified = try PlanVerifier.verify(newer)
        #expect(verified.version.minor == PlanFormat.minor + 1)
        #expect(verified.contents == (try PlanVerifier.verify(bytes)).contents)
        // The same section in a plan of this minor is an error: this version knows every kind.
        let current = assemble(sections(of: bytes) + [(kind: unknown, bytes: extra)])
        expectRefused(current, in: nil, "unknown section kind \(unknown)", at: PlanFormat.headerSize + SectionKind.allCases.count * PlanFormat.sectionEntrySize)
    }

    @Test func reassemblingUntouchedSectionsGivesTheSameBytes() {
        // Guards the byte-level tests: `assemble` must lay out exactly as the writer does.
        let bytes = SamplePlan.bytes()
        #expect(assemble(sections(of: bytes)) == bytes)
    }

    @Test func stringPoolDeduplicatesInOrderOfFirstUse() {
        var pool = StringPool()
        #expect(pool.index("b") == 0)
        #expect(pool.index("a") == 1)
        #expect(pool.index("b") == 0)
        #expect(pool.index("") == 2)
        #expect(pool.strings == ["b", "a", ""])
    }

    @Test func extremeValuesSurvive() throws {
        var c = SamplePlan.minimal()
        c.strings += ["", "é日\u{1F600}\u{0}"]
        c.constants = [.integer(.min), .integer(.max), .number(-0.0), .number(.greatestFiniteMagnitude),
                       .number(.leastNonzeroMagnitude), .string(3)]
        var step = PlanContents.Step(id: 2, title: 3, kind: .agent)
        step.timeoutMilliseconds = .max
        c.steps = [step]
        var p = PlanContents.Policy()
        p.maxAttempts = 1000
        p.failoverOn = FailoverCauses.known
        p.initialMilliseconds = .max
        p.maxMilliseconds = .max
        c.policies.append(p)
        let bytes = try PlanWriter.encode(c)
        let back = try PlanVerifier.verify(bytes).contents
        #expect(back == Self.withMaxStack(c, from: back))
        // -0.0 == 0.0, so compare the bits too.
        if case .number(let d) = back.constants[2] { #expect(d.sign == .minus) } else { Issue.record("not a number") }
    }
}
