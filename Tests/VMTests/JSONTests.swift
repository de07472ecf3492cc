import Testing
@testable import VM

/// JSON reading and writing (docs/vm.md §1): strict RFC 8259, integers apart from other
/// numbers, errors with their byte offset, nesting bounded.
@Suite struct JSONTests {
    @Test(arguments: [
        ("null", Value.null), ("true", .boolean(true)), (" false ", .boolean(false)),
        ("0", .integer(0)), ("-12", .integer(-12)), ("9223372036854775807", .integer(.max)),
        ("9223372036854775808", .number(9_223_372_036_854_775_808)), ("1.0", .number(1)), ("1e2", .number(100)),
        ("-0.5E-1", .number(-0.05)), ("\"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\"", .string("a\"b\\c/\né\u{1F600}")),
        ("[]", .array([])), ("[1,[2],{}]", .array([.integer(1), .array([.integer(2)]), .object([])])),
        ("{\"a\":1,\"b\":[true,null]}", .object([.init("a", .integer(1)), .init("b", .array([.boolean(true), .null]))])),
    ])
    func reads(_ text: String, _ expected: Value) throws {
        let v = try JSONReader.read(text)
        #expect(v == expected)
        #expect(v.typeName == expected.typeName, "an integer stays an integer, a number a number")
    }

    @Test(arguments: [
        ("", 0, "ends where a value"), ("[1,]", 3, "unexpected character ']'"), ("{\"a\" 1}", 5, "expected ':'"),
        ("{a:1}", 1, "field name in double quotes"), ("01", 1, "leading zero"), ("1.", 2, "after the decimal point"),
        ("1e", 2, "in the exponent"), ("-", 1, "expected a digit"), ("\"\\x\"", 1, "unknown escape"),
        ("\"\\ud800\"", 7, "lone surrogate"), ("\"\\udc00\"", 7, "lone surrogate"), ("\"a\nb\"", 2, "control character"),
        ("\"abc", 4, "ends inside a string"), ("[1 2]", 3, "expected ',' or ']'"), ("nul", 0, "unexpected text"),
        ("1 2", 2, "after the JSON value"), ("1e999", 0, "out of range"), ("NaN", 0, "unexpected character 'N'"),
    ])
    func refuses(_ text: String, _ offset: Int, _ fragment: String) {
        #expect(throws: JSONError.self) { try JSONReader.read(text) }
        do {
            _ = try JSONReader.read(text)
        } catch {
            #expect(error.offset == offset, "\(error)")
            #expect(error.message.contains(fragment), "\(error)")
        }
    }

    @Test func nestingIsBounded() throws {
        let deep = String(repeating: "[", count: JSONReader.maxDepth) + String(repeating: "]", count: JSONReader.maxDepth)
        #expect(try JSONReader.read(deep) != .null)
        let deeper = "[" + deep + "]"
        #expect(throws: JSONError.self) { try JSONReader.read(deeper) }
        // Far deeper than any stack would survive by recursion: refused, not a crash.
        #expect(throws: JSONError.self) { try JSONReader.read(String(repeating: "[", count: 1_000_000)) }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: JSONError.self) { try JSONReader.read([0x22, 0xFF, 0x22]) }
    }

    @Test func aRepeatedFieldNameKeepsTheLastValueInTheFirstPlace() throws {
        #expect(JSONWriter.write(try JSONReader.read("{\"a\":1,\"b\":2,\"a\":3}")) == "{\"a\":3,\"b\":2}")
    }

    @Test(arguments: [
        "null", "[true,false]", "{\"b\":1,\"a\":[1.5,-2,\"x\"]}", "\"\\\"\\\\\\n\\r\\t\\u0001é\"", "1.0", "-0.0", "1e+300", "0.1",
    ])
    func writesCompactlyAndReadsBack(_ text: String) throws {
        let v = try JSONReader.read(text)
        let written = JSONWriter.write(v)
        #expect(written == text)
        #expect(try JSONReader.read(written) == v)
    }
}
