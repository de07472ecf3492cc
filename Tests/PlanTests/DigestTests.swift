import Testing
import Crypto
import Dispatch
import Synchronization
@testable import Plan

/// The closing digest (docs/plan-format.md §4): the chunked SHA-256 against a reference
/// computed in the test, plans large enough for the verifier's helper thread, and format 0.1's
/// plain SHA-256.
@Suite struct DigestTests {
    /// Bytes that differ from chunk to chunk (a repeated pattern would give equal chunks).
    static func noise(_ count: Int) -> [UInt8] {
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: x >> 33)
        }
    }

    @Test(arguments: [0, 1, 65535, 65536, 65537, 4 * 65536, 4 * 65536 + 3, 300_001])
    func digestMatchesTheDefinition(size: Int) {
        let bytes = Self.noise(size)
        #expect(PlanDigest.compute(bytes, chunked: true) == referenceDigest(bytes[...], chunked: true))
        #expect(PlanDigest.compute(bytes, chunked: false) == referenceDigest(bytes[...], chunked: false))
    }

    @Test func chunkOrderMatters() {
        // Two chunks swapped: the same chunk digests in another order give another digest.
        let a = Self.noise(2 * 65536)
        let swapped = Array(a[65536...] + a[..<65536])
        #expect(PlanDigest.compute(a, chunked: true) != PlanDigest.compute(swapped, chunked: true))
    }

    /// The sample with a long string added: well past the size at which the verifier hashes
    /// with a helper thread.
    static func large() throws -> [UInt8] {
        var c = SamplePlan.contents()
        c.strings.append(String(decoding: noise(700_000).map { 0x20 + $0 % 0x5F }, as: UTF8.self))
        return try PlanWriter.encode(c)
    }

    @Test func largePlanIsVerified() throws {
        let bytes = try Self.large()
        #expect(bytes.count > ParallelDigest.threshold * 2)
        let verified = try PlanVerifier.verify(bytes)
        #expect(verified.digest == referenceDigest(bytes.dropLast(32), chunked: true))
        #expect(try PlanWriter.encode(verified.contents) == bytes)
    }

    /// Verifications that fill Dispatch's threads themselves: helpers that cannot start in
    /// time are called off, and no verification waits for one that never runs.
    @Test func manyLargePlansVerifiedAtOnce() throws {
        let bytes = try Self.large()
        let expected = referenceDigest(bytes.dropLast(32), chunked: true)
        let matches = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 24) { _ in
            if (try? PlanVerifier.verify(bytes))?.digest == expected { matches.add(1, ordering: .relaxed) }
        }
        #expect(matches.load(ordering: .relaxed) == 24)
    }

    @Test func aFlippedBitInAnyChunkOfALargePlanIsFound() throws {
        let bytes = try Self.large()
        let end = bytes.count - PlanFormat.digestSize
        for at in [40, 65536, 65537, end / 2, end - 65536, end - 1] {
            var b = bytes
            b[at] ^= 0x10
            expectRefused(b, in: nil, "SHA-256 digest does not match", at: end)
        }
    }

    @Test func theDigestFindingComesBeforeStructuralDamage() throws {
        let bytes = try Self.large()
        let steps = Layout(bytes)[.steps]
        var b = bytes
        b.setU32(99, at: steps.record(0, word: 2))
        // Not redigested: the message is the digest's, though the structure is damaged too.
        expectRefused(b, in: nil, "SHA-256 digest does not match", at: bytes.count - PlanFormat.digestSize)
        // Redigested: the structural check runs beside the helper thread and is reported.
        redigest(&b)
        expectRefused(b, in: .steps, "step 0 has unknown kind 99", at: steps.record(0, word: 2))
    }

    @Test func formatZeroOnePlansWithAPlainDigestAreRead() throws {
        for bytes in [SamplePlan.bytes(), try Self.large()] {
            // A 0.1 plan: the sections 0.2 added are absent, and the digest is plain.
            var old = assemble(sections(of: bytes).filter { $0.kind <= 11 }, minor: 1)
            old.setU32(0, at: 12)
            redigest(&old)
            #expect(Array(old.suffix(32)) == referenceDigest(old.dropLast(32), chunked: false))
            let verified = try PlanVerifier.verify(old)
            #expect(verified.version.minor == 1)
            #expect(verified.contents.steps == (try PlanVerifier.verify(bytes)).contents.steps)
            // The flag says which digest closes the file: the chunked one without it is refused.
            var mixed = old
            mixed.replaceSubrange((old.count - 32)..., with: referenceDigest(old.dropLast(32), chunked: true))
            expectRefused(mixed, in: nil, "SHA-256 digest does not match", at: old.count - 32)
        }
    }

    @Test func signingKeepsTheChunkedDigest() throws {
        let pair = PlanSigning.generateKeyPair()
        let key = try #require(PlanSigning.privateKey(from: pair.privateKey))
        let signed = try PlanSigning.sign(try Self.large(), with: key)
        let verified = try PlanVerifier.verify(signed)
        #expect(signed.u32(at: 12) == PlanFormat.Flags([.signed, .chunkedDigest, .agentOptions]).rawValue)
        #expect(verified.digest == referenceDigest(signed.dropLast(32 + PlanFormat.signatureSize), chunked: true))
        try PlanSigning.check(verified, trusted: [Array(key.publicKey.rawRepresentation)])
    }
}
