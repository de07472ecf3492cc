import Testing
@testable import Plan

/// The sections formats 0.2 and 0.4 added beside the tables they extend (agent profiles,
/// tool settings, input rules; agent options): one rule each, on the sample damaged at the
/// byte level with its digest recomputed, and plans of older formats, which lack them.
@Suite struct ExtensionSectionTests {
    let bytes = SamplePlan.bytes()
    var layout: Layout { Layout(bytes) }

    /// The sample with one word replaced (and its digest recomputed).
    func with(_ value: UInt32, at offset: Int) -> [UInt8] { bytes.replacingWord(value, at: offset) }

    @Test func theSampleCarriesEveryField() throws {
        let c = try PlanVerifier.verify(bytes).contents
        let s = { (i: UInt32) in c.strings[Int(i)] }
        #expect(c.agents[0].models.map(s) == ["sonnet", "opus"])
        #expect(c.agents[0].capabilities.map(s) == ["code", "web"])
        #expect(c.agents[0].healthCommand.map(s) == ["claude", "--version"] && c.agents[0].healthTimeoutMilliseconds == 10_000)
        #expect(s(c.agents[1].healthURL) == "http://127.0.0.1:8080/v1/models" && c.agents[1].healthTimeoutMilliseconds == 2_000)
        #expect(c.tools[0].command.map(s) == ["uvx", "mcp-server-time"])
        #expect(c.tools[0].timeoutMilliseconds == 30_000 && c.tools[0].requestsPerMinute == 60 && c.tools[0].burst == 5)
        #expect(s(c.metadata.inputs[0].pattern) == "^[a-z]+$")
        #expect(c.metadata.inputs[1].minimum == 3 && c.metadata.inputs[1].allowed == 4)
        #expect(c.agents[0].allowedTools.map(s) == ["Read", "Bash(git log:*)"] && s(c.agents[0].mcpConfig) == "mcp.json")
        #expect(c.agents[1].allowedTools.isEmpty && c.agents[1].mcpConfig == PlanContents.none)
        // The listing (aiwc disasm) shows them on the agent's line.
        let listing = PlanListing.render(try PlanVerifier.verify(bytes))
        #expect(listing.contains("allowed tools Read, Bash(git log:*) mcp config mcp.json\n"), "\(listing)")
    }

    @Test(arguments: [(SectionKind.agentProfiles, "2 agents"), (.toolSettings, "1 tools"), (.inputRules, "4 inputs"),
                      (.agentOptions, "2 agents")])
    func oneRecordPerEntryOfTheTable(kind: SectionKind, table: String) {
        // The count word raised by one: the pool size no longer fits, so build the section
        // again with one record fewer instead, as a writer with a bug would.
        let s = layout[kind]
        var parts = sections(of: bytes)
        let at = parts.firstIndex { $0.kind == kind.rawValue }!
        var section = parts[at].bytes
        let words = 4 * s.recordWords
        let count = Int(section.u32(at: 0))
        let poolSize = Int(section.u32(at: 4))
        section.setU32(UInt32(count - 1), at: 0)
        // Drop the last record and the pool words its lists named (the sample's last
        // records name none).
        section.removeSubrange((8 + words * (count - 1))..<(8 + words * count))
        #expect(section.count == 8 + words * (count - 1) + 4 * poolSize)
        parts[at].bytes = section
        expectRefused(assemble(parts), in: kind, "records for \(table)")
    }

    @Test func profileNamingAMissingString() {
        let s = layout[.agentProfiles]
        expectRefused(with(9999, at: s.pool(0)), in: .agentProfiles, "a model of agent 0 names string 9999", at: s.record(0))
        expectRefused(with(9999, at: s.pool(2)), in: .agentProfiles, "a capability of agent 0 names string 9999", at: s.record(0))
    }

    @Test func healthCheckNamingAMissingStringOrWithoutItsTimeout() {
        let s = layout[.agentProfiles]
        // Agent 0's pool lists: 2 models, 2 capabilities, then its 2-word health command.
        expectRefused(with(9999, at: s.pool(4)), in: .agentProfiles, "agent 0's health check command names string 9999", at: s.record(0))
        expectRefused(with(9999, at: s.record(1, word: 6)), in: .agentProfiles, "agent 1's health check URL names string 9999", at: s.record(1))
        expectRefused(with(0, at: s.record(0, word: 7)), in: .agentProfiles, "needs one above 0", at: s.record(0, word: 7))
        // Agent 1 without its URL keeps a timeout for a check it no longer has.
        expectRefused(with(PlanContents.none, at: s.record(1, word: 6)), in: .agentProfiles, "no command or URL", at: s.record(1, word: 7))
    }

    @Test func agentOptionsNamingAMissingStringOrWithTheReservedWord() {
        let s = layout[.agentOptions]
        expectRefused(with(9999, at: s.pool(1)), in: .agentOptions, "an allowed tool of agent 0 names string 9999", at: s.record(0))
        expectRefused(with(9999, at: s.record(0, word: 2)), in: .agentOptions, "agent 0's MCP configuration names string 9999", at: s.record(0))
        expectRefused(with(1, at: s.record(1, word: 3)), in: .agentOptions, "reserved word of agent 1's options", at: s.record(1, word: 3))
    }

    @Test func aFormatZeroThreePlanLacksAgentOptionsAndReadsAsEmpty() throws {
        var old = assemble(sections(of: bytes).filter { $0.kind != SectionKind.agentOptions.rawValue }, minor: 3)
        redigest(&old)
        let read = try PlanVerifier.verify(old).contents
        var expected = try PlanVerifier.verify(bytes).contents
        for i in expected.agents.indices {
            expected.agents[i].allowedTools = []
            expected.agents[i].mcpConfig = PlanContents.none
        }
        for i in expected.tools.indices { expected.tools[i].binding = PlanContents.none }
        #expect(read == expected)
        // The same plan called 0.4 must have the section.
        expectRefused(assemble(sections(of: bytes).filter { $0.kind != SectionKind.agentOptions.rawValue }), in: nil,
                      "the plan has no agent options section", at: 16)
    }

    @Test func theAgentOptionsFlagMatchesTheSection() {
        // Without the flag an older VM would run the agents without their options.
        var cleared = bytes
        cleared.setU32(PlanFormat.Flags.chunkedDigest.rawValue, at: 12)
        redigest(&cleared)
        expectRefused(cleared, in: nil, "agents have options but the header lacks the agent options flag", at: 12)
        // The flag with no options anywhere.
        let s = layout[.agentOptions]
        var none = bytes.replacingWord(PlanContents.none, at: s.record(0, word: 2))
        var parts = sections(of: none)
        let at = parts.firstIndex { $0.kind == SectionKind.agentOptions.rawValue }!
        // Agent 0 lists no tools: its count, agent 1's list start and the pool go to zero.
        parts[at].bytes.setU32(0, at: 12)
        parts[at].bytes.setU32(0, at: 24)
        parts[at].bytes.setU32(0, at: 4)
        parts[at].bytes.removeLast(8)
        none = assemble(parts)
        none.setU32(PlanFormat.Flags([.chunkedDigest, .agentOptions]).rawValue, at: 12)
        redigest(&none)
        expectRefused(none, in: nil, "the header has the agent options flag (bit 2) but no agent has options", at: 12)
    }

    @Test func aSectionNewerThanThePlansMinorIsRefused() {
        // A 0.3 reader would skip it and run the plan without it.
        let old = assemble(sections(of: bytes), minor: 3)
        expectRefused(old, in: nil, "the agent options section came with format 0.4, but the plan says it is 0.3")
        // And the flag cannot stand in for the section in an older plan.
        var flagged = assemble(sections(of: bytes).filter { $0.kind != SectionKind.agentOptions.rawValue }, minor: 3)
        flagged.setU32(PlanFormat.Flags([.chunkedDigest, .agentOptions]).rawValue, at: 12)
        redigest(&flagged)
        expectRefused(flagged, in: nil, "no agent options section", at: 12)
    }

    @Test func toolSettingsNamingAMissingStringOrWithReservedWords() {
        let s = layout[.toolSettings]
        expectRefused(with(9999, at: s.pool(1)), in: .toolSettings, "tool 0's command names string 9999", at: s.record(0))
        expectRefused(with(9999, at: s.record(0, word: 2)), in: .toolSettings, "tool 0's URL names string 9999", at: s.record(0))
        expectRefused(with(9999, at: s.record(0, word: 6)), in: .toolSettings, "tool 0's binding names string 9999", at: s.record(0))
        expectRefused(with(1, at: s.record(0, word: 7)), in: .toolSettings, "reserved word 7 of tool 0's settings is not zero", at: s.record(0, word: 7))
    }

    @Test func aBindingNeedsFormatZeroFive() throws {
        // Word 6 was reserved before 0.5: a 0.4 plan that uses it is refused, not misread.
        var old = assemble(sections(of: bytes), minor: 4)
        redigest(&old)
        #expect(refusal(old) == nil)
        let s = Layout(old)[.toolSettings]
        var used = old
        used.setU32(1, at: s.record(0, word: 6))
        redigest(&used)
        expectRefused(used, in: .toolSettings, "reserved word 6 of tool 0's settings is not zero (a binding needs format 0.5)", at: s.record(0, word: 6))
    }

    @Test func inputRulesOutOfRange() {
        let s = layout[.inputRules]
        expectRefused(with(999, at: s.record(1, word: 0)), in: .inputRules, "input 1's allowed values (schema) is 999", at: s.record(1))
        expectRefused(with(999, at: s.record(1, word: 1)), in: .inputRules, "input 1's minimum (constant) is 999", at: s.record(1))
        expectRefused(with(999, at: s.record(1, word: 2)), in: .inputRules, "input 1's maximum (constant) is 999", at: s.record(1))
        expectRefused(with(99999, at: s.record(0, word: 3)), in: .inputRules, "input 0's pattern names string 99999", at: s.record(0))
    }

    @Test func aBoundThatIsNotANumber() {
        // Constant 1 is `true`.
        let s = layout[.inputRules]
        expectRefused(with(1, at: s.record(1, word: 1)), in: .inputRules, "input 1's minimum is constant 1, which is not a number", at: s.record(1, word: 1))
    }

    @Test func aPlanOfTheCurrentMinorMustHaveThem() {
        for kind in [SectionKind.agentProfiles, .toolSettings, .inputRules, .agentOptions] {
            let parts = sections(of: bytes).filter { $0.kind != kind.rawValue }
            expectRefused(assemble(parts), in: nil, "the plan has no \(kind) section", at: 16)
        }
    }

    @Test func aFormatZeroOnePlanLacksThemAndReadsAsEmpty() throws {
        var old = assemble(sections(of: bytes).filter { $0.kind <= 11 }, minor: 1)
        old.setU32(0, at: 12)
        redigest(&old)
        let read = try PlanVerifier.verify(old).contents
        var expected = try PlanVerifier.verify(bytes).contents
        for i in expected.agents.indices {
            expected.agents[i].models = []
            expected.agents[i].capabilities = []
            expected.agents[i].healthCommand = []
            expected.agents[i].healthURL = PlanContents.none
            expected.agents[i].healthTimeoutMilliseconds = 0
            expected.agents[i].allowedTools = []
            expected.agents[i].mcpConfig = PlanContents.none
        }
        for i in expected.tools.indices {
            expected.tools[i].command = []
            expected.tools[i].timeoutMilliseconds = 0
            expected.tools[i].requestsPerMinute = 0
            expected.tools[i].burst = 0
            expected.tools[i].binding = PlanContents.none
        }
        for i in expected.metadata.inputs.indices {
            expected.metadata.inputs[i].allowed = PlanContents.none
            expected.metadata.inputs[i].minimum = PlanContents.none
            expected.metadata.inputs[i].pattern = PlanContents.none
        }
        #expect(read == expected)
    }
}
