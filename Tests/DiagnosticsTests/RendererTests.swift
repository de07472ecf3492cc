import Diagnostics
import Foundation
import Testing

/// Golden tests of the four renderers on one diagnostic with a note, help and a fix-it.
@Suite struct RendererTests {
    static let file = SourceFile(path: "dir/mail flow.md", text: "---\nname: x\nretyr: 3\nretyr: 4\n---\n")

    static var sample: [Diagnostic] {
        [
            Diagnostic(
                .unknownKey, "unknown key 'retyr' in the frontmatter",
                at: SourceRange(file: file, span: Span(start: 21, end: 26)),
                notes: [Note("first written here", at: SourceRange(file: file, span: Span(start: 12, end: 17))), Note("keys are case-sensitive")],
                help: ["did you mean 'retry'?"],
                fixIts: [.replace(Span(start: 21, end: 26), with: "retry", "replace with 'retry'")]),
            Diagnostic(.inconsistentRetry, "a, b: 100% \"odd\"\nsecond line", at: SourceRange(file: file, span: Span.point(file.bytes.count))),
        ]
    }

    static func golden(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/format/\(name)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    static func check(_ format: OutputFormat, _ golden: String, color: Bool = false) throws {
        let actual = format.render(sample, color: color, toolVersion: "0.0.0-test")
        if ProcessInfo.processInfo.environment["AIW_BLESS"] == "1" {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/format/\(golden)")
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(actual == (try Self.golden(golden)))
    }

    @Test func human() throws { try Self.check(.human, "human.txt") }
    @Test func humanColor() throws { try Self.check(.human, "human-color.txt", color: true) }
    @Test func json() throws { try Self.check(.json, "diagnostics.json") }
    @Test func sarif() throws { try Self.check(.sarif, "diagnostics.sarif") }
    @Test func github() throws { try Self.check(.github, "github.txt") }

    @Test func byteOrderMarkIsNotAColumn() {
        let file = SourceFile(path: "b.md", bytes: [0xEF, 0xBB, 0xBF] + Array("ab: x\n".utf8))
        let d = Diagnostic(.unknownKey, "m", at: SourceRange(file: file, span: Span(start: 3, end: 5)))
        #expect(d.range.start == SourceLocation(line: 1, column: 1))
        #expect(HumanRenderer(color: false).render([d]).contains("1 | ab: x\n  | ^~\n"))
    }

    @Test func plainHumanOutputHasNoEscapes() {
        let text = OutputFormat.human.render(Self.sample, color: false, toolVersion: "t")
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("  = help: did you mean 'retry'?"))
        #expect(text.contains("dir/mail flow.md:3:1: note: first written here"))
    }

    @Test func sarifListsEveryRuleAndEncodesPaths() throws {
        let text = OutputFormat.sarif.render(Self.sample, toolVersion: "t")
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let run = (json?["runs"] as? [[String: Any]])?.first
        let rules = ((run?["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]]
        #expect(rules?.count == Catalog.entries.count)
        #expect(text.contains("\"uri\": \"dir/mail%20flow.md\""))
    }

    @Test func githubEscapesDataAndProperties() {
        let text = OutputFormat.github.render([Self.sample[1]], toolVersion: "t")
        #expect(text == "::warning file=dir/mail flow.md,line=6,col=1,endLine=6,endColumn=1,title=AIW251::a, b: 100%25 \"odd\"%0Asecond line\n")
    }

    @Test func jsonEscapesControlCharacters() {
        var out = ""
        JSONValue.quote("a\u{1}\"\\\n\t\u{7F}é", into: &out)
        #expect(out == "\"a\\u0001\\\"\\\\\\n\\t\\u007fé\"")
    }

    @Test func explainShowsExampleAndFix() throws {
        let entry = try #require(DiagnosticCode.unknownKey.entry)
        let text = CatalogDocument.explain(entry)
        #expect(text.hasPrefix("AIW201 (error, unknown-key): key is not part of the language\n"))
        #expect(text.contains("Example that triggers it:\n\n    ---\n    name: hello\n"))
        #expect(text.contains("    retyr: { max_attempts: 3 }"))
        #expect(text.contains("Fixed:\n\n    ---"))
    }
}
