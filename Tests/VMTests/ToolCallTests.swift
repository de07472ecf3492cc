import Foundation
import Plan
import Testing
@testable import VM

/// Tool steps run by the VM against real tools (docs/tools.md §5): `mcp-server-time` and the
/// project's misbehaving MCP server over standard I/O, the loopback OpenAPI stub over HTTP,
/// and the `exec` test tool as a child process.
@Suite(.serialized) struct ToolCallTests {
    static let openAPIStub = ToolRig.support.appendingPathComponent("openapi_stub.py")

    // MARK: MCP

    @Test func mcpTimeCallsFeedATypedResultToLaterSteps() async throws {
        let rig = try await ToolRig.make()
        let ran = try await rig.run(ToolRig.workflow("""
            ### now: Now
            ```action
            tool: clock.get_current_time
            with: { timezone: Europe/Paris }
            ```

            ### tokyo: In Tokyo
            ```action
            tool: clock.convert_time
            with:
              source_timezone: "{{ steps.now.output.timezone }}"
              time: "12:30"
              target_timezone: Asia/Tokyo
            ```

            ### again: Again
            ```action
            tool: clock.get_current_time
            with: { timezone: "{{ steps.tokyo.output.target.timezone }}" }
            ```
            """, outputs: """
              zone: "{{ steps.now.output.timezone }}"
              tokyo: "{{ steps.tokyo.output.target.datetime }}"
              dst: "{{ steps.now.output.is_dst }}"
              again: "{{ steps.again.output.timezone }}"
            """))
        #expect(ran.outcome.status == .succeeded, "\(ran.outcome.message ?? "")")
        #expect(ran.output("zone") == .string("Europe/Paris"))
        #expect(ran.output("again") == .string("Asia/Tokyo"))
        if case .boolean = ran.output("dst") {} else { Issue.record("is_dst is not a boolean: \(String(describing: ran.output("dst")))") }
        guard case .string(let tokyo)? = ran.output("tokyo") else { Issue.record("no Tokyo time"); return }
        #expect(tokyo.contains("T12:30:00") == false && tokyo.hasSuffix("+09:00"), "\(tokyo)")
        // The attempt keeps what was sent and what came back.
        let folder = try #require(ran.attempts("now").first?.folder)
        let arguments = try String(contentsOf: ran.root.appendingPathComponent(".aiworkflow/state/\(folder)/arguments.json"), encoding: .utf8)
        #expect(arguments == #"{"timezone":"Europe/Paris"}"#)
        let answer = try String(contentsOf: ran.root.appendingPathComponent(".aiworkflow/state/\(folder)/answer"), encoding: .utf8)
        #expect(answer.contains("\"timezone\":\"Europe/Paris\""))
    }

    @Test func oneServerServesEveryStepOfARun() async throws {
        let rig = try await ToolRig.make()
        let ran = try await rig.run(ToolRig.workflow("""
            ### a: First
            ```action
            tool: odd.count
            ```

            ### b: Second
            ```action
            tool: odd.count
            ```
            """, outputs: "  calls: \"{{ steps.b.output.calls }}\""))
        #expect(ran.outcome.status == .succeeded, "\(ran.outcome.message ?? "")")
        #expect(ran.output("calls") == .integer(2))
    }

    @Test func isErrorFailsTheAttemptWithTheServersText() async throws {
        let rig = try await ToolRig.make()
        let ran = try await rig.run(ToolRig.workflow("""
            ### f: Fail
            ```action
            tool: odd.fail
            with: { message: "quota exceeded for project 7" }
            retry: { max_attempts: 2, initial: 10ms }
            ```
            """))
        #expect(ran.outcome.status == .failed)
        let attempts = ran.attempts("f")
        #expect(attempts.count == 2)
        #expect(attempts.allSatisfy { $0.failureKind == "tool_error" })
        #expect(attempts.first?.message?.contains("quota exceeded for project 7") == true)
    }

    @Test func aJSONRPCErrorIsTheToolsAnswerAndTheServerStays() async throws {
        let rig = try await ToolRig.make()
        let ran = try await rig.run(ToolRig.workflow("""
            ### r: Rejected
            ```action
            tool: odd.reject
            retry: { max_attempts: 1 }
            continue_on_error: true
            ```

            ### n: Count
            ```action
            tool: odd.count
            ```
            """, outputs: "  calls: \"{{ steps.n.output.calls }}\""))
        #expect(ran.attempts("r").first?.failureKind == "tool_error")
        #expect(ran.attempts("r").first?.message?.contains("the frobnicator is not configured") == true, "\(ran.attempts("r").first?.message ?? "")")
        // The same server served the next step.
        #expect(ran.output("calls") == .integer(2))
    }

    @Test func aServerThatDiesIsUnavailableAndANewOneServesTheRetry() async throws {
        let rig = try await ToolRig.make()
        let ran = try await rig.run(ToolRig.workflow("""
            ### c: Crash
            ```action
            tool: odd.crash
            retry: { max_attempts: 2, initial: 10ms }
            continue_on_error: true
            ```

            ### n: Count
            ```action
            tool: odd.count
            ```
            """, outputs: "  calls: \"{{ steps.n.output.calls }}\""))
        let crash = ran.attempts("c")
        #expect(crash.count == 2)
        #expect(crash.allSatisfy { $0.failureKind == "unavailable" })
        #expect(crash.first?.message?.contains("status 7") == true, "\(crash.first?.message ?? "")")
        #expect(crash.first?.message?.contains("crashing as asked") == true)
        // The crashed server was replaced: the new one has served one call.
        #expect(ran.output("calls") == .integer(1))
    }

    @Test func aServerThatHangsTimesOutAndOneThatWritesGarbageIsInvalid() async throws {
        let rig = try await ToolRig.make()
        let started = ContinuousClock.now
        let ran = try await rig.run(ToolRig.workflow("""
            ### h: Hang
            ```action
            tool: odd.hang
            timeout: 500ms
            retry: { max_attempts: 1 }
            continue_on_error: true
            ```

            ### g: Garbage
            ```action
            tool: odd.garbage
            retry: { max_attempts: 1 }
            continue_on_error: true
            ```
            """))
        #expect(started.duration(to: .now) < .seconds(20))
        #expect(ran.attempts("h").first?.failureKind == "timeout")
        #expect(ran.attempts("g").first?.failureKind == "invalid_output")
        #expect(ran.attempts("g").first?.message?.contains("this is not JSON") == true, "\(ran.attempts("g").first?.message ?? "")")
    }

    @Test func theLocksOutputSchemaChecksWhatTheServerSends() async throws {
        // The step names no `output`, yet the plan carries the operation's schema for it.
        let rig = try await ToolRig.make()
        let plan = try rig.compile(ToolRig.workflow("""
            ### e: Echo
            ```action
            tool: odd.echo
            with: { text: hi }
            ```
            """))
        #expect(plan.contents.steps[0].schema != PlanContents.none)
        #expect(plan.contents.tools.first { plan.string($0.id) == "odd" }.map { plan.string($0.binding) } == #"{"type":"mcp"}"#)
    }

    // MARK: exec

    @Test func execToolsReadJSONAndWriteJSON() async throws {
        let rig = try await ToolRig.make()
        let ran = try await rig.run(ToolRig.workflow("""
            ### w: Words
            ```action
            tool: text.word_count
            with: { text: "héllo wörld  🎉" }
            ```

            ### s: Sum
            ```action
            tool: text.add
            with: { a: "{{ steps.w.output.words }}", b: 0.5 }
            ```

            ### env: Secret
            ```action
            tool: text.echo_env
            with: { name: TOOL_SECRET }
            ```

            ### home: Not passed
            ```action
            tool: text.echo_env
            with: { name: OTHER_SECRET }
            ```
            """, outputs: """
              words: "{{ steps.w.output.words }}"
              chars: "{{ steps.w.output.characters }}"
              sum: "{{ steps.s.output.sum }}"
              secret: "{{ steps.env.output.value }}"
              other: "{{ steps.home.output.value }}"
            """), environment: ["TOOL_SECRET": "s3cret", "OTHER_SECRET": "nope"])
        #expect(ran.outcome.status == .succeeded, "\(ran.outcome.message ?? "")")
        #expect(ran.output("words") == .integer(3))
        #expect(ran.output("chars") == .integer(14))
        #expect(ran.output("sum") == .number(3.5))
        // The implementation's own secret reaches it; another variable does not.
        #expect(ran.output("secret") == .string("s3cret"))
        #expect(ran.output("other") == .null)
        // The workflow does not declare TOOL_SECRET, yet the tool's own secret is hidden
        // in what the run records.
        let folder = try #require(ran.attempts("env").first?.folder)
        let stdout = try String(contentsOf: ran.root.appendingPathComponent(".aiworkflow/state/\(folder)/stdout"), encoding: .utf8)
        #expect(!stdout.contains("s3cret") && stdout.contains("value"), "\(stdout)")
    }

    @Test func theRegistrysEnvReachesTheProcess() async throws {
        let rig = try await ToolRig.make(textExtra: "        env: { GREETING: \"hello there\" }")
        let ran = try await rig.run(ToolRig.workflow("""
            ### g: Greeting
            ```action
            tool: text.echo_env
            with: { name: GREETING }
            ```
            """, outputs: "  greeting: \"{{ steps.g.output.value }}\""), environment: ["GREETING": "not this one"])
        #expect(ran.output("greeting") == .string("hello there"))
    }

    @Test func execFailuresAreTyped() async throws {
        let rig = try await ToolRig.make()
        let ran = try await rig.run(ToolRig.workflow("""
            ### f: Fail
            ```action
            tool: text.fail
            with: { message: disk full }
            retry: { max_attempts: 1 }
            continue_on_error: true
            ```

            ### g: Garbage
            ```action
            tool: text.garbage
            retry: { max_attempts: 1 }
            continue_on_error: true
            ```

            ### s: Slow
            ```action
            tool: text.sleep
            with: { seconds: 30 }
            timeout: 300ms
            retry: { max_attempts: 1 }
            continue_on_error: true
            ```
            """))
        #expect(ran.attempts("f").first?.failureKind == "exit")
        #expect(ran.attempts("f").first?.message?.contains("disk full") == true)
        #expect(ran.attempts("g").first?.failureKind == "invalid_output")
        #expect(ran.attempts("s").first?.failureKind == "timeout")
    }

    // MARK: OpenAPI

    @Test func openAPIMapsPathQueryHeaderAndBody() async throws {
        try await OpenAIStub.with(script: Self.openAPIStub) { stub in
            let rig = try await ToolRig.make(base: stub.root)
            let ran = try await rig.run(ToolRig.workflow("""
                ### list: List
                ```action
                tool: pets.listPets
                with: { limit: 1, tag: dog }
                ```

                ### show: Show
                ```action
                tool: pets.showPet
                with: { petId: 2 }
                ```

                ### create: Create
                ```action
                tool: pets.createPet
                with: { name: "Nemo & co", tag: fish, X-Request-Id: "{{ steps.show.output.name }}" }
                ```
                """, outputs: """
                  first: "{{ steps.list.output[0].name }}"
                  count: "{{ len(steps.list.output) }}"
                  shown: "{{ steps.show.output.tag }}"
                  created: "{{ steps.create.output.id }}"
                  echoed: "{{ steps.create.output.request_id }}"
                """))
            #expect(ran.outcome.status == .succeeded, "\(ran.outcome.message ?? "")")
            #expect(ran.output("first") == .string("Rex"))
            #expect(ran.output("count") == .integer(1))
            #expect(ran.output("shown") == .string("cat"))
            #expect(ran.output("created") == .integer(101))
            #expect(ran.output("echoed") == .string("Tom"))
            let requests = try stub.requests()
            #expect(requests.count == 3)
            #expect(requests[0][field: "path"] == .string("/pets"))
            #expect(requests[0][field: "query"] == .object([Value.Field("limit", .array([.string("1")])), Value.Field("tag", .array([.string("dog")]))]))
            #expect(requests[1][field: "path"] == .string("/pets/2"))
            #expect(requests[2][field: "method"] == .string("POST"))
            #expect(requests[2][field: "body"] == .object([Value.Field("name", .string("Nemo & co")), Value.Field("tag", .string("fish"))]))
            #expect(requests[2][field: "headers"]?[field: "x-request-id"] == .string("Tom"))
        }
    }

    @Test(arguments: [
        ("      auth: { type: bearer, secret: PETS_TOKEN }", ["PETS_TOKEN": "test-token"], "bearer"),
        ("      auth: { type: api_key, secret: PETS_KEY, header: X-API-Key }", ["PETS_KEY": "test-key"], "api_key"),
        ("      auth: { type: api_key, secret: PETS_KEY, query: api_key }", ["PETS_KEY": "test-key"], "api_key_query"),
    ])
    func openAPIAuthComesFromTheSecret(_ auth: String, _ env: [String: String], _ scheme: String) async throws {
        try await OpenAIStub.with(script: Self.openAPIStub) { stub in
            let rig = try await ToolRig.make(base: stub.root, petsExtra: "  " + auth)
            let source = ToolRig.workflow("""
                ### who: Who
                ```action
                tool: pets.whoAmI
                retry: { max_attempts: 1 }
                ```
                """, outputs: "  scheme: \"{{ steps.who.output.scheme }}\"", front: "secrets: [\(env.keys.first!)]\n")
            let ran = try await rig.run(source, environment: env)
            #expect(ran.outcome.status == .succeeded, "\(ran.outcome.message ?? "")")
            #expect(ran.output("scheme") == .string(scheme))
            // Without the secret's value nothing is sent.
            let unset = try await rig.run(source)
            #expect(unset.attempts("who").first?.failureKind == "unavailable")
            #expect(try stub.requests().count == 1)
            // The secret never reaches the attempt's files.
            let folder = try #require(ran.attempts("who").first?.folder)
            let files = try FileManager.default.contentsOfDirectory(atPath: ran.root.appendingPathComponent(".aiworkflow/state/\(folder)").path)
            for name in files {
                let text = try String(contentsOf: ran.root.appendingPathComponent(".aiworkflow/state/\(folder)/\(name)"), encoding: .utf8)
                #expect(!text.contains(env.values.first!), "\(name) holds the secret")
            }
        }
    }

    @Test func openAPIStatusesAreTypedAndRetryAfterIsHonoured() async throws {
        try await OpenAIStub.with(script: Self.openAPIStub) { stub in
            let rig = try await ToolRig.make(base: stub.root)
            let started = ContinuousClock.now
            let ran = try await rig.run(ToolRig.workflow("""
                ### lim: Limited
                ```action
                tool: pets.limited
                retry: { max_attempts: 2, initial: 10ms }
                ```

                ### missing: Missing
                ```action
                tool: pets.showPet
                with: { petId: 99 }
                retry: { max_attempts: 3, initial: 10ms }
                continue_on_error: true
                ```

                ### down: Down
                ```action
                tool: pets.unavailable
                retry: { max_attempts: 2, initial: 10ms }
                continue_on_error: true
                ```

                ### bad: Garbage
                ```action
                tool: pets.garbage
                retry: { max_attempts: 1 }
                continue_on_error: true
                ```

                ### boom: Server error
                ```action
                tool: pets.serverError
                retry: { max_attempts: 1 }
                continue_on_error: true
                ```
                """))
            // 429 then 200: the retry waited the server's Retry-After (1 s), not the 10 ms backoff.
            let limited = ran.attempts("lim")
            #expect(limited.map(\.failureKind) == ["rate_limited", nil])
            #expect(started.duration(to: .now) >= .milliseconds(950))
            let retried = ran.events.first { $0.type == "step.retrying" && $0.json.contains("\"step\":\"lim\"") }
            #expect(retried?.json.contains("\"delay_ms\":1000") == true, "\(retried?.json ?? "")")
            // A 404 is the tool's answer: retried as the policy says, failing each time.
            #expect(ran.attempts("missing").map(\.failureKind) == ["tool_error", "tool_error", "tool_error"])
            #expect(ran.attempts("missing").first?.message?.contains("404") == true)
            #expect(ran.attempts("down").map(\.failureKind) == ["unavailable", "unavailable"])
            #expect(ran.attempts("bad").first?.failureKind == "invalid_output")
            #expect(ran.attempts("boom").first?.failureKind == "unavailable")
            #expect(ran.attempts("boom").first?.message?.contains("boom") == true)
        }
    }

    @Test func slowAndHugeAnswersAreBounded() async throws {
        try await OpenAIStub.with(script: Self.openAPIStub) { stub in
            let rig = try await ToolRig.make(base: stub.root)
            let started = ContinuousClock.now
            let ran = try await rig.run(ToolRig.workflow("""
                ### slow: Slow
                ```action
                tool: pets.slow
                with: { seconds: 30 }
                timeout: 400ms
                retry: { max_attempts: 1 }
                continue_on_error: true
                ```

                ### huge: Huge
                ```action
                tool: pets.huge
                retry: { max_attempts: 1 }
                continue_on_error: true
                ```
                """))
            #expect(started.duration(to: .now) < .seconds(20))
            #expect(ran.attempts("slow").first?.failureKind == "timeout")
            #expect(ran.attempts("huge").first?.failureKind == "invalid_output")
            #expect(ran.attempts("huge").first?.message?.contains("cap") == true)
        }
    }

    @Test func rateLimitsWaitAndSaySo() async throws {
        let rig = try await ToolRig.make(textExtra: "        rate_limits: { requests_per_minute: 120, burst: 1 }")
        let started = ContinuousClock.now
        let ran = try await rig.run(ToolRig.workflow("""
            ### a: One
            ```action
            tool: text.add
            with: { a: 1, b: 2 }
            ```

            ### b: Two
            ```action
            tool: text.add
            with: { a: 3, b: 4 }
            ```
            """))
        #expect(ran.outcome.status == .succeeded, "\(ran.outcome.message ?? "")")
        // 120 a minute with a burst of 1: the second call waits about half a second.
        #expect(started.duration(to: .now) >= .milliseconds(400))
        let waits = ran.events.filter { $0.type == "tool.waiting" }
        #expect(waits.count >= 1)
        #expect(waits.first?.json.contains("\"tool\":\"text\"") == true)
    }
}

