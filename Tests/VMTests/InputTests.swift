import Plan
import Testing
@testable import VM

/// A run's inputs against the plan's declarations (docs/vm.md §3), read from a real
/// encoded and verified plan.
@Suite struct InputTests {
    /// A plan declaring: `topic` string, required, pattern `^[a-z-]+$`; `count` integer,
    /// default 3, from 1 to 10; `mode` string, one of fast/full, default fast; `ratio` number,
    /// optional; `tags` array, optional; `dry` boolean, optional.
    static let plan: VerifiedPlan = {
        var c = PlanContents()
        var strings = StringPool()
        func s(_ t: String) -> UInt32 { strings.index(t) }
        _ = s("w")
        _ = s("aiwc")
        c.policies = [PlanContents.Policy()]
        for kind in [PlanContents.BlockKind.main, .outputs] {
            var block = PlanContents.CodeBlock(kind: kind)
            block.instructions = [Instruction(.end)]
            block.positions = [PlanContents.SourcePosition(source: 0, line: 1, column: 1)]
            c.blocks.append(block)
        }
        c.metadata.name = 0
        c.metadata.compiler = 1
        c.metadata.sources = [PlanContents.Source(path: 0, sha256: [UInt8](repeating: 0xAB, count: 32))]
        c.constants = [.integer(3), .integer(1), .integer(10), .string(s("fast")), .string(s("full"))]
        c.schemas = [PlanContents.Schema(enumeration: [3, 4])]
        var topic = PlanContents.Input(name: s("topic"), type: .string)
        topic.required = true
        topic.pattern = s("^[a-z-]+$")
        var count = PlanContents.Input(name: s("count"), type: .integer)
        count.defaultValue = 0
        count.minimum = 1
        count.maximum = 2
        var mode = PlanContents.Input(name: s("mode"), type: .string)
        mode.defaultValue = 3
        mode.allowed = 0
        c.metadata.inputs = [topic, count, mode, PlanContents.Input(name: s("ratio"), type: .number),
                             PlanContents.Input(name: s("tags"), type: .array), PlanContents.Input(name: s("dry"), type: .boolean)]
        c.strings = strings.strings
        // The writer verifies what it writes; a failure here is a broken fixture.
        return (try? PlanVerifier.verify(try PlanWriter.encode(c)))!
    }()

    func bind(_ pairs: [String], _ object: String? = nil) throws(InputError) -> String {
        let file = object.flatMap { try? JSONReader.read($0) }
        return JSONWriter.write(.object(try InputBinding.bind(Self.plan, pairs: pairs, object: file)))
    }

    @Test func defaultsAndNullsFillWhatIsNotGiven() throws {
        #expect(try bind(["topic=mail"]) == #"{"topic":"mail","count":3,"mode":"fast","ratio":null,"tags":null,"dry":null}"#)
    }

    @Test func valuesAreReadAsTheirDeclaredTypes() throws {
        let got = try bind(["topic=mail-triage", "count=10", "mode=full", "ratio=0.5", "tags=[\"a\",\"b\"]", "dry=true"])
        #expect(got == #"{"topic":"mail-triage","count":10,"mode":"full","ratio":0.5,"tags":["a","b"],"dry":true}"#)
        // A number input takes an integer as it is; an integer given as 7.0 is the integer 7.
        #expect(try bind(["topic=x", "ratio=2"]).contains(#""ratio":2"#))
        #expect(try bind(["topic=x"], #"{"count": 7.0}"#).contains(#""count":7,"#))
    }

    @Test func aPairWinsOverTheFile() throws {
        #expect(try bind(["count=4"], #"{"topic": "a", "count": 5}"#).hasPrefix(#"{"topic":"a","count":4,"#))
    }

    @Test(arguments: [
        ([String](), nil as String?, ["input 'topic' is required (string); give it with --input topic=VALUE"]),
        (["topic=Mail"], nil, ["input 'topic' must match the pattern ^[a-z-]+$, not \"Mail\""]),
        (["topic=a", "count=0"], nil, ["input 'count' must be at least 1, not 0"]),
        (["topic=a", "count=11"], nil, ["input 'count' must be at most 10, not 11"]),
        (["topic=a", "count=ten"], nil, ["input 'count' must be an integer (JSON for arrays and objects), not 'ten'"]),
        (["topic=a", "mode=slow"], nil, ["input 'mode' must be one of \"fast\", \"full\", not \"slow\""]),
        (["topic=a", "dry=yes"], nil, ["input 'dry' must be true or false, not 'yes'"]),
        (["topic=a", "tags={}"], nil, ["input 'tags' must be an array (JSON for arrays and objects), not '{}'"]),
        (["topic=a", "colour=red"], nil, ["unknown input 'colour'; the workflow declares 'topic', 'count', 'mode', 'ratio', 'tags', 'dry'"]),
        (["topic"], nil, ["'topic' is not NAME=VALUE", "input 'topic' is required (string); give it with --input topic=VALUE"]),
        ([], "[1]", ["the inputs file must hold a JSON object, not an array", "input 'topic' is required (string); give it with --input topic=VALUE"]),
        ([], #"{"topic": 5, "count": 2.5}"#, ["input 'topic' must be a string, not an integer", "input 'count' must be an integer, not a number"]),
        // Names are told apart by their bytes: two spellings of é are two unknown inputs.
        (["topic=a"], "{\"\u{E9}\": 1, \"e\u{301}\": 2}", [
            "unknown input 'e\u{301}'; the workflow declares 'topic', 'count', 'mode', 'ratio', 'tags', 'dry'",
            "unknown input '\u{E9}'; the workflow declares 'topic', 'count', 'mode', 'ratio', 'tags', 'dry'",
        ]),
    ])
    func refused(_ pairs: [String], _ file: String?, _ problems: [String]) {
        do {
            let got = try bind(pairs, file)
            Issue.record("accepted: \(got)")
        } catch {
            #expect(error.problems == problems)
        }
    }
}
