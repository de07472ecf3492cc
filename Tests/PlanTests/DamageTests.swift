import Testing
@testable import Plan

/// Damage no rule anticipates in particular: cut files and flipped bits are refused with an
/// error, never a crash, and never accepted.
@Suite struct DamageTests {
    @Test func everyTruncationIsRefused() {
        let bytes = SamplePlan.bytes()
        for length in 0..<bytes.count {
            let prefix = Array(bytes[0..<length])
            guard let error = refusal(prefix) else {
                Issue.record("a plan cut to \(length) of \(bytes.count) bytes was accepted")
                continue
            }
            #expect(error.offset >= 0 && error.offset <= length, "\(length): \(error)")
        }
    }

    @Test func truncationMessagesNameTheCause() {
        let bytes = SamplePlan.bytes()
        expectRefused([], in: nil, "not an AIWorkflow plan", at: 0)
        expectRefused(Array(bytes[0..<20]), in: nil, "ends inside the header", at: 20)
        expectRefused(Array(bytes.dropLast()), in: nil, "truncated or extended", at: 24)
    }

    @Test func everySingleBitFlipIsRefused() {
        let bytes = SamplePlan.bytes()
        for bit in 0..<(8 * bytes.count) {
            var damaged = bytes
            damaged[bit / 8] ^= 1 << (bit % 8)
            guard let error = refusal(damaged) else {
                Issue.record("flipping bit \(bit % 8) of byte \(bit / 8) was not noticed")
                continue
            }
            #expect(error.offset >= 0 && error.offset < bytes.count, "bit \(bit): \(error)")
        }
    }

    @Test func bitFlipsBehindTheDigestNeverCrashAndWhatPassesRoundTrips() throws {
        // The digest stops every flip above; with it recomputed, each flip reaches the
        // section readers. Some flips give another valid plan (a changed letter): those must
        // re-encode to a plan that verifies to the same contents.
        let bytes = SamplePlan.bytes()
        var accepted = 0
        for bit in 0..<(8 * (bytes.count - 32)) {
            var damaged = bytes
            damaged[bit / 8] ^= 1 << (bit % 8)
            redigest(&damaged)
            do {
                let verified = try PlanVerifier.verify(damaged)
                accepted += 1
                let again = try PlanVerifier.verify(try PlanWriter.encode(verified.contents))
                #expect(again.contents == verified.contents, "bit \(bit)")
            } catch {
                #expect(error.offset >= 0 && error.offset < damaged.count, "bit \(bit): \(error)")
            }
        }
        // Most bits are structure; if nearly all flips pass, the verifier checks too little.
        #expect(accepted < 8 * bytes.count / 2)
    }
}
