import Foundation
import Testing

/// Agent steps through the project's stand-in agent, speaking the Claude Code, OpenCode and
/// plain CLI protocols as real child processes: retries, structured output with feedback,
/// failover, circuit breakers, timeouts and garbage (docs/vm.md §6, §7).
@Suite struct ExecAgentTests {
    static func oneStep(_ frontmatter: String, output: String = "") -> String {
        workflowText(frontmatter, steps: """
            ### answer: Answer
            Say something about owls.
            \(output.isEmpty ? "" : "```action\noutput: \(output)\n```")
            """)
    }

    @Test(arguments: ["claude-code", "opencode", "cli"])
    func eachProtocolAnswers(kind: String) throws {
        let p = try ExecProject(agents: """
              a:
                kind: \(kind)
                command: [STANDIN, --stand-in-answer, "owls are birds"]
            """)
        let plan = try p.compile("ask", Self.oneStep("name: ask\nagent: { preferred: a }"))
        let r = try p.vm(["exec", plan])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "owls are birds\n")
        let id = try #require(ExecProject.runID(r.stderr))
        let attempt = try #require(try p.attempts(id).first)
        #expect(attempt["agent"] as? String == "a")
        #expect(attempt["status"] as? String == "succeeded")
        let prompt = try String(contentsOfFile: "\(p.stateFolder.path)/runs/\(id)/answer/1/prompt", encoding: .utf8)
        #expect(prompt == "Context for every step.\n\nSay something about owls.")
        if kind != "cli" {
            // Claude Code and OpenCode report cost; it reaches the run's totals.
            #expect((try p.show(id)["cost_usd"] as? Double ?? 0) > 0)
        }
    }

    /// `allowed_tools` and `mcp_config` from the agents file reach Claude Code's command line
    /// (the stand-in refuses options Claude does not know and a missing MCP file, as Claude does).
    @Test func claudeCodeGetsItsAllowedToolsAndMCPConfiguration() throws {
        let p = try ExecProject(agents: """
              a:
                kind: claude-code
                command: [STANDIN, --stand-in-echo-options, "yes"]
                allowed_tools: [Read, "Bash(git log:*)"]
                mcp_config: mcp.json
            """)
        try #"{"mcpServers":{}}"#.write(to: p.root.appendingPathComponent("mcp.json"), atomically: true, encoding: .utf8)
        let plan = try p.compile("tools", Self.oneStep("name: tools\nagent: { preferred: a }\nretry: { max_attempts: 2, initial: 10ms }"))
        let dry = try p.vm(["exec", plan, "--dry-run", "--json"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains(#""-p","--output-format","json","--allowedTools","Read,Bash(git log:*)","--mcp-config","mcp.json"]"#), "\(dry.stdout)")
        let r = try p.vm(["exec", plan])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasSuffix("[allowed tools: Read,Bash(git log:*); mcp config: mcp.json]\n"), "\(r.stdout)")
        // Without the file, Claude's own error fails each attempt, and the run.
        try FileManager.default.removeItem(at: p.root.appendingPathComponent("mcp.json"))
        let missing = try p.vm(["exec", plan])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("MCP config file not found: mcp.json"), "\(missing.stderr)")
    }

    /// A `cli` agent's command is an argument template: `{prompt}` puts the prompt inside an
    /// argument, wherever it stands, and standard input is then empty.
    @Test func cliPromptPlaceholder() throws {
        let p = try ExecProject(agents: """
              templ:
                kind: cli
                command: [/bin/sh, -c, 'printf "%s|%s|%s" "$1" "$2" "$(cat)"', sh, "--message={prompt}", --yes]
            """)
        let plan = try p.compile("templ", Self.oneStep("name: templ\nagent: { preferred: templ }"))
        let r = try p.vm(["exec", plan])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "--message=Context for every step.\n\nSay something about owls.|--yes|\n", "\(r.stdout)")
    }

    /// An agent that exits without reading its prompt closes the pipe aiwvm is writing to:
    /// the attempt fails, and aiwvm is not killed by SIGPIPE.
    @Test func anAgentThatIgnoresItsPromptFailsTheAttemptNotTheVM() throws {
        let p = try ExecProject(agents: """
              quitter:
                kind: cli
                command: [/bin/true]
            """)
        // Far more than a pipe holds, so the write is still going when the child is gone.
        let prose = String(repeating: "owls and more owls ", count: 20_000)
        let plan = try p.compile("quit", workflowText("name: quit\nagent: { preferred: quitter }\nretry: { max_attempts: 2, initial: 10ms }",
                                                     steps: "### answer: Answer\n\(prose)\n"))
        let r = try p.vm(["exec", plan])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("step 'answer' failed after 2 attempts"), "\(r.stderr)")
    }

    @Test func failedAttemptsAreRetriedWithTheSameAgent() throws {
        let p = try ExecProject(agents: """
              a:
                kind: claude-code
                command: [STANDIN, --stand-in-state, ROOT/calls, --stand-in-fail, "2", --stand-in-answer, ok]
            """)
        let plan = try p.compile("retry", Self.oneStep("name: retry\nagent: { preferred: a }\nretry: { max_attempts: 3, initial: 10ms }"))
        let r = try p.vm(["exec", plan])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "ok\n")
        #expect(p.read("calls").split(separator: "\n").count == 3)
        let id = try #require(ExecProject.runID(r.stderr))
        let attempts = try p.attempts(id)
        #expect(attempts.map { $0["status"] as? String } == ["failed", "failed", "succeeded"])
        #expect(attempts.first?["failure"] as? String == "agent_error")
    }

    @Test func anAnswerThatMissesItsSchemaIsRetriedWithTheProblems() throws {
        let p = try ExecProject(agents: """
              a:
                kind: claude-code
                command: [STANDIN, --stand-in-state, ROOT/calls, --stand-in-bad-json-first, "1"]
                capabilities: [structured_output]
            """)
        let plan = try p.compile("typed", Self.oneStep(
            "name: typed\nagent: { preferred: a }\nretry: { max_attempts: 2, initial: 10ms }\noutputs:\n  label: \"{{ steps.answer.output.label }}\"",
            output: "{ type: object, properties: { label: { type: string, enum: [urgent, later] } }, required: [label] }"))
        let r = try p.vm(["exec", plan])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "label: urgent\n")
        let id = try #require(ExecProject.runID(r.stderr))
        let attempts = try p.attempts(id)
        #expect(attempts.map { $0["failure"] as? String } == ["schema_mismatch", nil])
        let second = try String(contentsOfFile: "\(p.stateFolder.path)/runs/\(id)/answer/2/prompt", encoding: .utf8)
        #expect(second.contains("The previous answer did not match the schema:\n- $: the required field 'label' is missing"), "\(second)")
    }

    @Test func aFailingAgentFailsOverToTheNextHealthyOne() throws {
        let p = try ExecProject(agents: """
              broken:
                kind: claude-code
                command: [STANDIN, --stand-in-fail, "1", --stand-in-failure, exit]
              sick:
                kind: cli
                command: [STANDIN, --stand-in-answer, never]
                health_check: { command: ["false"], timeout: 2s }
              backup:
                kind: opencode
                command: [STANDIN, --stand-in-answer, from backup]
                health_check: { command: [STANDIN, --version], timeout: 5s }
            """)
        let plan = try p.compile("fo", Self.oneStep("""
            name: fo
            agent: { preferred: broken, fallback: [sick, backup] }
            retry: { max_attempts: 2, initial: 10ms }
            failover: { on: [failure, timeout], max_switches: 2 }
            """))
        let r = try p.vm(["exec", plan])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "from backup\n")
        let id = try #require(ExecProject.runID(r.stderr))
        let run = try p.show(id)
        let failovers = run["failovers"] as? [[String: Any]] ?? []
        #expect(failovers.count == 2)
        #expect(failovers.first?["to"] is NSNull)
        #expect((failovers.first?["reason"] as? String)?.hasPrefix("sick: health_check") == true)
        #expect(failovers.last?["from"] as? String == "broken")
        #expect(failovers.last?["to"] as? String == "backup")
        let attempts = try p.attempts(id)
        #expect(attempts.map { $0["agent"] as? String } == ["broken", "broken", "backup"])
        let shown = try p.vm(["runs", "show", id])
        #expect(shown.stdout.contains("failover  answer: broken → backup (exit)"), "\(shown.stdout)")
    }

    @Test func garbageAndHangingAgentsAreClearFailures() throws {
        let p = try ExecProject(agents: """
              garbage:
                kind: claude-code
                command: [STANDIN, --stand-in-fail, "1", --stand-in-failure, garbage]
              hang:
                kind: opencode
                command: [STANDIN, --stand-in-fail, "1", --stand-in-failure, hang]
              huge:
                kind: cli
                command: [STANDIN, --stand-in-fail, "1", --stand-in-failure, huge]
            """)
        let garbage = try p.compile("g", Self.oneStep("name: g\nagent: { preferred: garbage }\nretry: { max_attempts: 1 }"))
        let g = try p.vm(["exec", garbage])
        #expect(g.status == 1)
        #expect(g.stderr.contains("step 'answer' failed after 1 attempt"))
        let gid = try #require(ExecProject.runID(g.stderr))
        #expect(try p.attempts(gid).first?["failure"] as? String == "invalid_output")
        let hang = try p.compile("h", workflowText("name: h\nagent: { preferred: hang }\nretry: { max_attempts: 1 }", steps: """
            ### answer: Answer
            Wait.
            ```action
            timeout: 500ms
            ```
            """))
        let h = try p.vm(["exec", hang])
        #expect(h.status == 1)
        #expect(h.stderr.contains("time limit"), "\(h.stderr)")
        // 64 MiB of answer: read to its end, kept up to the 8 MiB cap, and refused.
        let huge = try p.compile("big", Self.oneStep("name: big\nagent: { preferred: huge }\nretry: { max_attempts: 1 }"))
        let b = try p.vm(["exec", huge])
        #expect(b.status == 1)
        #expect(b.stderr.contains("passed the 8388608-byte cap"), "\(b.stderr)")
        let bid = try #require(ExecProject.runID(b.stderr))
        let stdout = try FileManager.default.attributesOfItem(atPath: "\(p.stateFolder.path)/runs/\(bid)/answer/1/stdout")[.size] as? Int
        #expect(stdout == 8 << 20)
    }

    @Test func theCircuitOpensAfterRepeatedFailuresAndStaysOpenAcrossRuns() throws {
        let p = try ExecProject(agents: """
              flaky:
                kind: claude-code
                command: [STANDIN, --stand-in-state, ROOT/calls, --stand-in-fail, "99", --stand-in-failure, error]
            """)
        let plan = try p.compile("cb", Self.oneStep("""
            name: cb
            agent: { preferred: flaky }
            retry: { max_attempts: 3, initial: 10ms }
            circuit: { failures: 2, reset_after: 1h }
            """))
        let first = try p.vm(["exec", plan, "--events", "events.ndjson"])
        #expect(first.status == 1)
        // Two failures open the circuit; the third attempt is refused without running.
        #expect(p.read("calls").split(separator: "\n").count == 2)
        #expect(p.read("events.ndjson").contains(#""type":"circuit.open""#))
        let second = try p.vm(["exec", plan])
        #expect(second.status == 1)
        #expect(second.stderr.contains("circuit of agent 'flaky' is open"), "\(second.stderr)")
        #expect(p.read("calls").split(separator: "\n").count == 2)
    }

    @Test func aHalfOpenCircuitClosesAfterItsTrialSuccesses() throws {
        let p = try ExecProject(agents: """
              wobbly:
                kind: claude-code
                command: [STANDIN, --stand-in-state, ROOT/calls, --stand-in-fail, "2", --stand-in-answer, fine]
            """)
        let plan = try p.compile("half", Self.oneStep("""
            name: half
            agent: { preferred: wobbly }
            retry: { max_attempts: 1 }
            circuit: { failures: 2, reset_after: 300ms, half_open_successes: 2 }
            """))
        let events = ["--events", "events.ndjson"]
        #expect(try p.vm(["exec", plan] + events).status == 1)
        #expect(try p.vm(["exec", plan] + events).status == 1)
        let refused = try p.vm(["exec", plan] + events)
        #expect(refused.stderr.contains("circuit of agent 'wobbly' is open"))
        usleep(400_000)
        #expect(try p.vm(["exec", plan] + events).status == 0)
        #expect(try p.vm(["exec", plan] + events).status == 0)
        let types = p.read("events.ndjson").split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["type"] as? String
        }.filter { $0.hasPrefix("circuit.") }
        // Two successes in half-open close it, not one.
        #expect(types == ["circuit.open", "circuit.half_open", "circuit.closed"])
        #expect(p.read("calls").split(separator: "\n").count == 4)
    }

    @Test func aFailedOverPrimaryIsCheckedBeforeALaterStepUsesIt() throws {
        let p = try ExecProject(agents: """
              primary:
                kind: claude-code
                command: [STANDIN, --stand-in-state, ROOT/primary-calls, --stand-in-fail, "99", --stand-in-failure, exit]
                health_check: { command: [test, -e, ROOT/primary-up], timeout: 2s }
              backup:
                kind: cli
                command: [STANDIN, --stand-in-answer, backup answer]
            """)
        let plan = try p.compile("twice", workflowText("""
            name: twice
            agent: { preferred: primary, fallback: [backup] }
            retry: { max_attempts: 1 }
            outputs:
              second: "{{ steps.second.output }}"
            """, steps: """
            ### first: First
            Once.

            ### second: Second
            Twice.
            """))
        let r = try p.vm(["exec", plan, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "second: backup answer\n")
        // The primary ran once, in the first step; its failing health check kept the second off it.
        #expect(p.read("primary-calls").split(separator: "\n").count == 1)
        let id = try #require(try JSONSerialization.jsonObject(with: Data(try p.vm(["runs", "list", "--json"]).stdout.utf8)) as? [[String: Any]]).first?["id"] as? String
        let failovers = try p.show(id ?? "")["failovers"] as? [[String: Any]] ?? []
        #expect(failovers.map { $0["step"] as? String } == ["first", "second"])
        #expect((failovers.last?["reason"] as? String)?.hasPrefix("health_check: exit status 1") == true)
    }
}
