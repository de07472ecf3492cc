/// Little-endian word reads from a plan's bytes. Bounds are checked by the callers before
/// any read (every offset passed here lies in a range already checked against the file), so
/// the reads themselves carry no checks.
struct ByteView {
    /// The bytes, valid while the verifier (or a reader of a verified plan) runs.
    let raw: UnsafeRawBufferPointer

    var count: Int { raw.count }

    /// Whether `count` bytes at `offset` lie in the file. Written as `count <= size - offset`
    /// (never `offset + count <= size`, which can overflow).
    func has(_ count: Int, at offset: Int) -> Bool {
        offset >= 0 && count >= 0 && offset <= raw.count && count <= raw.count - offset
    }

    func byte(_ offset: Int) -> UInt8 { raw.load(fromByteOffset: offset, as: UInt8.self) }

    func u16(_ offset: Int) -> UInt16 { raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self).littleEndian }

    func u32(_ offset: Int) -> UInt32 { raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian }

    func u64(_ offset: Int) -> UInt64 { UInt64(u32(offset)) | UInt64(u32(offset + 4)) << 32 }

    /// Whether every byte in the range is below 0x80, 32 at a time (four words or'd apart, so
    /// that the compiler keeps them in vector registers).
    func isASCII(_ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        var (h0, h1, h2, h3): (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        while range.upperBound - i >= 32 {
            h0 |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h1 |= raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
            h2 |= raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)
            h3 |= raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
            i += 32
        }
        var high = h0 | h1 | h2 | h3
        while range.upperBound - i >= 8 {
            high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < range.upperBound {
            high |= UInt64(byte(i))
            i += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// The bytes of a range, for UTF-8 checks and decoding.
    func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeRawBufferPointer(rebasing: raw[range]).assumingMemoryBound(to: UInt8.self)
    }
}

/// Where one section lies and how its words are laid out: `count` records of
/// `recordWords` words, then the pool. This is the small table a verified plan keeps of
/// each section; records and pool entries are read through it by index.
struct SectionWords: Sendable {
    let kind: SectionKind
    /// Where the section starts in the file.
    let start: Int
    /// Its number of records.
    let count: Int
    let recordWords: Int
    /// Pool words (for the strings, pool bytes).
    let poolWords: Int

    var recordsStart: Int { start + 8 }
    var poolStart: Int { recordsStart + 4 * count * recordWords }

    func offset(record r: Int, word w: Int = 0) -> Int { recordsStart + 4 * (r * recordWords + w) }
    func offset(pool i: Int) -> Int { poolStart + 4 * i }

    func error(_ message: String, record r: Int, word w: Int = 0) -> PlanError {
        PlanError(message, at: offset(record: r, word: w), in: kind)
    }
}

/// Reads one section's words while the verifier checks them, and makes sure the lists its
/// records name lie end to end in its pool and fill it (no word belongs to no list, none to
/// two).
struct SectionCursor {
    let words: SectionWords
    let view: ByteView
    /// Where the next list must start.
    var next = 0

    init(_ words: SectionWords, _ view: ByteView) {
        self.words = words
        self.view = view
    }

    var kind: SectionKind { words.kind }
    var count: Int { words.count }

    func record(_ r: Int, _ w: Int) -> UInt32 { view.u32(words.offset(record: r, word: w)) }
    func pool(_ i: Int) -> UInt32 { view.u32(words.offset(pool: i)) }

    func error(_ message: String, record r: Int, word w: Int = 0) -> PlanError { words.error(message, record: r, word: w) }

    /// A list in the pool: `start` and `count` words at a record's words `w` and `w + 1`,
    /// of `width` words per element.
    mutating func list(record r: Int, word w: Int, width: Int) throws(PlanError) -> Range<Int> {
        let start = Int(record(r, w))
        let n = Int(record(r, w + 1))
        guard start == next else {
            throw error("a list starts at pool word \(start), but the lists before it end at word \(next) (lists lie end to end)", record: r, word: w)
        }
        guard start <= words.poolWords, n <= (words.poolWords - start) / width else {
            throw error("a list of \(n) entr\(n == 1 ? "y" : "ies") at pool word \(start) runs past the pool (\(words.poolWords) words)", record: r, word: w)
        }
        next = start + n * width
        return start..<next
    }

    /// Checks that the lists filled the pool.
    func finish() throws(PlanError) {
        guard next == words.poolWords else {
            throw PlanError("\(words.poolWords - next) pool words belong to no list", at: words.offset(pool: next), in: kind)
        }
    }
}

extension Range<Int> {
    /// The starts of elements `width` apart.
    func striding(by width: Int) -> StrideTo<Int> { Swift.stride(from: lowerBound, to: upperBound, by: width) }
}
