import Crypto
import Testing
@testable import Plan

/// The verifier's fast paths against the slow ones they stand in for: the in-order scan of a
/// code block against the worklist of `StackAnalysis` (docs/plan-format.md §6, rule 6), and
/// the paired SHA-256 of the chunked digest against swift-crypto's (§5).
@Suite struct ScanTests {
    /// The sample with block 0 replaced by `instructions` (one position each).
    static func withStepsBlock(_ instructions: [Instruction]) -> PlanContents {
        var c = SamplePlan.contents()
        c.blocks[0].instructions = instructions
        c.blocks[0].positions = instructions.map { _ in PlanContents.SourcePosition(source: 0, line: 1, column: 1) }
        return c
    }

    /// Code that only a jump back reaches: the in-order scan cannot prove it and hands the
    /// block to the worklist, which accepts it with the height the writer recorded.
    @Test func codeReachedOnlyByAJumpBackIsProvedByTheWorklist() throws {
        let code = [
            Instruction(.const, a: 0),
            Instruction(.foreachBegin, a: 0),
            Instruction(.jump, a: 4),
            // Reached only from instruction 4, below it.
            Instruction(.foreachNext, a: 5, b: 0),
            Instruction(.jump, a: 3),
            Instruction(.end),
        ]
        let bytes = try PlanWriter.encode(Self.withStepsBlock(code))
        let verified = try PlanVerifier.verify(bytes)
        #expect(verified.contents.blocks[0].maxStack == 1)
        #expect(verified.contents.blocks[0].instructions == code)
    }

    /// Every instruction of the sample changed to every opcode byte: the verifier (scan, then
    /// worklist when the scan cannot prove the block) and the worklist alone agree on whether
    /// the stack is right, whatever else is wrong.
    @Test func theScanAndTheWorklistAgreeOnDamagedCode() throws {
        let bytes = SamplePlan.bytes()
        let layout = Layout(bytes)
        // As written: the writer recorded each block's largest height.
        let blocks = try PlanVerifier.verify(bytes).contents.blocks
        var (accepted, refused) = (0, 0)
        for b in blocks.indices {
            for i in blocks[b].instructions.indices {
                for opcode in Opcode.allCases {
                    var code = blocks[b].instructions
                    code[i] = Instruction(opcode, a: code[i].a, b: code[i].b)
                    var damaged = bytes
                    overwrite(&damaged, instructionAt: layout.instruction(block: b, i), with: code[i])
                    redigest(&damaged)
                    let refusal = refusal(damaged)
                    // The worklist's verdict, for code whose operands are in range.
                    guard refusal.map({ !$0.message.contains("operand") && !$0.message.contains("appears outside")
                        && !$0.message.contains("jumps back") && !$0.message.contains("called with") }) ?? true else { continue }
                    switch StackAnalysis.maxHeight(code) {
                    case .success(let height):
                        accepted += 1
                        if height == blocks[b].maxStack {
                            #expect(refusal == nil, "block \(b), instruction \(i) as \(opcode): \(refusal.map(\.message) ?? "")")
                        } else {
                            #expect(refusal?.message.contains("largest stack height") == true)
                        }
                    case .failure(let f):
                        refused += 1
                        #expect(refusal?.message == "block \(b), instruction \(f.instruction): \(f.message)")
                    }
                }
            }
        }
        // Both verdicts were put to the test, many times.
        #expect(accepted > 50 && refused > 500, "\(accepted) accepted, \(refused) refused")
    }

    /// Two messages hashed together give each one's SHA-256, for every length around the
    /// padding's edges (on a CPU without the SHA extensions there is nothing to compare).
    @Test(arguments: [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 65536])
    func pairedDigestsAreSHA256(length: Int) {
        guard PairedSHA256.available else { return }
        let a = DigestTests.noise(length), b = DigestTests.noise(length + 7).suffix(length).map { $0 ^ 0x5A }
        var out = [UInt8](repeating: 0, count: 64)
        a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in
                out.withUnsafeMutableBytes { out in
                    guard let x = a.baseAddress ?? UnsafeRawPointer(bitPattern: 1), let y = b.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                          let o = out.baseAddress else { return }
                    PairedSHA256.hash(x, y, length: length, into: o, o + 32)
                }
            }
        }
        #expect(Array(out[..<32]) == Array(SHA256.hash(data: a)))
        #expect(Array(out[32...]) == Array(SHA256.hash(data: b)))
    }
}
