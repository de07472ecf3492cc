// libFuzzer entry point over the plan verifier: whatever the bytes, verification ends in a
// verdict, never a crash; and a plan it accepts re-encodes to one it accepts with the same
// contents. Built only with AIW_FUZZ=1 and `-sanitize=fuzzer` (see scripts/fuzz).
import Plan

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    check(bytes)
    // The digest is checked before any section is read, so nearly every mutation stops
    // there. A copy with the header's length and the digest made right again carries the
    // mutation on to the section readers and the code checks.
    if let repaired = repaired(bytes) { check(repaired) }
    return 0
}

/// Verifies the bytes; when they pass, traps unless the writer turns the contents into a plan
/// that verifies to the same contents, and does so deterministically.
private func check(_ bytes: [UInt8]) {
    guard let verified = try? PlanVerifier.verify(bytes) else { return }
    let again: [UInt8]
    do {
        again = try PlanWriter.encode(verified.contents)
    } catch {
        fatalError("a verified plan does not encode again: \(error)")
    }
    let reread: VerifiedPlan
    do {
        reread = try PlanVerifier.verify(again)
    } catch {
        fatalError("the writer's output of a verified plan is refused: \(error)")
    }
    guard reread.contents == verified.contents else { fatalError("a re-encoded plan reads back different contents") }
    guard (try? PlanWriter.encode(reread.contents)) == again else { fatalError("encoding the same contents twice differs") }
}

/// The bytes with the header's total length set to their size and the digest recomputed
/// where the header's flags put it; nil when too short to hold both, or already right.
private func repaired(_ bytes: [UInt8]) -> [UInt8]? {
    let tail = PlanFormat.digestSize + (bytes.count > 12 && bytes[12] & 1 != 0 ? PlanFormat.signatureSize : 0)
    guard bytes.count >= PlanFormat.headerSize + tail else { return nil }
    var out = bytes
    for i in 0..<8 { out[24 + i] = UInt8(truncatingIfNeeded: UInt64(out.count) >> (8 * i)) }
    let at = out.count - tail
    let chunked = out[12] & UInt8(PlanFormat.Flags.chunkedDigest.rawValue) != 0
    out.replaceSubrange(at..<(at + PlanFormat.digestSize), with: PlanDigest.compute(Array(out[0..<at]), chunked: chunked))
    return out == bytes ? nil : out
}

// SwiftPM links debug executables with `--defsym main=FuzzPlan_main` (so tests can import
// them), which hides libFuzzer's own `main`; this entry point hands control back to it.
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzPlan_main")
public func fuzzMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var argc = argc
    var argv = argv
    return runDriver(&argc, &argv) { fuzz($0, $1) }
}
