import Diagnostics
import Testing

@Suite struct SourceFileTests {
    @Test func linesEndAtLFCRLFAndCR() {
        let file = SourceFile(path: "a", text: "a\nbb\r\nccc\rd")
        #expect(file.lineStarts == [0, 2, 6, 10])
        #expect(file.location(at: 0) == SourceLocation(line: 1, column: 1))
        #expect(file.location(at: 3) == SourceLocation(line: 2, column: 2))
        #expect(file.location(at: 7) == SourceLocation(line: 3, column: 2))
        #expect(file.location(at: 10) == SourceLocation(line: 4, column: 1))
        #expect(file.lineText(1) == "bb")
        #expect(file.lineText(2) == "ccc")
    }

    @Test func columnsCountUnicodeScalars() {
        let file = SourceFile(path: "a", text: "é日x")
        #expect(file.location(at: 2) == SourceLocation(line: 1, column: 2))
        #expect(file.location(at: 5) == SourceLocation(line: 1, column: 3))
    }

    @Test func offsetsOutOfRangeAreClamped() {
        let file = SourceFile(path: "a", text: "ab")
        #expect(file.location(at: 99) == SourceLocation(line: 1, column: 3))
        #expect(file.location(at: -5) == SourceLocation(line: 1, column: 1))
        #expect(SourceFile(path: "e", bytes: []).location(at: 0) == SourceLocation(line: 1, column: 1))
    }
}

@Suite struct SuggestionTests {
    @Test func transpositionIsOneEdit() {
        #expect(Suggestions.closest(to: "retyr", in: ["retry", "timeout", "triggers"]) == ["retry"])
    }

    @Test func abbreviationsAreOffered() {
        #expect(Suggestions.closest(to: "int", in: ["integer", "string"]) == ["integer"])
    }

    @Test func farNamesAreNotSuggested() {
        #expect(Suggestions.closest(to: "zzzzzz", in: ["retry", "timeout"]) == [])
        #expect(Suggestions.help(for: "zzzzzz", in: ["timeout", "retry"], what: "key") == "expected one of 'retry', 'timeout'")
    }

    @Test func atMostThreeBestFirst() {
        let s = Suggestions.closest(to: "cat", in: ["bat", "cut", "car", "cap", "dog"])
        #expect(s == ["bat", "cap", "car"])
    }
}

@Suite struct DiagnosticSinkTests {
    @Test func oneErrorPerPosition() {
        let file = SourceFile(path: "a", text: "abc")
        var sink = DiagnosticSink(file: file)
        sink.report(.runNotList, "first", at: Span(start: 1, end: 2))
        sink.report(.typeMismatch, "second", at: Span(start: 1, end: 3))
        sink.report(.inconsistentRetry, "a warning", at: Span(start: 1, end: 2))
        #expect(sink.diagnostics.map(\.message) == ["first", "a warning"])
    }

    @Test func codesParse() {
        #expect(DiagnosticCode(parsing: "aiw201") == .unknownKey)
        #expect(DiagnosticCode(parsing: "201") == .unknownKey)
        #expect(DiagnosticCode(parsing: "AIW") == nil)
        #expect(DiagnosticCode(parsing: "AIW99999") == nil)
        #expect(DiagnosticCode(parsing: "AIW+201") == nil)
        #expect(DiagnosticCode.unknownKey.description == "AIW201")
    }
}
