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
