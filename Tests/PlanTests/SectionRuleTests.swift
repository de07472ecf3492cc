import Testing
@testable import Plan

/// One test per rule of the sections' records and pools, each on the sample damaged at the
/// byte level with its digest recomputed.
@Suite struct SectionRuleTests {
    let bytes = SamplePlan.bytes()
    let contents = SamplePlan.contents()
    var layout: Layout { Layout(bytes) }

    /// The sample with one word replaced (and its digest recomputed).
    func with(_ value: UInt32, at offset: Int) -> [UInt8] { bytes.replacingWord(value, at: offset) }

    // MARK: Strings

    @Test func stringNotUTF8() throws {
        let i = try #require(contents.strings.firstIndex(of: "Summarise: "))
        let at = layout.string(i).offset
        var b = bytes
        b[at] = 0xFF
        redigest(&b)
        expectRefused(b, in: .strings, "string \(i) is not valid UTF-8", at: at)
        // An overlong encoding of '/' and a lone surrogate are not UTF-8 either.
        for bad: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0]] {
            var b = bytes
            b.replaceSubrange(at..<(at + 2), with: bad)
            redigest(&b)
            expectRefused(b, in: .strings, "is not valid UTF-8", at: at)
        }
    }

    @Test func gapBetweenStrings() {
        let s = layout[.strings]
        let start = bytes.u32(at: s.record(1))
        expectRefused(with(start + 1, at: s.record(1)), in: .strings, "string 1 at \(start + 1)", at: s.record(1))
    }

    @Test func overlappingStrings() {
        let s = layout[.strings]
        expectRefused(with(0, at: s.record(1)), in: .strings, "does not follow the one before it", at: s.record(1))
    }

    @Test func textBytesBelongingToNoString() {
        let s = layout[.strings]
        let last = s.count - 1
        let length = bytes.u32(at: s.record(last, word: 1))
        let error = expectRefused(with(length - 1, at: s.record(last, word: 1)), in: .strings, "1 bytes of the text area belong to no string")
        #expect(error?.offset == s.poolStart + s.poolSize - 1)
    }

    // MARK: Constants

    @Test func constantWithUnknownTag() {
        let s = layout[.constants]
        expectRefused(with(9, at: s.record(0)), in: .constants, "constant 0 has tag 9", at: s.record(0))
    }

    @Test func constantWordsThatDoNotFitTheTag() {
        let s = layout[.constants]
        // null with a payload, boolean 2, a string index with a high word.
        expectRefused(with(1, at: s.record(0, word: 2)), in: .constants, "not a valid constant", at: s.record(0))
        expectRefused(with(2, at: s.record(1, word: 1)), in: .constants, "constant 1 has tag 1 with words 2, 0", at: s.record(1))
        expectRefused(with(1, at: s.record(6, word: 2)), in: .constants, "constant 6 has tag 4", at: s.record(6))
    }

    @Test func nonFiniteNumber() {
        let s = layout[.constants]
        for bits in [Double.infinity.bitPattern, Double.nan.bitPattern, (-Double.infinity).bitPattern] {
            var b = bytes
            b.setU64(bits, at: s.record(5, word: 1))
            redigest(&b)
            expectRefused(b, in: .constants, "constant 5 has tag 3", at: s.record(5))
        }
    }

    @Test func constantNamingAMissingString() {
        let s = layout[.constants]
        expectRefused(with(9999, at: s.record(6, word: 1)), in: .constants, "constant 6 names string 9999", at: s.record(6))
    }

    // MARK: Schemas

    @Test func schemaNamingALaterSchema() {
        let s = layout[.schemas]
        expectRefused(with(4, at: s.record(3, word: 1)), in: .schemas, "schema 3 names schema 4 for its items", at: s.record(3, word: 1))
        // Itself is not earlier either: no cycle of length one.
        expectRefused(with(3, at: s.record(3, word: 1)), in: .schemas, "only earlier schemas may be named", at: s.record(3, word: 1))
        expectRefused(with(5, at: s.record(5, word: 4)), in: .schemas, "schema 5 names schema 5 for other properties", at: s.record(5, word: 4))
    }

    @Test func propertyNamingALaterSchemaOrWithABadFlag() {
        let s = layout[.schemas]
        let first = Int(bytes.u32(at: s.record(4, word: 2)))
        expectRefused(with(4, at: s.pool(first + 1)), in: .schemas, "a property of schema 4 names schema 4", at: s.pool(first))
        expectRefused(with(2, at: s.pool(first + 2)), in: .schemas, "required flag other than 0 or 1", at: s.pool(first))
    }

    @Test func schemaWithUnknownTypeBits() {
        let s = layout[.schemas]
        expectRefused(with(1 << 7, at: s.record(0)), in: .schemas, "schema 0 has unknown type bits", at: s.record(0))
    }

    @Test func schemaReservedWordNotZero() {
        let s = layout[.schemas]
        expectRefused(with(1, at: s.record(2, word: 7)), in: .schemas, "reserved word of schema 2", at: s.record(2, word: 7))
    }

    @Test func enumNamingAMissingConstant() {
        let s = layout[.schemas]
        let first = Int(bytes.u32(at: s.record(2, word: 5)))
        expectRefused(with(500, at: s.pool(first)), in: .schemas, "an enum value of schema 2 (constant) is 500", at: s.record(2))
    }

    // MARK: Lists

    @Test func listRunningPastThePool() {
        let s = layout[.agents]
        expectRefused(with(1000, at: s.record(0, word: 3)), in: .agents, "a list of 1000 entries at pool word 0 runs past the pool", at: s.record(0, word: 2))
        // A start anywhere but where the lists before it end is refused first (lists lie end
        // to end), past the pool or not; a start near 2^32 must not wrap around into range.
        let words = UInt32(s.poolSize)
        expectRefused(with(words + 1, at: s.record(1, word: 2)), in: .agents, "a list starts at pool word \(words + 1)", at: s.record(1, word: 2))
        expectRefused(with(.max, at: s.record(0, word: 2)), in: .agents, "lists lie end to end", at: s.record(0, word: 2))
    }

    @Test func metadataListRunningPastThePool() {
        let s = layout[.metadata]
        expectRefused(with(.max / 9, at: s.record(0, word: 4)), in: .metadata, "runs past the pool", at: s.record(0, word: 3))
    }

    // MARK: Agents, tools, steps

    @Test func agentWithUnknownFlags() {
        let s = layout[.agents]
        expectRefused(with(2, at: s.record(1, word: 6)), in: .agents, "agent 1 has unknown flags", at: s.record(1, word: 6))
    }

    @Test func agentNamingAMissingString() {
        let s = layout[.agents]
        expectRefused(with(70_000, at: s.record(1, word: 5)), in: .agents, "agent 1's model names string 70000", at: s.record(1))
    }

    @Test func toolReservedWordNotZero() {
        let s = layout[.tools]
        expectRefused(with(1, at: s.record(0, word: 3)), in: .tools, "reserved word of tool 0", at: s.record(0, word: 3))
    }

    @Test func stepWithUnknownKindOrFlags() {
        let s = layout[.steps]
        expectRefused(with(3, at: s.record(1, word: 2)), in: .steps, "step 1 has unknown kind 3", at: s.record(1, word: 2))
        expectRefused(with(2, at: s.record(2, word: 8)), in: .steps, "step 2 has unknown flags", at: s.record(2, word: 8))
        expectRefused(with(1, at: s.record(0, word: 11)), in: .steps, "reserved word of step 0", at: s.record(0, word: 11))
    }

    @Test func stepNamingMissingRecords() {
        let s = layout[.steps]
        expectRefused(with(2, at: s.record(0, word: 3)), in: .steps, "step 0's agent is 2; there are 2", at: s.record(0))
        expectRefused(with(1, at: s.record(1, word: 4)), in: .steps, "step 1's tool is 1; there are 1", at: s.record(1))
        expectRefused(with(6, at: s.record(0, word: 6)), in: .steps, "step 0's schema is 6; there are 6", at: s.record(0))
        expectRefused(with(99, at: s.record(2, word: 7)), in: .steps, "step 2's policy is 99; there are 2", at: s.record(2))
        expectRefused(with(PlanContents.none, at: s.record(1, word: 4)), in: .steps, "step 1 calls a tool but names none", at: s.record(1))
    }

    // MARK: Source map, triggers, policies, metadata

    @Test func positionCountingFromZero() {
        let s = layout[.sourceMap]
        expectRefused(with(0, at: s.record(4, word: 1)), in: .sourceMap, "position 4 has line 0", at: s.record(4, word: 1))
        expectRefused(with(0, at: s.record(5, word: 2)), in: .sourceMap, "both count from 1", at: s.record(5, word: 1))
    }

    @Test func positionNamingAMissingSource() {
        let s = layout[.sourceMap]
        expectRefused(with(2, at: s.record(7)), in: .sourceMap, "a position's source is 2; there are 2", at: s.record(7))
    }

    @Test func scheduleOutOfRange() {
        let s = layout[.triggers]
        let r = 1
        let packed = bytes.u32(at: s.record(r, word: 5))
        // Each case: words to write, and what the damage means in cron terms.
        let damage: [(words: [(Int, UInt32)], what: String)] = [
            ([(2, 1 << 28)], "minute 60"),
            ([(3, bytes.u32(at: s.record(r, word: 3)) | 1 << 24)], "hour 24"),
            ([(4, bytes.u32(at: s.record(r, word: 4)) | 1)], "day 0"),
            ([(5, packed | 1)], "month 0"),
            ([(5, packed | 1 << 13)], "month 13"),
            ([(5, packed | 1 << 23)], "weekday 7"),
            ([(5, packed | 1 << 26)], "a third restriction bit"),
            ([(1, 0), (2, 0)], "no minute"),
            ([(3, 0)], "no hour"),
            ([(4, 0)], "no day"),
            ([(5, packed & ~0xFFFF)], "no month"),
            ([(5, packed & ~0xFF_0000)], "no weekday"),
        ]
        for d in damage {
            var b = bytes
            for (word, value) in d.words { b.setU32(value, at: s.record(r, word: word)) }
            redigest(&b)
            let error = expectRefused(b, in: .triggers, "trigger 1: a schedule field is empty or has a value out of its range", at: s.record(r, word: 1))
            #expect(error != nil, "\(d.what)")
        }
        expectRefused(with(1, at: s.record(r, word: 7)), in: .triggers, "trigger 1 has kind 1 and words that do not fit it", at: s.record(r))
    }

    @Test func webhookWithoutMethodsOrWithUnknownOnes() {
        let s = layout[.triggers]
        expectRefused(with(0, at: s.record(2, word: 2)), in: .triggers, "trigger 2 has kind 2 and words that do not fit it", at: s.record(2))
        expectRefused(with(1 << 20, at: s.record(2, word: 2)), in: .triggers, "trigger 2 has kind 2", at: s.record(2))
        expectRefused(with(1, at: s.record(2, word: 4)), in: .triggers, "trigger 2 has kind 2", at: s.record(2))
    }

    @Test func watchWithoutEventsOrWithUnknownOnes() {
        let s = layout[.triggers]
        expectRefused(with(0, at: s.record(3, word: 4)), in: .triggers, "trigger 3 has kind 3 and words that do not fit it", at: s.record(3))
        expectRefused(with(1 << 20, at: s.record(3, word: 4)), in: .triggers, "trigger 3 has kind 3", at: s.record(3))
        expectRefused(with(1000, at: s.record(3, word: 3)), in: .triggers, "runs past the pool", at: s.record(3, word: 2))
    }

    @Test func manualTriggerWithWordsOrUnknownKind() {
        let s = layout[.triggers]
        expectRefused(with(5, at: s.record(0, word: 3)), in: .triggers, "trigger 0 has kind 0", at: s.record(0))
        expectRefused(with(4, at: s.record(0)), in: .triggers, "trigger 0 has kind 4", at: s.record(0))
    }

    @Test func policyOutOfRange() {
        let s = layout[.policies]
        let damage: [(word: Int, value: UInt32)] = [
            (0, 0), (0, 1001),   // attempts
            (1, 70_000),         // initial wait above the longest (60 s)
            (3, 999),            // backoff below 1.0
            (4, 2),              // jitter flag
            (8, 1 << 10),        // unknown failover cause
            (9, 101),            // more than 100 half-open successes
            (9, 1 << 19),        // an unknown failure kind (bit 11 of the kinds)
        ]
        for d in damage {
            expectRefused(with(d.value, at: s.record(0, word: d.word)), in: .policies, "policy 0 is out of range", at: s.record(0))
        }
    }

    @Test func inputWithUnknownTypeOrFlag() {
        let s = layout[.metadata]
        let first = Int(bytes.u32(at: s.record(0, word: 5)))
        expectRefused(with(6, at: s.pool(first + 1)), in: .metadata, "an input has an unknown type or flag", at: s.pool(first))
        expectRefused(with(2, at: s.pool(first + 4 + 3)), in: .metadata, "an input has an unknown type or flag", at: s.pool(first + 4))
    }

    @Test func metadataNamingMissingRecords() {
        let s = layout[.metadata]
        let order = Int(bytes.u32(at: s.record(0, word: 9)))
        expectRefused(with(2, at: s.pool(order + 1)), in: .metadata, "an agent in the order of preference is 2; there are 2", at: s.record(0))
        expectRefused(with(999, at: s.record(0)), in: .metadata, "the workflow's name names string 999", at: s.record(0))
    }
}
