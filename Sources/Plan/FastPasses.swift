/// The verifier's fast passes (docs/plan-format.md §6): plain comparisons over a section's
/// records, where they lie, that clear the records a compiler writes. Each gives where the
/// long way must start (or whether it must run): the long way checks record by record with
/// the message that says what is wrong, so a pass only has to be right about "clear", and
/// clears exactly what the long way accepts.
extension PlanReader {
    /// The first string record that does not follow the one before it (`count` when all do),
    /// and where the text area's next string must start; for a text area that is all ASCII.
    func firstStringToLookAt(_ s: SectionCursor) -> (record: Int, next: Int) {
        guard let records = view.raw.baseAddress.map({ $0 + s.words.recordsStart }) else { return (0, 0) }
        let blobLength = s.words.poolWords
        var (r, next) = (0, 0)
        while r < s.count {
            let start = Int(UInt32(littleEndian: records.loadUnaligned(fromByteOffset: 8 &* r, as: UInt32.self)))
            let length = Int(UInt32(littleEndian: records.loadUnaligned(fromByteOffset: 8 &* r &+ 4, as: UInt32.self)))
            guard start == next, length <= blobLength &- start else { break }
            next = start &+ length
            r &+= 1
        }
        return (r, next)
    }

    /// The first constant record that is not a valid constant (`count` when all are).
    func firstConstantToLookAt(_ s: SectionCursor) -> Int {
        guard let records = view.raw.baseAddress.map({ $0 + s.words.recordsStart }) else { return 0 }
        let strings = UInt32(truncatingIfNeeded: counts.strings)
        for r in 0..<s.count {
            let at = 12 &* r
            let tag = UInt32(littleEndian: records.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            let lo = UInt32(littleEndian: records.loadUnaligned(fromByteOffset: at &+ 4, as: UInt32.self))
            let hi = UInt32(littleEndian: records.loadUnaligned(fromByteOffset: at &+ 8, as: UInt32.self))
            let valid = switch tag {
            case 0: lo | hi == 0
            case 1: lo <= 1 && hi == 0
            case 2: true
            // Finite: the exponent is not all ones.
            case 3: hi & 0x7FF0_0000 != 0x7FF0_0000
            case 4: hi == 0 && lo < strings
            default: false
            }
            if !valid { return r }
        }
        return s.count
    }

    /// The first step record that plain comparisons do not clear (`count` when none): the
    /// long way, from there, says what is wrong. An optional index is in range when it plus
    /// one (wrapping, so that ``PlanContents/none`` gives 0) is at most the count.
    func firstStepToLookAt(_ s: SectionCursor) -> Int {
        guard let records = view.raw.baseAddress.map({ $0 + s.words.recordsStart }) else { return 0 }
        let strings = UInt32(truncatingIfNeeded: counts.strings), agents = UInt32(truncatingIfNeeded: counts.agents)
        let tools = UInt32(truncatingIfNeeded: counts.tools), schemas = UInt32(truncatingIfNeeded: counts.schemas)
        let policies = UInt32(truncatingIfNeeded: counts.policies)
        let toolKind = PlanContents.StepKind.tool.rawValue
        for r in 0..<s.count {
            let record = records + 4 &* s.words.recordWords &* r
            func w(_ i: Int) -> UInt32 { UInt32(littleEndian: record.loadUnaligned(fromByteOffset: 4 &* i, as: UInt32.self)) }
            let kind = w(2), tool = w(4)
            let fine = PlanContents.StepKind(rawValue: kind) != nil && w(8) <= 1 && w(11) == 0
                && w(0) < strings && w(1) < strings && w(3) &+ 1 <= agents && tool &+ 1 <= tools
                && w(5) &+ 1 <= strings && w(6) &+ 1 <= schemas && w(7) < policies
                && (kind != toolKind || tool != PlanContents.none)
            if !fine { return r }
        }
        return s.count
    }

    /// Whether every position has a line and column of at least 1 and a source below
    /// `sources`, without a branch per position; the caller looks for the first wrong one
    /// only when this says there is one.
    ///
    /// Each word is checked as `word - low < bound` (unsigned): `low` 1 and `bound` 2^32 - 1
    /// for a line or column, 0 and `sources` for a source. Four positions are twelve words,
    /// three vectors whose lanes take the three kinds in turn; unsigned comparisons are
    /// signed ones after flipping the top bit (SSE2 compares only signed).
    func positionsLookRight(_ s: SectionCursor, sources: UInt32) -> Bool {
        guard let records = view.raw.baseAddress.map({ $0 + s.words.recordsStart }) else { return s.count == 0 }
        var r = 0
        var fine = true
        #if _endian(little)
        let s0 = SIMD4<Int32>(0, 1, 1, 0), s1 = SIMD4<Int32>(1, 1, 0, 1), s2 = SIMD4<Int32>(1, 0, 1, 1)
        let bs = Int32(bitPattern: sources ^ 0x8000_0000), bl = Int32.max
        let b0 = SIMD4<Int32>(bs, bl, bl, bs), b1 = SIMD4<Int32>(bl, bl, bs, bl), b2 = SIMD4<Int32>(bl, bs, bl, bl)
        let flip = SIMD4<Int32>(repeating: .min)
        var ok = SIMDMask<SIMD4<Int32>>(repeating: true)
        while r &+ 4 <= s.count {
            let at = 12 &* r
            let v0 = records.loadUnaligned(fromByteOffset: at, as: SIMD4<Int32>.self)
            let v1 = records.loadUnaligned(fromByteOffset: at &+ 16, as: SIMD4<Int32>.self)
            let v2 = records.loadUnaligned(fromByteOffset: at &+ 32, as: SIMD4<Int32>.self)
            ok = ok .& (((v0 &- s0) ^ flip) .< b0) .& (((v1 &- s1) ^ flip) .< b1) .& (((v2 &- s2) ^ flip) .< b2)
            r &+= 4
        }
        fine = all(ok)
        #endif
        while r < s.count {
            let at = 12 &* r
            let source = UInt32(littleEndian: records.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            let line = UInt32(littleEndian: records.loadUnaligned(fromByteOffset: at &+ 4, as: UInt32.self))
            let column = UInt32(littleEndian: records.loadUnaligned(fromByteOffset: at &+ 8, as: UInt32.self))
            fine = fine && line != 0 && column != 0 && source < sources
            r &+= 1
        }
        return fine
    }
}
