import Plan

#if canImport(Glibc)
import Glibc
#endif

/// Times loading a plan against a bare read of the same bytes, in one process, pair by
/// pair (`scripts/bench-plan`; docs/performance.md): the load is `read` + `PlanVerifier.verify`.
///
///     bench-plan-load PLAN [ITERATIONS] [LIMIT]
///
/// Prints the medians and their ratio; exits 1 when the ratio is over LIMIT (default 5).

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// The whole file, as the VM reads it.
func readAll(_ path: String) -> [UInt8]? { try? PlanFileReading.read(path) }

/// A number with a fixed count of decimals (no Foundation here).
func fixed(_ x: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let n = Int((x * scale).rounded())
    let whole = n / Int(scale)
    let part = String(n % Int(scale))
    return "\(whole)." + String(repeating: "0", count: digits - part.count) + part
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

let args = CommandLine.arguments
guard args.count >= 2 else {
    print("usage: bench-plan-load PLAN [ITERATIONS] [LIMIT]")
    exit(2)
}
let iterations = args.count > 2 ? Int(args[2]) ?? 50 : 50
let limit = args.count > 3 ? Double(args[3]) ?? 5 : 5
guard let first = readAll(args[1]), let plan = try? PlanVerifier.verify(first) else {
    print("bench-plan-load: \(args[1]) cannot be read or is not a valid plan")
    exit(2)
}
var reads: [Double] = []
var loads: [Double] = []
var digests: [Double] = []
var checksum = 0
for i in 0..<iterations {
    // Alternate which goes first, so neither always runs on a warmer cache.
    for which in (i % 2 == 0 ? [0, 1, 2] : [2, 1, 0]) {
        let start = now()
        guard let bytes = readAll(args[1]) else { exit(2) }
        if which == 2 {
            // For comparison: the digest alone, on one thread (what a plain SHA-256 costs).
            let digest = bytes.withUnsafeBytes { PlanDigest.compute(UnsafeRawBufferPointer(rebasing: $0[..<($0.count - 32)]), chunked: true) }
            checksum &+= Int(digest[0])
            digests.append(now() - start)
        } else if which == 1 {
            guard let verified = try? PlanVerifier.verify(bytes) else { exit(2) }
            // One read in place, as the VM's first instruction would be.
            checksum &+= verified.withInstructions(block: 0) { Int($0[0].a) } &+ verified.stepCount
            loads.append(now() - start)
        } else {
            checksum &+= Int(bytes[bytes.count / 2])
            reads.append(now() - start)
        }
    }
}
let read = median(reads)
let load = median(loads)
let digest = median(digests)
let ratio = load / read
print("plan: \(first.count) bytes, \(plan.stepCount) steps, \(plan.instructionCount(block: 0) + plan.instructionCount(block: 1)) instructions (checksum \(checksum % 10))")
print("bare read      median \(fixed(read * 1000, 3)) ms")
print("read + digest  median \(fixed(digest * 1000, 3)) ms (one thread, no other check; \(fixed(digest / read, 2))x)")
print("read + verify  median \(fixed(load * 1000, 3)) ms")
print("ratio \(fixed(ratio, 2))x (limit \(limit)x) \(ratio <= limit ? "ok" : "OVER LIMIT")")
exit(ratio <= limit ? 0 : 1)
