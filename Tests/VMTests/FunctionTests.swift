import Plan
import Testing
@testable import VM

/// The function library at run time (docs/vm.md §2), one function at a time, with the
/// errors a value typed `any` can meet.
@Suite struct FunctionTests {
    func call(_ f: BuiltinFunction, _ args: Value...) throws -> Value { try Functions.call(f, args) }

    func json(_ text: String) -> Value { (try? JSONReader.read(text)) ?? .null }

    @Test func results() throws {
        let s = { (t: String) in Value.string(t) }
        #expect(try call(.contains, s("mail triage"), s("tri")) == .boolean(true))
        #expect(try call(.contains, s("abc"), s("")) == .boolean(true))
        #expect(try call(.contains, json("[1, 2.0, \"x\"]"), .integer(2)) == .boolean(true))
        #expect(try call(.contains, json("[{\"a\":1}]"), json("{\"a\":1.0}")) == .boolean(true))
        #expect(try call(.default, .null, s("UTC")) == s("UTC"))
        #expect(try call(.default, .boolean(false), s("UTC")) == .boolean(false))
        #expect(try call(.endsWith, s("inbox.eml"), s(".eml")) == .boolean(true))
        #expect(try call(.startsWith, s("inbox.eml"), s("inbox.eml!")) == .boolean(false))
        #expect(try call(.first, json("[]")) == .null)
        #expect(try call(.last, json("[1,2,3]")) == .integer(3))
        #expect(try call(.format, s("{1} and {0}, {{literal}} {0}"), s("a"), json("[1]")) == s("[1] and a, {literal} a"))
        #expect(try call(.fromJSON, s(" {\"a\": [1]} ")) == json("{\"a\":[1]}"))
        #expect(try call(.join, json("[\"a\", 1, null, {\"k\":true}]")) == s("a,1,null,{\"k\":true}"))
        #expect(try call(.join, json("[\"a\",\"b\"]"), s(" + ")) == s("a + b"))
        #expect(try call(.keys, json("{\"b\":1,\"a\":2,\"B\":3}")) == json("[\"B\",\"a\",\"b\"]"))
        #expect(try call(.values, json("{\"b\":1,\"a\":2}")) == json("[2,1]"))
        #expect(try call(.len, s("né\u{1F600}")) == .integer(3))
        #expect(try call(.len, json("{\"a\":1}")) == .integer(1))
        #expect(try call(.lower, s("ÉTÉ Mail")) == s("été mail"))
        #expect(try call(.upper, s("straße")) == s("STRASSE"))
        #expect(try call(.trim, s("\u{00A0} \tx y\n")) == s("x y"))
        #expect(try call(.trim, s(" \n ")) == s(""))
        #expect(try call(.max, .integer(3), .integer(7), .integer(5)) == .integer(7))
        #expect(try call(.max, .integer(3), .number(3.5)) == .number(3.5))
        #expect(try call(.min, json("[4, -1.5, 2]")) == .number(-1.5))
        #expect(try call(.replace, s("a-b-c"), s("-"), s("--")) == s("a--b--c"))
        #expect(try call(.round, .number(2.5)) == .integer(3))
        #expect(try call(.round, .number(-2.5)) == .integer(-3))
        #expect(try call(.round, .integer(7)) == .integer(7))
        #expect(try call(.round, .number(3.14159), .integer(2)) == .number(3.14))
        #expect(try call(.round, .number(1250), .integer(-2)) == .number(1300))
        #expect(try call(.slice, s("release-notes"), .integer(-5)) == s("notes"))
        #expect(try call(.slice, s("né\u{1F600}x"), .integer(1), .integer(3)) == s("é\u{1F600}"))
        #expect(try call(.slice, json("[1,2,3]"), .integer(5)) == json("[]"))
        #expect(try call(.slice, json("[1,2,3]"), .integer(2), .integer(1)) == json("[]"))
        #expect(try call(.split, s("a,,b"), s(",")) == json("[\"a\",\"\",\"b\"]"))
        #expect(try call(.split, s(""), s(",")) == json("[\"\"]"))
        #expect(try call(.toJSON, json("{\"a\":[1,2.5,\"x\"]}")) == s("{\"a\":[1,2.5,\"x\"]}"))
    }

    @Test(arguments: [
        (BuiltinFunction.upper, [Value.integer(1)], "argument 1 of 'upper' must be string, not an integer"),
        (.contains, [.object([]), .null], "argument 1 of 'contains' must be string or array, not an object"),
        (.len, [.boolean(true)], "must be string, array or object, not a boolean"),
        (.keys, [.array([])], "argument 1 of 'keys' must be object, not an array"),
        (.max, [.array([])], "max: the array is empty"),
        (.min, [.integer(1), .string("2")], "min: argument 2 must be a number, not a string"),
        (.max, [.array([.integer(1), .null])], "max: element 1 of the array must be a number, not null"),
        (.format, [.string("{2}"), .null], "the template uses {2} but 1 value is given"),
        (.format, [.string("a } b")], "a '}' at byte 2"),
        (.format, [.string("{x}")], "a '{' at byte 0"),
        (.fromJSON, [.string("{")], "fromJSON: the text is not JSON (byte 1:"),
        (.split, [.string("a"), .string("")], "split: the separator is empty"),
        (.replace, [.string("a"), .string(""), .string("b")], "replace: the text to replace is empty"),
        (.round, [.number(1e300)], "too large for an integer"),
        (.slice, [.string("abc"), .number(1.5)], "argument 2 of 'slice' must be integer, not a number"),
    ])
    func errors(_ f: BuiltinFunction, _ args: [Value], _ fragment: String) {
        do {
            let v = try Functions.call(f, args)
            Issue.record("\(f.name) gave \(v) instead of an error")
        } catch {
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test func equalityIsByValueAndByBytes() {
        #expect(Value.integer(1) == .number(1.0))
        #expect(Value.integer(9_007_199_254_740_993) != .number(9_007_199_254_740_992), "no rounding through a double")
        #expect(json("{\"a\":1,\"b\":2}") == json("{\"b\":2,\"a\":1}"))
        #expect(json("[1,2]") != json("[2,1]"))
        // Composed and decomposed é are different text: no normalization.
        #expect(Value.string("\u{E9}") != .string("e\u{301}"))
        #expect(Value.null != .boolean(false))
    }
}
