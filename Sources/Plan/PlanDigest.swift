import CPlanSHA256
import Crypto
import Dispatch
import Synchronization

/// The closing digest of a plan (docs/plan-format.md §5).
///
/// A plan whose header has the ``PlanFormat/Flags/chunkedDigest`` flag (every plan this
/// version writes) closes with the SHA-256 of the SHA-256 digests of its 64 KiB chunks, in
/// order: two threads can share the chunks, and one core can hash two at once, where a
/// single SHA-256 over the file runs on one core at a time (on a large plan the digest is
/// the largest part of loading, at about 1.45 GB/s with the SHA extensions). A plan without
/// the flag (format 0.1) closes with the SHA-256 of its bytes.
public enum PlanDigest {
    /// Bytes per chunk of the chunked digest (the last chunk may be shorter).
    public static let chunkSize = 64 * 1024

    /// The digest of `bytes`, computed on the caller's thread.
    public static func compute(_ bytes: [UInt8], chunked: Bool) -> [UInt8] {
        bytes.withUnsafeBytes { compute($0, chunked: chunked) }
    }

    /// The digest of `bytes`, computed on the caller's thread.
    public static func compute(_ bytes: UnsafeRawBufferPointer, chunked: Bool) -> [UInt8] {
        let job = DigestJob(bytes, chunked: chunked)
        job.work()
        return job.root()
    }
}

/// A plan digest computed by the caller's thread and one helper, while the caller goes on
/// with other work on the same bytes (the verifier checks the structure meanwhile): the
/// helper starts hashing chunks at once, and ``finish()`` hashes the chunks the helper has
/// not taken, waits for it, and combines them. Small plans, where handing work over costs
/// more than it saves, get no helper.
///
/// The helper runs on Dispatch's global queue: its threads outlive one verification, so a
/// process that loads or writes many plans (`aiwc compile`) starts a thread once, not per
/// plan (starting one cost about 50 µs of the caller's time here, and the helper began
/// hashing about 50 µs later than a pooled one). A helper that has not started by the time
/// the caller is done (the queue's threads or the other cores are busy) is called off
/// instead of waited for: it then ends without touching the bytes.
///
/// The caller must call ``finish()`` before the bytes go away, on every path.
struct ParallelDigest {
    /// Below this many bytes there is no helper.
    static let threshold = 4 * PlanDigest.chunkSize

    private let job: DigestJob
    /// Signalled when the helper has hashed its last chunk.
    private let helperDone: DispatchSemaphore?

    init(_ bytes: UnsafeRawBufferPointer, chunked: Bool) {
        let job = DigestJob(bytes, chunked: chunked)
        self.job = job
        guard bytes.count >= Self.threshold else {
            helperDone = nil
            return
        }
        let done = DispatchSemaphore(value: 0)
        helperDone = done
        DispatchQueue.global().async {
            guard job.helper.compareExchange(expected: DigestJob.waiting, desired: DigestJob.running, ordering: .acquiring).exchanged else { return }
            job.work()
            job.helper.store(DigestJob.finished, ordering: .releasing)
            done.signal()
        }
    }

    /// Hashes what is left, waits for the helper (or calls it off), and gives the digest.
    func finish() -> [UInt8] {
        job.work()
        if let helperDone, !job.helper.compareExchange(expected: DigestJob.waiting, desired: DigestJob.calledOff, ordering: .relaxed).exchanged {
            // The helper is at most one unit from done (tens of microseconds): watching for it
            // keeps this core awake, where sleeping on the semaphore can cost as much again to
            // wake from (a virtual CPU that idles is descheduled by its host). Past that, sleep.
            var spins = 0
            while job.helper.load(ordering: .acquiring) != DigestJob.finished {
                spins += 1
                if spins == 1 << 16 {
                    // The signal orders the helper's digests before the reads below.
                    helperDone.wait()
                    break
                }
            }
        }
        return job.root()
    }
}

/// The units of a digest (the chunks, or the whole range for the plain SHA-256), handed
/// out to whichever thread asks: each unit's digest has its own slot, written by the one
/// thread that took it and read once the helper is done or called off.
///
/// Where the CPU has the SHA extensions, a thread takes two chunks at a time and hashes them
/// together (`aiw_sha256_pair`): one SHA-256 alone waits on its own rounds most of the time,
/// two interleaved run at nearly twice the speed on one core.
private final class DigestJob: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    let chunked: Bool
    let units: Int
    let next = Atomic<Int>(0)
    let digests: UnsafeMutableRawBufferPointer
    /// Units taken at a time: 2 when chunks can be hashed in pairs.
    let take: Int
    /// Whether the helper has started (``running``) and is done (``finished``: its digests
    /// are written), or has been called off before it started (``calledOff``: then it must
    /// not touch the bytes, which may be gone).
    let helper = Atomic<Int>(DigestJob.waiting)
    static let waiting = 0, running = 1, finished = 2, calledOff = 3

    init(_ bytes: UnsafeRawBufferPointer, chunked: Bool) {
        self.bytes = bytes
        self.chunked = chunked
        units = chunked ? (bytes.count + PlanDigest.chunkSize - 1) / PlanDigest.chunkSize : 1
        digests = .allocate(byteCount: max(units, 1) * 32, alignment: 8)
        take = chunked && PairedSHA256.available ? 2 : 1
    }

    deinit { digests.deallocate() }

    /// Takes units until none is left.
    func work() {
        while true {
            let u = next.add(take, ordering: .relaxed).oldValue
            guard u < units else { return }
            let size = PlanDigest.chunkSize
            // A pair needs two chunks of the same length: the last one is usually shorter.
            if take == 2, u + 1 < units, size <= (bytes.count - u * size) / 2,
               let base = bytes.baseAddress, let slots = digests.baseAddress {
                PairedSHA256.hash(base + u * size, base + (u + 1) * size, length: size, into: slots + 32 * u, slots + 32 * (u + 1))
                continue
            }
            for v in u..<min(u + take, units) { hashAlone(v) }
        }
    }

    /// One unit through swift-crypto.
    private func hashAlone(_ u: Int) {
        let range = chunked ? (u * PlanDigest.chunkSize)..<min(bytes.count, (u + 1) * PlanDigest.chunkSize) : 0..<bytes.count
        var hasher = SHA256()
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[range]))
        hasher.finalize().withUnsafeBytes { digest in
            UnsafeMutableRawBufferPointer(rebasing: digests[(u * 32)..<(u * 32 + 32)]).copyMemory(from: digest)
        }
    }

    /// The digest, once every unit is done.
    func root() -> [UInt8] {
        let all = UnsafeRawBufferPointer(rebasing: digests[0..<(units * 32)])
        guard chunked else { return Array(all) }
        var hasher = SHA256()
        hasher.update(bufferPointer: all)
        return Array(hasher.finalize())
    }
}

/// Two SHA-256s computed together on one core (Sources/CPlanSHA256), where the CPU can.
enum PairedSHA256 {
    /// Whether the CPU has the SHA extensions (and the SSE levels the code uses).
    static let available = aiw_sha256_pair_available() != 0

    /// The digests of two messages of `length` bytes each, into 32 bytes at each of `x` and `y`.
    /// Only when ``available``.
    static func hash(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, length: Int,
                     into x: UnsafeMutableRawPointer, _ y: UnsafeMutableRawPointer) {
        aiw_sha256_pair(a.assumingMemoryBound(to: UInt8.self), b.assumingMemoryBound(to: UInt8.self), length,
                        x.assumingMemoryBound(to: UInt8.self), y.assumingMemoryBound(to: UInt8.self))
    }
}
