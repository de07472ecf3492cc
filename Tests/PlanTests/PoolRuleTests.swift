import Testing
@testable import Plan

/// Every pool word belongs to exactly one list (lists lie end to end), and the string pool
/// keeps texts apart by their bytes.
@Suite struct PoolRuleTests {
    let bytes = SamplePlan.bytes()

    /// The sample with a section's pool grown by one word that no list names.
    func withExtraPoolWord(in kind: SectionKind) -> [UInt8] {
        var parts = sections(of: bytes)
        let i = parts.firstIndex { $0.kind == kind.rawValue }!
        var section = parts[i].bytes
        let poolWords = section.u32(at: 4)
        section.setU32(poolWords + 1, at: 4)
        section += [0xEF, 0xBE, 0xAD, 0xDE]
        parts[i].bytes = section
        return assemble(parts)
    }

    @Test(arguments: [SectionKind.constants, .schemas, .agents, .tools, .steps, .triggers, .policies, .metadata])
    func aPoolWordThatNoListNamesIsRefused(kind: SectionKind) {
        expectRefused(withExtraPoolWord(in: kind), in: kind, "belong to no list")
    }

    @Test func listsThatOverlapAreRefused() throws {
        // The metadata's secrets list made to start where its inputs list starts.
        let layout = Layout(bytes)
        let m = layout[.metadata]
        var b = bytes
        b.setU32(b.u32(at: m.record(0, word: 5)), at: m.record(0, word: 7))
        redigest(&b)
        expectRefused(b, in: .metadata, "lists lie end to end", at: m.record(0, word: 7))
    }

    @Test func textsEqualAsStringsButNotAsBytesKeepTheirOwnIndices() throws {
        var pool = StringPool()
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        #expect(composed == decomposed)  // equal as Swift strings…
        let a = pool.index(composed)
        let b = pool.index(decomposed)
        #expect(a != b)  // …but two entries, each with its own bytes.
        #expect(Array(pool.strings[Int(a)].utf8) == Array(composed.utf8))
        #expect(Array(pool.strings[Int(b)].utf8) == Array(decomposed.utf8))
        #expect(pool.index(composed) == a)
    }
}
