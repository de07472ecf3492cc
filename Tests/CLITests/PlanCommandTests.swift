import Foundation
import Plan
import Testing

/// `aiwc compile`, `verify`, `disasm`, `graph`, `keygen`, `sign` and `aiwvm verify`, run as
/// real processes on the examples of the repository.
@Suite struct PlanCommandTests {
    /// Every example project's workflows, by project folder.
    static let examples: [URL] = {
        let root = repo.appendingPathComponent("Examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().map { root.appendingPathComponent($0) }
    }()

    @Test func examplesExist() {
        #expect(Self.examples.count >= 5)
    }

    /// What the registries and input declarations say reaches the plan: every model and
    /// capability of an agent, the chosen tool implementation's command, URL, timeout and rate
    /// limit, and each input's allowed values, range and pattern.
    @Test func registriesAndInputRulesReachThePlan() throws {
        let project = repo.appendingPathComponent("Examples/dependency-update")
        let out = try temporaryDirectory()
        let compiled = try run(["compile", "--out-dir", out.path], in: project)
        #expect(compiled.status == 0, "\(compiled.stderr)")
        let c = try PlanVerifier.verify([UInt8](try Data(contentsOf: out.appendingPathComponent("dependency-update.plan")))).contents
        let s = { (i: UInt32) in i == PlanContents.none ? "-" : c.strings[Int(i)] }
        let claude = try #require(c.agents.first { s($0.id) == "claude-code" })
        #expect(claude.models.map(s) == ["sonnet", "opus"])
        #expect(claude.capabilities.map(s) == ["code_execution", "mcp", "reasoning", "structured_output", "tool_use"])
        #expect(claude.healthCommand.map(s) == ["claude", "--version"] && claude.healthTimeoutMilliseconds == 5000)
        #expect(c.agents.first { s($0.id) == "opencode" }?.healthTimeoutMilliseconds == 0)
        let osv = try #require(c.tools.first { s($0.id) == "osv" })
        #expect(s(osv.url) == "https://api.osv.dev" && osv.timeoutMilliseconds == 10_000)
        #expect(osv.requestsPerMinute == 600 && osv.burst == 50)
        let github = try #require(c.tools.first { s($0.id) == "github" })
        #expect(github.command.map(s).first == "docker")
        let kind = try #require(c.metadata.inputs.first { s($0.name) == "update_kind" })
        #expect(c.schemas[Int(kind.allowed)].enumeration.map { c.constants[Int($0)] }.compactMap {
            if case .string(let i) = $0 { s(i) } else { nil }
        } == ["patch", "minor", "major"])
        let most = try #require(c.metadata.inputs.first { s($0.name) == "max_updates" })
        #expect(c.constants[Int(most.minimum)] == .integer(1) && c.constants[Int(most.maximum)] == .integer(50))
        #expect(most.allowed == PlanContents.none && most.pattern == PlanContents.none)
    }

    /// Compile, verify, list: each example round-trips, and its listing points into its source.
    @Test(arguments: examples)
    func roundTrip(project: URL) throws {
        let out = try temporaryDirectory()
        let compiled = try run(["compile", "--out-dir", out.path], in: project)
        #expect(compiled.status == 0, "\(compiled.stdout)\(compiled.stderr)")
        let name = project.lastPathComponent
        let plan = out.appendingPathComponent("\(name).plan")
        let bytes = [UInt8](try Data(contentsOf: plan))
        let verified = try PlanVerifier.verify(bytes)
        // What the verifier reads back encodes to the same bytes.
        #expect(try PlanWriter.encode(verified.contents) == bytes)
        #expect(verified.contents.steps.count >= 3)
        #expect(verified.contents.strings[Int(verified.contents.metadata.sources[0].path)] == ".aiworkflow/workflows/\(name).md")
        let verify = try run(["verify", plan.path])
        #expect(verify.status == 0 && verify.stdout.contains("ok (format \(PlanFormat.major).\(PlanFormat.minor)"))
        let vm = try run(["verify", plan.path], tool: "aiwvm")
        #expect(vm.status == 0, "\(vm.stderr)")
        let listing = try run(["disasm", plan.path])
        #expect(listing.status == 0)
        #expect(listing.stdout.contains("step.begin"))
        #expect(listing.stdout.contains("commit"))
        #expect(listing.stdout.contains("; .aiworkflow/workflows/\(name).md:"))
    }

    /// The same sources give the same bytes from any working folder, and no secret value
    /// set in the environment is in them.
    @Test func plansAreTheSameFromAnyFolderAndHoldNoSecret() throws {
        let project = repo.appendingPathComponent("Examples/mail-triage")
        let a = try temporaryDirectory()
        let b = try temporaryDirectory()
        let secret = "s3cr3t-token-value-that-must-not-leak"
        let env = ["SLACK_TOKEN": secret, "GMAIL_OAUTH_TOKEN": secret, "MAIL_HOOK_SECRET": secret, "VLLM_API_KEY": secret]
        let first = try run(["compile", "--out-dir", a.path], in: project, environment: env)
        let second = try run(["compile", "--out-dir", b.path, project.path], in: URL(fileURLWithPath: "/"), environment: env)
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
        let one = try Data(contentsOf: a.appendingPathComponent("mail-triage.plan"))
        let two = try Data(contentsOf: b.appendingPathComponent("mail-triage.plan"))
        #expect(one == two)
        #expect(one.range(of: Data(secret.utf8)) == nil)
        // Neither the absolute path of the project nor of the temporary folders is inside.
        #expect(one.range(of: Data(project.path.utf8)) == nil)
        #expect(one.range(of: Data(a.path.utf8)) == nil)
        // The secrets are there by name.
        #expect(one.range(of: Data("SLACK_TOKEN".utf8)) != nil)
    }

    @Test func noPlanIsWrittenWhenAWorkflowHasAnError() throws {
        let dir = try temporaryDirectory()
        let broken = dir.appendingPathComponent("broken.md")
        try """
            ---
            name: broken
            version: 1.0.0
            ---

            ## Steps

            ### one: One

            Say {{ inputs.missing }}.

            """.write(to: broken, atomically: true, encoding: .utf8)
        let result = try run(["compile", "--out-dir", dir.path, broken.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("AIW"))
        #expect(result.stderr.contains("no plan written"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("broken.plan").path))
    }

    @Test func oneOutputFileNamesOneWorkflow() throws {
        let result = try run(["compile", "-o", "/tmp/x.plan", "Examples/mail-triage", "Examples/pr-review"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--out-dir"))
    }

    /// A signed plan passes with its key and is refused unsigned or with another key.
    @Test func signingAndTrustedKeys() throws {
        let dir = try temporaryDirectory()
        let plan = dir.appendingPathComponent("p.plan").path
        #expect(try run(["compile", "-o", plan, "Examples/pr-review"]).status == 0)
        #expect(try run(["keygen", "ci"], in: dir).status == 0)
        #expect(try run(["keygen", "other"], in: dir).status == 0)
        // keygen never overwrites.
        #expect(try run(["keygen", "ci"], in: dir).status == 3)
        let trusted = dir.appendingPathComponent("ci.pub").path
        let unsigned = try run(["verify", "--trusted-keys", trusted, plan], tool: "aiwvm")
        #expect(unsigned.status == 3 && unsigned.stderr.contains("not signed"))
        #expect(try run(["sign", plan, "--key", dir.appendingPathComponent("ci.key").path]).status == 0)
        #expect(try run(["verify", "--trusted-keys", trusted, plan], tool: "aiwvm").status == 0)
        #expect(try run(["verify", "--trusted-keys", trusted, plan]).status == 0)
        #expect(try run(["verify", plan], tool: "aiwvm").status == 0)
        let wrong = try run(["verify", "--trusted-keys", dir.appendingPathComponent("other.pub").path, plan], tool: "aiwvm")
        #expect(wrong.status == 3 && wrong.stderr.contains("not among the trusted keys"))
        // Re-signing replaces the signature.
        #expect(try run(["sign", plan, "--key", dir.appendingPathComponent("other.key").path]).status == 0)
        #expect(try run(["verify", "--trusted-keys", dir.appendingPathComponent("other.pub").path, plan], tool: "aiwvm").status == 0)
        #expect(try run(["disasm", plan]).stdout.contains("signed by key"))
    }

    /// Key files that are not keys, and a plan that is not one, are clear errors.
    @Test func badKeysAndBadPlansAreUsageErrors() throws {
        let dir = try temporaryDirectory()
        let plan = dir.appendingPathComponent("p.plan").path
        #expect(try run(["compile", "-o", plan, "Examples/pr-review"]).status == 0)
        let notAKey = dir.appendingPathComponent("bad.key")
        try "not a key\n".write(to: notAKey, atomically: true, encoding: .utf8)
        let sign = try run(["sign", plan, "--key", notAKey.path])
        #expect(sign.status == 2 && sign.stderr.contains("is not a private key"))
        let keys = dir.appendingPathComponent("keys.pub")
        try "# trusted\n\naiwc-ed25519-public 00\n".write(to: keys, atomically: true, encoding: .utf8)
        let vm = try run(["verify", "--trusted-keys", keys.path, plan], tool: "aiwvm")
        #expect(vm.status == 2 && vm.stderr.contains("keys.pub:3: not a public key"))
        let aiwc = try run(["verify", "--trusted-keys", keys.path, plan])
        #expect(aiwc.status == 2 && aiwc.stderr.contains("keys.pub:3: not a public key"))
        // A workflow given where a plan is expected.
        let notAPlan = try run(["disasm", "Examples/pr-review/.aiworkflow/workflows/pr-review.md"])
        #expect(notAPlan.status == 1 && notAPlan.stderr.contains("not an AIWorkflow plan"))
        #expect(try run(["disasm"]).status == 2)
    }

    @Test func damagedPlansAreRefusedWithWhere() throws {
        let dir = try temporaryDirectory()
        let path = dir.appendingPathComponent("p.plan")
        #expect(try run(["compile", "-o", path.path, "Examples/weekly-report"]).status == 0)
        var bytes = [UInt8](try Data(contentsOf: path))
        bytes[bytes.count / 2] ^= 0x10
        try Data(bytes).write(to: path)
        let vm = try run(["verify", path.path], tool: "aiwvm")
        #expect(vm.status == 3)
        #expect(vm.stderr.contains("plan refused"))
        #expect(vm.stderr.contains("digest does not match"))
        let aiwc = try run(["verify", path.path])
        #expect(aiwc.status == 1)
        let missing = try run(["verify", dir.appendingPathComponent("none.plan").path], tool: "aiwvm")
        #expect(missing.status == 2)
    }

    @Test func graphShowsWhoReadsWhom() throws {
        let mermaid = try run(["graph", "Examples/mail-triage/.aiworkflow/workflows/mail-triage.md"])
        #expect(mermaid.status == 0)
        #expect(mermaid.stdout.hasPrefix("flowchart TD"))
        #expect(mermaid.stdout.contains("s0 --> s1"))
        let dir = try temporaryDirectory()
        let plan = dir.appendingPathComponent("p.plan").path
        #expect(try run(["compile", "-o", plan, "Examples/mail-triage"]).status == 0)
        let dot = try run(["graph", "--format", "dot", plan])
        #expect(dot.stdout.hasPrefix("digraph \"mail-triage\""))
        #expect(dot.stdout.contains("s3 -> s4;"))
    }

    /// docs/isa.md is generated from the instruction table; this fails when it is stale.
    @Test func instructionSetDocumentIsCurrent() throws {
        let doc = try String(contentsOf: repo.appendingPathComponent("docs/isa.md"), encoding: .utf8)
        #expect(doc == InstructionSetDocument.markdown(), "docs/isa.md is stale: run scripts/gen-docs")
    }
}
