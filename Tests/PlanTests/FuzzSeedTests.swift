import Foundation
import Testing
@testable import Plan

/// Valid plans for the plan fuzzer's corpus (scripts/fuzz with FUZZ_TARGET=plan runs this
/// with AIW_PLAN_SEEDS set), so no binary seed is committed and seeds follow the format.
@Suite struct FuzzSeedTests {
    /// The seeds: the sample, the smallest plan, and variants that reach the signature and
    /// unknown-section paths.
    static func seeds() throws -> [(name: String, bytes: [UInt8])] {
        let sample = try PlanWriter.encode(SamplePlan.contents())
        var signed = sample + [UInt8](repeating: 0x5A, count: PlanFormat.signatureSize)
        signed.setU32(PlanFormat.Flags([.signed, .agentOptions]).rawValue, at: 12)
        signed.setU64(UInt64(signed.count), at: 24)
        let digestAt = signed.count - PlanFormat.digestSize - PlanFormat.signatureSize
        var unsignedPart = Array(signed[0..<(digestAt + PlanFormat.digestSize)])
        redigest(&unsignedPart)
        signed.replaceSubrange(0..<unsignedPart.count, with: unsignedPart)
        return [
            ("sample", sample),
            ("minimal", try PlanWriter.encode(SamplePlan.minimal())),
            ("signed", signed),
            ("newer-minor", assemble(sections(of: sample) + [(kind: UInt32(SectionKind.allCases.count + 1), bytes: [1, 2, 3])], minor: PlanFormat.minor + 1)),
        ]
    }

    @Test func seedsAreValid() throws {
        for seed in try Self.seeds() {
            #expect(refusal(seed.bytes) == nil, "\(seed.name): \(refusal(seed.bytes).map { "\($0)" } ?? "")")
        }
    }

    @Test func writeSeedsWhenAsked() throws {
        guard let folder = ProcessInfo.processInfo.environment["AIW_PLAN_SEEDS"], !folder.isEmpty else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for seed in try Self.seeds() {
            try Data(seed.bytes).write(to: URL(fileURLWithPath: folder).appendingPathComponent("seed-plan-\(seed.name)"))
        }
    }
}
