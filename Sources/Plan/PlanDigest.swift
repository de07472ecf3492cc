import Crypto
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The closing digest of a plan (docs/plan-format.md §4).
///
/// A plan whose header has the ``PlanFormat/Flags/chunkedDigest`` flag (every plan this
/// version writes) closes with the SHA-256 of the SHA-256 digests of its 64 KiB chunks, in
/// order: two threads can compute it, each hashing every other chunk, where a single
/// SHA-256 over the file has to run on one (on a large plan the digest is the largest part
/// of loading, at about 1.4 GB/s with the SHA extensions). A plan without the flag (format
/// 0.1) closes with the SHA-256 of its bytes.
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

/// A plan digest computed by the caller's thread and one helper thread, while the caller
/// goes on with other work on the same bytes (the verifier checks the structure meanwhile):
/// the helper starts hashing chunks at once, and ``finish()`` hashes the chunks the helper
/// has not taken, waits for it, and combines them. Small plans, where starting a thread
/// costs more than it saves, get no helper, nor does anything when no thread can be started.
///
/// The caller must call ``finish()`` before the bytes go away, on every path.
struct ParallelDigest {
    /// Below this many bytes there is no helper thread.
    static let threshold = 4 * PlanDigest.chunkSize

    private let job: DigestJob
    private let thread: pthread_t?

    init(_ bytes: UnsafeRawBufferPointer, chunked: Bool) {
        job = DigestJob(bytes, chunked: chunked)
        guard bytes.count >= Self.threshold else {
            thread = nil
            return
        }
        var t = pthread_t()
        // The thread holds its own reference to the job until it ends.
        let context = Unmanaged.passRetained(job).toOpaque()
        let started = pthread_create(&t, nil, { context in
            guard let context else { return nil }
            Unmanaged<DigestJob>.fromOpaque(context).takeRetainedValue().work()
            return nil
        }, context)
        if started == 0 {
            thread = t
        } else {
            Unmanaged<DigestJob>.fromOpaque(context).release()
            thread = nil
        }
    }

    /// Hashes what is left, waits for the helper, and gives the digest.
    func finish() -> [UInt8] {
        job.work()
        if let thread { pthread_join(thread, nil) }
        return job.root()
    }
}

/// The units of a digest (the chunks, or the whole range for the plain SHA-256), handed
/// out one at a time to whichever thread asks: each unit's digest has its own slot, written
/// by the one thread that took it and read after the threads are joined.
private final class DigestJob: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    let chunked: Bool
    let units: Int
    let next = Atomic<Int>(0)
    let digests: UnsafeMutableRawBufferPointer

    init(_ bytes: UnsafeRawBufferPointer, chunked: Bool) {
        self.bytes = bytes
        self.chunked = chunked
        units = chunked ? (bytes.count + PlanDigest.chunkSize - 1) / PlanDigest.chunkSize : 1
        digests = .allocate(byteCount: max(units, 1) * 32, alignment: 8)
    }

    deinit { digests.deallocate() }

    /// Takes units until none is left.
    func work() {
        while true {
            let u = next.add(1, ordering: .relaxed).oldValue
            guard u < units else { return }
            let range = chunked ? (u * PlanDigest.chunkSize)..<min(bytes.count, (u + 1) * PlanDigest.chunkSize) : 0..<bytes.count
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[range]))
            hasher.finalize().withUnsafeBytes { digest in
                UnsafeMutableRawBufferPointer(rebasing: digests[(u * 32)..<(u * 32 + 32)]).copyMemory(from: digest)
            }
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
