import Testing
@testable import aiwvm

/// `aiwvm exec`'s command line read without swift-argument-parser: what it accepts gives the
/// same request ArgumentParser would, and everything else is left to ArgumentParser.
@Suite struct ExecFastPathTests {
    @Test func theCommonOptionsInAnyOrderAndBothSpellings() throws {
        let a = try #require(ExecFastPath.request(["exec", "p.plan", "--input", "n=1", "--input=m=a=b", "--inputs", "in.json",
                                                   "--state", "s.db", "--events", "-", "--json", "--quiet", "--dry-run"]))
        #expect(a == ExecRequest(plan: "p.plan", inputPairs: ["n=1", "m=a=b"], inputsFile: "in.json", dryRun: true,
                                 state: "s.db", events: "-", json: true, quiet: true))
        let b = try #require(ExecFastPath.request(["exec", "--state=s.db", "--events=e.ndjson", "--input", "n=1", "p.plan"]))
        #expect(b == ExecRequest(plan: "p.plan", inputPairs: ["n=1"], state: "s.db", events: "e.ndjson"))
        #expect(ExecFastPath.request(["exec", "p.plan"]) == ExecRequest(plan: "p.plan"))
    }

    /// What the fast path accepts, ArgumentParser reads the same way.
    @Test(arguments: [
        ["exec", "p.plan"],
        ["exec", "p.plan", "--input", "n=1", "--input=m=a=b", "--inputs", "in.json", "--state", "s.db", "--events", "-",
         "--json", "--quiet", "--dry-run"],
        ["exec", "--state=s.db", "--events=e.ndjson", "--input", "n=1", "p.plan"],
        ["exec", "--quiet", "p.plan", "--input", "a=", "--input", "=b"],
    ])
    func agreesWithArgumentParser(_ arguments: [String]) throws {
        let fast = try #require(ExecFastPath.request(arguments))
        let parsed = try #require(try Aiwvm.parseAsRoot(arguments) as? Exec)
        #expect(fast == ExecRequest(plan: parsed.plan, inputPairs: parsed.inputPairs, inputsFile: parsed.inputsFile,
                                    dryRun: parsed.dryRun, state: parsed.options.state, events: parsed.options.events,
                                    json: parsed.options.json, quiet: parsed.options.quiet))
    }

    @Test func anythingElseIsLeftToArgumentParser() {
        let refused: [[String]] = [
            [], ["verify", "p.plan"], ["runs", "list"], ["resume", "r"],
            ["exec"],                                   // no plan: ArgumentParser says so
            ["exec", "--help"], ["exec", "-h"], ["exec", "p.plan", "--help"],
            ["exec", "a.plan", "b.plan"],               // a second plan
            ["exec", "p.plan", "--bogus"],              // an unknown option
            ["exec", "p.plan", "--state"],              // a missing value
            ["exec", "p.plan", "--state", "--json"],    // a value that looks like an option
            ["exec", "p.plan", "--input", "-x=1"],
            ["exec", "p.plan", "--state", "a", "--state", "b"], // repeated single options
            ["exec", "p.plan", "--json", "--json"],
            ["exec", "p.plan", "--json=yes"],           // a flag with a value
            ["exec", "--", "p.plan"],
            ["exec", ""],
            ["exec", "p.plan", "--dry-run", "--state="], // ArgumentParser: a missing value
            ["exec", "--state=", "p.plan"],             // ArgumentParser: p.plan is the state
            ["exec", "p.plan", "--input="], ["exec", "p.plan", "--inputs="], ["exec", "p.plan", "--events="],
        ]
        for arguments in refused {
            #expect(ExecFastPath.request(arguments) == nil, "\(arguments)")
        }
    }
}
