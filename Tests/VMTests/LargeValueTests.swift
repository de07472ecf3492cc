import Plan
import Testing
@testable import VM

/// Values as large as an agent may return are handled in linear time: objects with many
/// fields, and searches in long texts whose naive versions are quadratic.
@Suite struct LargeValueTests {
    @Test func searchFindsOverlappingAndRepeatedPatterns() throws {
        #expect(Text.find("aab", in: "aaab") == 1)
        #expect(Text.find("abab", in: "abababx") == 0)
        #expect(Text.find("abac", in: "ababac") == 2)
        #expect(Text.find("x", in: "aaa") == nil)
        #expect(Text.split("ababab", by: "ab") == ["", "", "", ""])
        #expect(Text.split("aaaa", by: "aa") == ["", "", ""])
        #expect(Text.replace("aaaaa", "aa", with: "b") == "bba")
        #expect(Text.find("é", in: "café") == 3, "a byte offset")
    }

    @Test func aLongNeedleInALongTextIsLinear() throws {
        // Naively about 10^10 byte comparisons; linear, a few hundred thousand.
        let text = String(repeating: "a", count: 200_000)
        let needle = String(repeating: "a", count: 100_000) + "b"
        #expect(try Functions.call(.contains, [.string(text), .string(needle)]) == .boolean(false))
        #expect(try Functions.call(.contains, [.string(text + "b"), .string(needle)]) == .boolean(true))
        #expect(try Functions.call(.split, [.string(text), .string(needle)]) == .array([.string(text)]))
    }

    @Test func objectsWithManyFieldsAreBuiltAndComparedLinearly() throws {
        let n = 100_000
        let text = "{" + (0..<n).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + ",\"k0\":-1}"
        let v = try JSONReader.read(text)
        guard case .object(let fields) = v else { Issue.record("not an object"); return }
        #expect(fields.count == n)
        #expect(v[field: "k0"] == .integer(-1), "the last value of a repeated name")
        let reversed = Value.object(fields.reversed())
        #expect(v == reversed)
        var changed = fields
        changed[n / 2].value = .null
        #expect(v != .object(changed))
    }

    @Test func canonicallyEquivalentNamesAreDifferentFields() throws {
        let v = try JSONReader.read("{\"\u{E9}\": 1, \"e\u{301}\": 2}")
        guard case .object(let fields) = v else { Issue.record("not an object"); return }
        #expect(fields.count == 2)
    }
}

/// Found by review: bounds on what a verified plan's expressions can build, and exact
/// comparisons of integers with other numbers.
@Suite struct ReviewRegressionTests {
    @Test func aPlanCannotBuildAValueDeepEnoughToOverflowTheStack() throws {
        var c = PlanContents()
        var strings = StringPool()
        let name = strings.index("w"), out = strings.index("o")
        c.constants = [.null]
        c.policies = [PlanContents.Policy()]
        var main = PlanContents.CodeBlock(kind: .main)
        main.instructions = [Instruction(.end)]
        var outputs = PlanContents.CodeBlock(kind: .outputs)
        // 300,000 levels crashed the VM when the value was released; now the build stops.
        outputs.instructions = [Instruction(.const, a: 0)] + Array(repeating: Instruction(.array, a: 1), count: 300_000)
            + [Instruction(.output, a: out), Instruction(.end)]
        let position = PlanContents.SourcePosition(source: 0, line: 1, column: 1)
        main.positions = [position]
        outputs.positions = Array(repeating: position, count: outputs.instructions.count)
        c.blocks = [main, outputs]
        c.strings = strings.strings
        c.metadata.name = name
        c.metadata.compiler = name
        c.metadata.sources = [PlanContents.Source(path: name, sha256: [UInt8](repeating: 0, count: 32))]
        let plan = try PlanVerifier.verify(try PlanWriter.encode(c))
        #expect(throws: ExpressionError("a value would nest deeper than \(ExpressionMachine.maxDepth) levels")) {
            try ExpressionMachine(plan).outputs(RunContext())
        }
    }

    @Test func integersAndNumbersCompareExactly() throws {
        let big = Value.integer(9_007_199_254_740_993), float = Value.number(9_007_199_254_740_992)
        #expect(try Operators.binary(.greater, big, float) == .boolean(true))
        #expect(try Operators.binary(.lessOrEqual, big, float) == .boolean(false))
        #expect(try Operators.binary(.less, float, big) == .boolean(true))
        #expect(try Operators.binary(.less, .integer(.max), .number(9.3e18)) == .boolean(true))
        #expect(try Operators.binary(.greater, .integer(.min), .number(-9.3e18)) == .boolean(true))
        #expect(try Operators.binary(.less, .integer(-3), .number(-2.5)) == .boolean(true))
        #expect(try Operators.binary(.greater, .integer(-2), .number(-2.5)) == .boolean(true))
        #expect(try Operators.binary(.greaterOrEqual, .integer(2), .number(2)) == .boolean(true))
        #expect(try Functions.call(.max, [big, float]) == big)
    }
}
