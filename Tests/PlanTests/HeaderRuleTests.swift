import Testing
@testable import Plan

/// One test per rule of the header and the section table, each on the sample damaged in one
/// place with its digest recomputed, so the rule under test is the first one broken.
@Suite struct HeaderRuleTests {
    let bytes = SamplePlan.bytes()
    var layout: Layout { Layout(bytes) }

    @Test func wrongMagic() {
        var b = bytes
        b[1] = 0x42
        expectRefused(b, in: nil, "not an AIWorkflow plan", at: 0)
        expectRefused(Array("#!/bin/sh\n echo hello, this is not a plan".utf8), in: nil, "not an AIWorkflow plan", at: 0)
    }

    @Test func magicDamagedByTextModeTransfer() {
        // CRLF to LF drops byte 4; LF to CRLF adds one before byte 7; either way the
        // message says what probably happened.
        var lf = bytes
        lf.remove(at: 4)
        expectRefused(lf, in: nil, "line endings", at: 0)
        var crlf = bytes
        crlf.insert(0x0D, at: 7)
        expectRefused(crlf, in: nil, "line endings", at: 0)
    }

    @Test func minorZeroNeverExisted() {
        // Found by the fuzzer: format 0.0 with no sections at all read as an empty plan,
        // because every section is newer than minor 0.
        var empty = PlanFormat.magic + [UInt8](repeating: 0, count: PlanFormat.headerSize - 8 + PlanFormat.digestSize)
        empty.setU64(UInt64(empty.count), at: 24)
        redigest(&empty)
        expectRefused(empty, in: nil, "plan format 0.0 never existed", at: 10)
        var b = bytes
        b.setU16(0, at: 10)
        redigest(&b)
        expectRefused(b, in: nil, "plan format 0.0 never existed", at: 10)
    }

    @Test func newerMajorVersion() {
        var b = bytes
        b.setU16(PlanFormat.major + 1, at: 8)
        redigest(&b)
        let error = expectRefused(b, in: nil, "newer", at: 8)
        #expect(error?.message.contains("\(PlanFormat.major + 1).\(PlanFormat.minor)") == true)
    }

    @Test func unknownFlag() {
        var b = bytes
        b.setU32(8 | PlanFormat.Flags([.chunkedDigest, .agentOptions]).rawValue, at: 12)
        redigest(&b)
        expectRefused(b, in: nil, "unknown header flags 0xe", at: 12)
    }

    @Test func reservedHeaderWordNotZero() {
        var b = bytes
        b.setU32(1, at: 20)
        redigest(&b)
        expectRefused(b, in: nil, "reserved header bytes", at: 20)
    }

    @Test func wrongTotalLength() {
        var longer = bytes + [UInt8](repeating: 0, count: 8)
        redigest(&longer)
        expectRefused(longer, in: nil, "truncated or extended", at: 24)
        var claimed = bytes
        claimed.setU64(UInt64(bytes.count + 8), at: 24)
        redigest(&claimed)
        expectRefused(claimed, in: nil, "gives a length of \(bytes.count + 8)", at: 24)
    }

    @Test func sectionTableLargerThanTheFile() {
        var b = bytes
        b.setU32(1_000_000, at: 16)
        redigest(&b)
        expectRefused(b, in: nil, "does not fit in the file", at: 16)
    }

    @Test func digestMismatch() {
        var b = bytes
        b[layout[.steps].record(0)] ^= 1
        expectRefused(b, in: nil, "SHA-256 digest does not match", at: bytes.count - PlanFormat.digestSize)
    }

    @Test func reservedSectionEntryWordNotZero() {
        var b = bytes
        let entry = layout[.agents].entry
        b.setU32(1, at: entry + 12)
        redigest(&b)
        expectRefused(b, in: nil, "reserved bytes of section entry 3", at: entry + 12)
    }

    @Test func sectionsOutOfOrder() {
        // Kinds swapped, offsets kept: the table is in byte order but not in kind order.
        var b = bytes
        let first = layout[.strings].entry, second = layout[.constants].entry
        b.setU32(SectionKind.constants.rawValue, at: first)
        b.setU32(SectionKind.strings.rawValue, at: second)
        redigest(&b)
        expectRefused(b, in: nil, "section kinds must increase: kind 1 after 2", at: second)
    }

    @Test func sectionKindTwice() {
        var b = bytes
        let entry = layout[.constants].entry
        b.setU32(SectionKind.strings.rawValue, at: entry)
        redigest(&b)
        expectRefused(b, in: nil, "kind 1 after 1", at: entry)
    }

    @Test func misalignedSectionOffset() {
        var b = bytes
        let s = layout[.tools]
        b.setU32(UInt32(s.offset + 4), at: s.entry + 4)
        redigest(&b)
        expectRefused(b, in: nil, "section offset \(s.offset + 4) is not a multiple of 8", at: s.entry + 4)
    }

    @Test func overlappingSections() {
        var b = bytes
        let s = layout[.tools]
        b.setU32(UInt32(layout[.agents].offset), at: s.entry + 4)
        redigest(&b)
        expectRefused(b, in: nil, "overlaps another part of the file", at: s.entry + 4)
    }

    @Test func sectionRunningPastTheDigest() {
        var b = bytes
        // The last section: only it can reach the digest.
        let s = layout[SectionKind.allCases[SectionKind.allCases.count - 1]]
        b.setU32(UInt32(s.length + 8), at: s.entry + 8)
        redigest(&b)
        expectRefused(b, in: nil, "runs past the digest", at: s.entry + 4)
    }

    @Test func nonZeroPaddingBetweenSections() throws {
        let sections = layout.sections
        // The first gap the sample has; a sample without one would leave the rule untested.
        let gap = try #require(zip(sections, sections.dropFirst()).first { $0.end < $1.offset })
        var b = bytes
        b[gap.0.end] = 0x20
        redigest(&b)
        expectRefused(b, in: nil, "padding before section \(gap.1.kind.rawValue) is not zero", at: gap.0.end)
    }

    @Test func trailingBytesBeforeTheDigest() {
        // Eight more bytes, header and digest updated: the file is self-consistent but holds
        // bytes no section claims.
        var zeros = bytes
        zeros.insert(contentsOf: [UInt8](repeating: 0, count: 8), at: bytes.count - 32)
        zeros.setU64(UInt64(zeros.count), at: 24)
        redigest(&zeros)
        expectRefused(zeros, in: nil, "8 bytes between the last section and the digest", at: layout[SectionKind.allCases[SectionKind.allCases.count - 1]].end)
        var text = zeros
        text.replaceSubrange((bytes.count - 32)..<(bytes.count - 24), with: Array("trailing".utf8))
        redigest(&text)
        expectRefused(text, in: nil, "padding before the digest is not zero", at: layout[SectionKind.allCases[SectionKind.allCases.count - 1]].end)
    }

    @Test func missingSection() {
        let without = assemble(sections(of: bytes).filter { $0.kind != SectionKind.tools.rawValue })
        expectRefused(without, in: nil, "the plan has no tools section", at: 16)
    }

    @Test func sectionShorterThanItsCounts() {
        var parts = sections(of: bytes)
        parts[Int(SectionKind.tools.rawValue) - 1].bytes = [0, 0, 0, 0]
        let b = assemble(parts)
        expectRefused(b, in: .tools, "its count words alone take 8", at: Layout(b)[.tools].offset)
    }

    @Test func recordCountPastTheSection() {
        var b = bytes
        let s = layout[.tools]
        b.setU32(1000, at: s.offset)
        redigest(&b)
        expectRefused(b, in: .tools, "1000 records of 16 bytes do not fit", at: s.offset)
    }

    @Test func poolSizeDisagreesWithTheSection() {
        var b = bytes
        let s = layout[.steps]
        b.setU32(1, at: s.offset + 4)
        redigest(&b)
        expectRefused(b, in: .steps, "pool size says 4", at: s.offset + 4)
    }
}
