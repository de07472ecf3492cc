import Crypto
import Testing
@testable import Plan

/// Little-endian word access for damaging plans by hand.
extension [UInt8] {
    func u32(at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(self[offset + $1]) << (8 * $1) }
    }

    mutating func setU16(_ value: UInt16, at offset: Int) {
        for i in 0..<2 { self[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
    }

    mutating func setU32(_ value: UInt32, at offset: Int) {
        for i in 0..<4 { self[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
    }

    mutating func setU64(_ value: UInt64, at offset: Int) {
        for i in 0..<8 { self[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
    }
}

extension [UInt8] {
    /// The plan with one word replaced and its digest recomputed: damage that reaches the
    /// rule under test rather than the digest check.
    func replacingWord(_ value: UInt32, at offset: Int) -> [UInt8] {
        var b = self
        b.setU32(value, at: offset)
        redigest(&b)
        return b
    }
}

/// Recomputes the closing digest of an unsigned plan (of the kind its header's flags say),
/// so damage behind it reaches the rule under test instead of the digest check.
func redigest(_ bytes: inout [UInt8]) {
    let end = bytes.count - PlanFormat.digestSize
    let chunked = bytes.u32(at: 12) & PlanFormat.Flags.chunkedDigest.rawValue != 0
    bytes.replaceSubrange(end..<bytes.count, with: referenceDigest(bytes[0..<end], chunked: chunked))
}

/// The plan digest as docs/plan-format.md §4 defines it, computed here apart from
/// `PlanDigest`: the SHA-256 of the SHA-256 digests of the 64 KiB chunks in order, or, for a
/// plan without the chunked-digest flag, the SHA-256 of the bytes.
func referenceDigest(_ bytes: ArraySlice<UInt8>, chunked: Bool) -> [UInt8] {
    guard chunked else { return Array(SHA256.hash(data: bytes)) }
    var digests: [UInt8] = []
    var start = bytes.startIndex
    while start < bytes.endIndex {
        let end = min(start + 65536, bytes.endIndex)
        digests += SHA256.hash(data: bytes[start..<end])
        start = end
    }
    return Array(SHA256.hash(data: digests))
}

/// Where things are in an encoded plan, read from its section table by the test itself (not
/// by the verifier under test).
struct Layout {
    /// One section, located.
    struct Section {
        let kind: SectionKind
        /// The index of its section table entry.
        let entryIndex: Int
        let offset: Int
        let length: Int
        let count: Int
        let poolSize: Int
        let recordWords: Int

        /// Byte offset of the table entry.
        var entry: Int { PlanFormat.headerSize + PlanFormat.sectionEntrySize * entryIndex }
        var recordsStart: Int { offset + 8 }
        var poolStart: Int { recordsStart + 4 * count * recordWords }
        var end: Int { offset + length }

        /// Byte offset of word `w` of record `r`.
        func record(_ r: Int, word w: Int = 0) -> Int { recordsStart + 4 * (r * recordWords + w) }
        /// Byte offset of pool word `i` (the strings section's pool is bytes: see ``Layout/string(_:)``).
        func pool(_ i: Int) -> Int { poolStart + 4 * i }
    }

    let sections: [Section]
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        let count = Int(bytes.u32(at: 16))
        sections = (0..<count).map { i in
            let entry = PlanFormat.headerSize + PlanFormat.sectionEntrySize * i
            let kind = SectionKind(rawValue: bytes.u32(at: entry))!
            let offset = Int(bytes.u32(at: entry + 4))
            return Section(kind: kind, entryIndex: i, offset: offset, length: Int(bytes.u32(at: entry + 8)),
                           count: Int(bytes.u32(at: offset)), poolSize: Int(bytes.u32(at: offset + 4)),
                           recordWords: SectionEncoder.recordWords(kind))
        }
    }

    subscript(_ kind: SectionKind) -> Section { sections.first { $0.kind == kind }! }

    /// Byte offset of instruction `i` of a block (word 0; operand A is 4 bytes on).
    func instruction(block b: Int, _ i: Int) -> Int {
        let code = self[.code]
        let start = Int(bytes.u32(at: code.record(b, word: 1)))
        return code.pool(2 * (start + i))
    }

    /// The text area of the strings section and the start and length of string `i` in it.
    func string(_ i: Int) -> (offset: Int, length: Int) {
        let strings = self[.strings]
        return (strings.poolStart + Int(bytes.u32(at: strings.record(i))), Int(bytes.u32(at: strings.record(i, word: 1))))
    }
}

/// Whether an agent options section (its bytes) gives any agent options: the header flag
/// the writer sets then.
func hasAgentOptions(_ section: [UInt8]) -> Bool {
    let count = Int(section.u32(at: 0))
    guard section.u32(at: 4) == 0 else { return true }
    return (0..<count).contains { section.u32(at: 8 + 16 * $0 + 8) != PlanContents.none }
}

/// Lays out sections as the writer does (aligned, zero padding, digest), but with any kinds,
/// in any order, under any version: for the table rules the writer cannot break. The header
/// flags are the writer's: the chunked digest, and agent options when the section has some.
func assemble(_ sections: [(kind: UInt32, bytes: [UInt8])], minor: UInt16 = PlanFormat.minor) -> [UInt8] {
    func align(_ n: Int) -> Int { (n + 7) / 8 * 8 }
    var sections = sections
    // Before 0.5 a tool's binding word was reserved: an older writer left it 0.
    if minor < 5, let t = sections.firstIndex(where: { $0.kind == SectionKind.toolSettings.rawValue }) {
        let count = Int(sections[t].bytes.u32(at: 0))
        for r in 0..<count { sections[t].bytes.setU32(0, at: 8 + r * 32 + 24) }
    }
    var offsets: [Int] = []
    var position = align(PlanFormat.headerSize + PlanFormat.sectionEntrySize * sections.count)
    for s in sections {
        offsets.append(position)
        position = align(position + s.bytes.count)
    }
    var out = PlanFormat.magic + [UInt8](repeating: 0, count: PlanFormat.headerSize - 8)
    out.setU16(PlanFormat.major, at: 8)
    out.setU16(minor, at: 10)
    var flags = PlanFormat.Flags.chunkedDigest
    if sections.contains(where: { $0.kind == SectionKind.agentOptions.rawValue && hasAgentOptions($0.bytes) }) {
        flags.insert(.agentOptions)
    }
    out.setU32(flags.rawValue, at: 12)
    out.setU32(UInt32(sections.count), at: 16)
    out.setU64(UInt64(position + PlanFormat.digestSize), at: 24)
    for (i, s) in sections.enumerated() {
        var entry = [UInt8](repeating: 0, count: PlanFormat.sectionEntrySize)
        entry.setU32(s.kind, at: 0)
        entry.setU32(UInt32(offsets[i]), at: 4)
        entry.setU32(UInt32(s.bytes.count), at: 8)
        out += entry
    }
    for (i, s) in sections.enumerated() {
        out += [UInt8](repeating: 0, count: offsets[i] - out.count) + s.bytes
    }
    out += [UInt8](repeating: 0, count: position - out.count + PlanFormat.digestSize)
    redigest(&out)
    return out
}

/// The sections of an encoded plan, as `assemble` takes them.
func sections(of bytes: [UInt8]) -> [(kind: UInt32, bytes: [UInt8])] {
    Layout(bytes).sections.map { ($0.kind.rawValue, Array(bytes[$0.offset..<$0.end])) }
}

/// Writes an instruction over the one at a byte offset.
func overwrite(_ bytes: inout [UInt8], instructionAt offset: Int, with instruction: Instruction) {
    bytes.setU32(UInt32(instruction.opcode.rawValue) | UInt32(instruction.b) << 16, at: offset)
    bytes.setU32(instruction.a, at: offset + 4)
}

/// Why the verifier refuses bytes, or nil when it accepts them.
func refusal(_ bytes: [UInt8]) -> PlanError? {
    do {
        _ = try PlanVerifier.verify(bytes)
        return nil
    } catch {
        return error
    }
}

/// Why the writer refuses contents, or nil when it writes them.
func writerRefusal(_ contents: PlanContents) -> PlanError? {
    do {
        _ = try PlanWriter.encode(contents)
        return nil
    } catch {
        return error
    }
}

/// Expects the verifier to refuse `bytes` in `section` with a message containing `fragment`,
/// at `offset` when given, and always at an offset inside the file.
@discardableResult
func expectRefused(_ bytes: [UInt8], in section: SectionKind?, _ fragment: String, at offset: Int? = nil,
                   sourceLocation: SourceLocation = #_sourceLocation) -> PlanError? {
    guard let error = refusal(bytes) else {
        Issue.record("the verifier accepted a damaged plan (expected: \(fragment))", sourceLocation: sourceLocation)
        return nil
    }
    check(error, in: section, fragment, at: offset, fileSize: bytes.count, sourceLocation: sourceLocation)
    return error
}

/// Expects the writer to refuse `contents` in `section` with a message containing `fragment`.
@discardableResult
func expectWriterRefuses(_ contents: PlanContents, in section: SectionKind?, _ fragment: String,
                         sourceLocation: SourceLocation = #_sourceLocation) -> PlanError? {
    guard let error = writerRefusal(contents) else {
        Issue.record("the writer wrote bad contents (expected: \(fragment))", sourceLocation: sourceLocation)
        return nil
    }
    // The writer's own checks report offset 0; the verifier's point into the bytes it built,
    // which are not at hand, so only the lower bound is checked.
    check(error, in: section, fragment, at: nil, fileSize: Int.max, sourceLocation: sourceLocation)
    return error
}

private func check(_ error: PlanError, in section: SectionKind?, _ fragment: String, at offset: Int?, fileSize: Int,
                   sourceLocation: SourceLocation) {
    #expect(error.section == section, "\(error)", sourceLocation: sourceLocation)
    #expect(error.message.contains(fragment), "\(error)", sourceLocation: sourceLocation)
    // The end of the file counts as in it: a cut file is reported where it ends.
    #expect(error.offset >= 0 && error.offset <= fileSize, "offset outside the file: \(error)", sourceLocation: sourceLocation)
    if let offset { #expect(error.offset == offset, "\(error)", sourceLocation: sourceLocation) }
}
