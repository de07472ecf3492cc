import Foundation
import Testing

/// `aiwvm exec` with command steps: real child processes, a real SQLite state file, exit
/// statuses, time limits and output caps (docs/vm.md §6, docs/cli.md).
@Suite struct ExecCommandTests {
    @Test func stepsRunInOrderAndOutputsArePrinted() throws {
        let p = try ExecProject()
        let plan = try p.compile("chain", workflowText("""
            name: chain
            inputs:
              who: { type: string, default: world }
            outputs:
              greeting: "{{ steps.greet.output }}"
              count: "{{ len(steps.list.output) }}"
            """, steps: """
            ### greet: Greet
            ```action
            run: [echo, "hello {{ inputs.who }}"]
            ```

            ### list: List
            ```action
            run: [printf, '[1, 2, "{{ steps.greet.output }}"]']
            output: { type: array }
            ```
            """))
        let r = try p.vm(["exec", plan, "--input", "who=tests"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "greeting: hello tests\ncount: 3\n")
        #expect(r.stderr.contains("step greet: succeeded"))
        let json = try p.vm(["exec", plan, "--json", "--quiet"])
        #expect(json.stdout == "{\"greeting\":\"hello world\",\"count\":3}\n")
        #expect(json.stderr == "")
        // Both runs are in the database, newest first.
        let list = try p.vm(["runs", "list", "--json"])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(runs.count == 2)
        #expect(runs.allSatisfy { $0["status"] as? String == "succeeded" && $0["workflow"] as? String == "chain" })
        let id = try #require(runs.first?["id"] as? String)
        #expect(id.hasPrefix("chain-"))
        #expect(id.range(of: #"^chain-\d{8}-\d{6}-[0-9a-f]{8}$"#, options: .regularExpression) != nil)
        // The attempt's folder has what it ran and what it printed.
        let folder = "\(p.stateFolder.path)/runs/\(id)/greet/1"
        #expect(try String(contentsOfFile: folder + "/argv.json", encoding: .utf8) == #"["echo","hello world"]"#)
        #expect(try String(contentsOfFile: folder + "/stdout", encoding: .utf8) == "hello world\n")
        #expect(try String(contentsOfFile: folder + "/attempt.json", encoding: .utf8).contains(#""exit_status":0"#))
        #expect(p.read(".aiworkflow/state/execution-logs/\(id).md").contains("### greet: succeeded"))
    }

    @Test func withoutOutputsTheLastStepsOutputIsTheResult() throws {
        let p = try ExecProject()
        let plan = try p.compile("last", workflowText("name: last", steps: """
            ### one: One
            ```action
            run: [echo, first]
            ```

            ### two: Two
            ```action
            run: [echo, '{"a": [1, 2.5]}']
            output: { type: object }
            ```
            """))
        let r = try p.vm(["exec", plan, "--quiet"])
        #expect(r.stdout == "{\"a\":[1,2.5]}\n")
    }

    @Test func aFailingStepEndsTheRunWithItsSourceLocation() throws {
        let p = try ExecProject()
        let plan = try p.compile("fails", workflowText("""
            name: fails
            retry: { max_attempts: 2, initial: 10ms }
            """, steps: """
            ### ok: Fine
            ```action
            run: [echo, fine]
            ```

            ### bad: Broken
            ```action
            run: [sh, -c, "echo oops >&2; exit 7"]
            ```

            ### never: Never
            ```action
            run: [echo, never]
            ```
            """))
        let r = try p.vm(["exec", plan])
        #expect(r.status == 1)
        #expect(r.stderr.contains("fails.md:18:1: step 'bad' failed after 2 attempts: sh ended with exit status 7: oops"), "\(r.stderr)")
        let id = try #require(ExecProject.runID(r.stderr))
        let run = try p.show(id)
        #expect(run["status"] as? String == "failed")
        let steps = run["steps"] as? [[String: Any]] ?? []
        #expect(steps.map { $0["id"] as? String } == ["ok", "bad"])
        #expect(steps.last?["status"] as? String == "failed")
        let attempts = try p.attempts(id).filter { $0["step"] as? String == "bad" }
        #expect(attempts.count == 2)
        #expect(attempts.allSatisfy { $0["failure"] as? String == "exit" })
    }

    @Test func continueOnErrorLetsTheRunGoOn() throws {
        let p = try ExecProject()
        let plan = try p.compile("goes-on", workflowText("""
            name: goes-on
            retry: { max_attempts: 1 }
            outputs:
              first: "{{ steps.bad.status }}"
              second: "{{ steps.after.output }}"
            """, steps: """
            ### bad: Broken
            ```action
            run: ["false"]
            continue_on_error: true
            ```

            ### after: After
            ```action
            run: [echo, "{{ steps.bad.output == null }}"]
            ```
            """))
        let r = try p.vm(["exec", plan, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "first: failed\nsecond: true\n")
    }

    @Test func retriesWaitAndTryAgainUntilTheCommandSucceeds() throws {
        let p = try ExecProject()
        let counter = p.root.appendingPathComponent("count").path
        let plan = try p.compile("flaky", workflowText("""
            name: flaky
            retry: { max_attempts: 4, initial: 20ms, multiplier: 2 }
            """, steps: """
            ### flaky: Flaky
            ```action
            run: [sh, -c, "echo x >> ROOT/count; test $(wc -l < ROOT/count) -ge 3 && echo done"]
            ```
            """))
        let r = try p.vm(["exec", plan, "--events", "events.ndjson"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "done\n")
        #expect(try String(contentsOfFile: counter, encoding: .utf8) == "x\nx\nx\n")
        let events = p.read("events.ndjson").split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let retries = events.filter { $0["type"] as? String == "step.retrying" }
        #expect(retries.count == 2)
        // Backoff doubles: about 20 ms, then about 40 ms (±10% jitter).
        let delays = retries.compactMap { $0["delay_ms"] as? Int }
        #expect(delays.count == 2 && (18...22).contains(delays[0]) && (36...44).contains(delays[1]), "\(delays)")
        #expect(events.map { $0["seq"] as? Int } == Array(1...events.count).map { Optional($0) })
        #expect(events.first?["type"] as? String == "run.started")
        #expect(events.last?["type"] as? String == "run.finished")
    }

    @Test func aTimeoutKillsTheWholeProcessGroup() throws {
        let p = try ExecProject()
        let pidFile = p.root.appendingPathComponent("grandchild.pid").path
        let plan = try p.compile("slow", workflowText("""
            name: slow
            retry: { max_attempts: 1 }
            """, steps: """
            ### slow: Slow
            ```action
            run: [sh, -c, "sleep 60 & echo $! > ROOT/grandchild.pid; wait"]
            timeout: 300ms
            ```
            """))
        let r = try p.vm(["exec", plan])
        #expect(r.status == 1)
        #expect(r.stderr.contains("ran past its time limit of 0.3s"), "\(r.stderr)")
        let pid = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        // The grandchild was in the step's process group, so it is gone too (reaped by init).
        var gone = false
        for _ in 0..<50 where !gone {
            gone = kill(pid, 0) != 0 || (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.contains(") Z ") == true
            if !gone { usleep(20_000) }
        }
        #expect(gone)
        let id = try #require(ExecProject.runID(r.stderr))
        #expect(try p.attempts(id).first?["failure"] as? String == "timeout")
    }

    @Test func capturedOutputIsCappedAndTheCapNoted() throws {
        let p = try ExecProject()
        // 9 MiB of 'a': 1 MiB past the 8 MiB cap.
        let plan = try p.compile("big", workflowText("name: big", steps: """
            ### big: Big
            ```action
            run: [sh, -c, "head -c 9437184 /dev/zero | tr '\\\\0' a"]
            ```

            ### size: Size
            ```action
            run: [echo, "{{ len(steps.big.output) }}"]
            ```
            """))
        let r = try p.vm(["exec", plan, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "\(8 << 20)\n")
        let id = try #require(try JSONSerialization.jsonObject(with: Data(try p.vm(["runs", "list", "--json"]).stdout.utf8)) as? [[String: Any]]).first?["id"] as? String
        let summary = try String(contentsOfFile: "\(p.stateFolder.path)/runs/\(id ?? "")/big/1/attempt.json", encoding: .utf8)
        #expect(summary.contains(#""stdout_dropped_bytes":1048576"#), "\(summary)")
    }

    @Test func badInputsExitTwoAndRefusedPlansThree() throws {
        let p = try ExecProject()
        let plan = try p.compile("typed", workflowText("""
            name: typed
            inputs:
              n: { type: integer, minimum: 1 }
            """, steps: """
            ### one: One
            ```action
            run: [echo, "{{ inputs.n }}"]
            ```
            """))
        let missing = try p.vm(["exec", plan])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("input 'n'"))
        let low = try p.vm(["exec", plan, "--input", "n=0"])
        #expect(low.status == 2)
        #expect(low.stderr.contains("at least 1"))
        let unknown = try p.vm(["exec", plan, "--input", "n=2", "--input", "m=1"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown input 'm'"))
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: plan)))
        bytes[bytes.count / 2] ^= 0xFF
        let damaged = p.root.appendingPathComponent("damaged.plan")
        try Data(bytes).write(to: damaged)
        let refused = try p.vm(["exec", damaged.path, "--input", "n=2"])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("plan refused"))
        // Nothing ran for any of them.
        #expect(try p.vm(["runs", "list"]).stdout == "")
        let ok = try p.vm(["exec", plan, "--input", "n=2", "--quiet"])
        #expect(ok.stdout == "2\n")
    }

    @Test func dryRunRendersEverythingAndRunsNothing() throws {
        let p = try ExecProject(agents: """
              helper:
                kind: claude-code
                command: [STANDIN]
                models: [sonnet]
            """)
        let plan = try p.compile("dry", workflowText("""
            name: dry
            agent: { preferred: helper }
            inputs:
              topic: { type: string }
            """, steps: """
            ### fetch: Fetch
            ```action
            run: [touch, "ROOT/{{ inputs.topic }}.touched"]
            ```

            ### write: Write
            Write about {{ inputs.topic }}.
            ```action
            output: { type: object, properties: { title: { type: string } }, required: [title] }
            ```

            ### each: Each
            ```action
            foreach: "{{ ['a', 'b'] }}"
            run: [echo, "{{ item }}-{{ index }}"]
            ```
            """))
        let r = try p.vm(["exec", plan, "--dry-run", "--input", "topic=owls"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("== fetch: command\nargv: [\"touch\",\"\(p.root.path)/owls.touched\"]"))
        #expect(r.stdout.contains("== write: agent helper\nargv: [\"\(p.standIn)\",\"-p\",\"--output-format\",\"json\",\"--model\",\"sonnet\"]"), "\(r.stdout)")
        #expect(r.stdout.contains("  Context for every step.\n  \n  Write about owls."))
        #expect(r.stdout.contains("JSON Schema"))
        #expect(r.stdout.contains("== each [item 0]: command\nargv: [\"echo\",\"a-0\"]"))
        #expect(r.stdout.contains("== each [item 1]: command\nargv: [\"echo\",\"b-1\"]"))
        #expect(!FileManager.default.fileExists(atPath: p.root.appendingPathComponent("owls.touched").path))
        #expect(!FileManager.default.fileExists(atPath: p.database))
        let json = try p.vm(["exec", plan, "--dry-run", "--json", "--input", "topic=owls"])
        let steps = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(steps.map { $0["step"] as? String } == ["fetch", "write", "each", "each"])
    }

    @Test func foreachRunsTheStepPerItemAndCollectsInOrder() throws {
        let p = try ExecProject()
        let plan = try p.compile("loop", workflowText("""
            name: loop
            inputs:
              names: { type: array, default: [ann, bob, cy] }
            """, steps: """
            ### each: Each
            ```action
            foreach: "{{ inputs.names }}"
            run: [echo, "{{ index }}:{{ upper(item) }}"]
            ```
            """))
        let r = try p.vm(["exec", plan, "--json", "--quiet"])
        #expect(r.stdout == "[\"0:ANN\",\"1:BOB\",\"2:CY\"]\n", "\(r.stderr)")
    }

    @Test func secretValuesAreNeverWrittenDown() throws {
        let p = try ExecProject()
        let secret = "s3cr3t-\(UUID().uuidString)"
        let plan = try p.compile("secretive", workflowText("""
            name: secretive
            secrets: [API_TOKEN]
            """, steps: """
            ### use: Use
            ```action
            run: [sh, -c, "echo token=$API_TOKEN; echo \\"$1\\" >&2", sh, "{{ secrets.API_TOKEN }}"]
            ```
            """))
        let r = try p.vm(["exec", plan, "--events", "events.ndjson"], environment: ["API_TOKEN": secret])
        #expect(r.status == 0, "\(r.stderr)")
        // The child saw it (through its declared environment)…
        #expect(r.stdout == "token=\(secret)\n")
        // …but no file under the project holds it: database, WAL, attempt files, logs, events.
        var files: [String] = []
        let walker = FileManager.default.enumerator(atPath: p.root.path)
        while let f = walker?.nextObject() as? String { files.append(f) }
        #expect(files.contains { $0.hasSuffix("aiwvm.db") })
        #expect(files.contains { $0.hasSuffix("/stderr") })
        for f in files {
            let data = (try? Data(contentsOf: p.root.appendingPathComponent(f))) ?? Data()
            #expect(data.range(of: Data(secret.utf8)) == nil, "\(f) holds the secret")
        }
        let id = try #require(ExecProject.runID(r.stderr))
        #expect(p.read(".aiworkflow/state/runs/\(id)/use/1/stdout") == "token=***\n")
        #expect(p.read(".aiworkflow/state/runs/\(id)/use/1/argv.json").contains("\"***\""))
        #expect(!r.stderr.contains(secret))
    }

    @Test func theWorkflowsAndTheStepsEnvReachTheChildAndExpressions() throws {
        let p = try ExecProject()
        let plan = try p.compile("vars", workflowText("""
            name: vars
            env:
              REGION: eu-west
              MODE: plain {{ not a template }}
            outputs:
              region: "{{ env.REGION }}"
              shown: "{{ steps.show.output }}"
              later: "{{ steps.after.output }}"
            """, steps: """
            ### show: Show
            ```action
            run: [sh, -c, 'echo "$REGION|$MODE|$STEP_ONLY|$1"', sh, "{{ env.STEP_ONLY }}"]
            env: { STEP_ONLY: "{{ upper(env.REGION) }}", REGION: step-region }
            ```

            ### after: After
            ```action
            run: [sh, -c, 'echo "$REGION|${STEP_ONLY:-gone}"']
            ```
            """))
        let r = try p.vm(["exec", plan, "--quiet", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        // The step's own REGION wins inside it; its variables end with it.
        #expect(r.stdout == #"{"region":"eu-west","shown":"step-region|plain {{ not a template }}|EU-WEST|EU-WEST","later":"eu-west|gone"}"# + "\n")
    }

    @Test func onlyDeclaredVariablesReachTheChild() throws {
        let p = try ExecProject()
        let plan = try p.compile("env", workflowText("""
            name: env
            secrets: [DECLARED]
            """, steps: """
            ### show: Show
            ```action
            run: [sh, -c, "echo ${DECLARED:-unset} ${UNDECLARED:-unset} ${PATH:+path}"]
            ```
            """))
        let r = try p.vm(["exec", plan, "--quiet"], environment: ["DECLARED": "yes", "UNDECLARED": "leak"])
        #expect(r.stdout == "yes unset path\n", "\(r.stderr)")
    }

    @Test func nonRetryableKindsFailAtOnce() throws {
        let p = try ExecProject()
        let plan = try p.compile("once", workflowText("""
            name: once
            retry: { max_attempts: 5, initial: 10ms, non_retryable: [exit] }
            """, steps: """
            ### bad: Broken
            ```action
            run: ["false"]
            ```
            """))
        let r = try p.vm(["exec", plan])
        #expect(r.status == 1)
        #expect(r.stderr.contains("step 'bad' failed after 1 attempt:"), "\(r.stderr)")
    }

    @Test func theRunsTimeoutBoundsEveryAttempt() throws {
        let p = try ExecProject()
        let plan = try p.compile("bounded", workflowText("""
            name: bounded
            timeout: 400ms
            retry: { max_attempts: 3, initial: 10ms }
            """, steps: """
            ### slow: Slow
            ```action
            run: [sleep, "30"]
            timeout: 1m
            ```
            """))
        let r = try p.vm(["exec", plan])
        #expect(r.status == 1)
        #expect(r.stderr.contains("the run passed its timeout of 0.4s in step 'slow'"), "\(r.stderr)")
    }

    /// On a terminal (here a pseudo-terminal from util-linux's `script`), progress is a view
    /// redrawn in place; elsewhere it is plain lines.
    @Test func aTerminalGetsALiveViewOfTheSteps() throws {
        let p = try ExecProject()
        let plan = try p.compile("live", workflowText("name: live", steps: """
            ### one: One
            ```action
            run: [echo, one]
            ```

            ### two: Two
            ```action
            run: [sleep, "0.6"]
            ```
            """))
        let aiwvm = binDirectory.appendingPathComponent("aiwvm").path
        let r = try run(["-q", "-e", "-c", "\(aiwvm) exec \(plan)", "/dev/null"], tool: "", in: p.root, environment: ["TERM": "xterm"], executable: "/usr/bin/script")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\u{1B}[3A"), "the view moves back over its lines")
        #expect(r.stdout.contains(" ✓ one       succeeded, attempt 1"))
        #expect(r.stdout.contains(" … two       running, attempt 1"))
        #expect(r.stdout.contains(" ✓ two       succeeded, attempt 1"))
        #expect(!r.stdout.contains("step one: started"))
    }
}
