import Diagnostics
import Foundation
import Sema
import Syntax
import Testing

/// Every workflow shown in README.md and docs/ (a fenced block with info string `markdown`
/// that starts with frontmatter) checks clean. Broken examples in the docs use another info
/// string (`text`); those of docs/diagnostics.md are tested through the catalog.
@Suite struct DocumentedExampleTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var file: String
        var line: Int
        var text: String
        var info: String
        var testDescription: String { "\(file):\(line)" }
    }

    static func examples() -> [Example] {
        var docs = ["README.md"]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("docs").path)) ?? []
        docs += names.filter { $0.hasSuffix(".md") && $0 != "diagnostics.md" }.sorted().map { "docs/\($0)" }
        var out: [Example] = []
        for doc in docs {
            guard let text = try? String(contentsOf: repositoryRoot.appendingPathComponent(doc), encoding: .utf8) else { continue }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var i = 0
            while i < lines.count {
                let line = lines[i].trimmingCharacters(in: .whitespaces)
                let fence = String(line.prefix { $0 == "`" || $0 == "~" })
                guard fence.count >= 3 else {
                    i += 1
                    continue
                }
                // Every fenced block is skipped whole, so a fence shown inside a `text` block
                // is not mistaken for an example.
                var body: [String] = []
                var j = i + 1
                while j < lines.count, lines[j].trimmingCharacters(in: .whitespaces) != fence {
                    body.append(lines[j])
                    j += 1
                }
                let info = line.dropFirst(fence.count).trimmingCharacters(in: .whitespaces)
                if info == "markdown" || info == "yaml" {
                    out.append(Example(file: doc, line: i + 2, text: body.joined(separator: "\n") + "\n", info: info))
                }
                i = j + 1
            }
        }
        return out
    }

    @Test func readmeHasAnExample() {
        #expect(Self.examples().contains { $0.file == "README.md" && $0.text.hasPrefix("---\n") })
    }

    @Test(arguments: examples().filter { $0.info == "markdown" && $0.text.hasPrefix("---\n") })
    func documentedWorkflowIsClean(_ example: Example) {
        #expect(check(example.text, name: example.file).map(goldenLine) == [])
    }

    /// Every `{{ }}` in a `markdown` or `yaml` block of the docs parses, whole workflows or not.
    @Test(arguments: examples())
    func documentedExpressionsParse(_ example: Example) {
        let file = SourceFile(path: example.file, text: example.text)
        var sink = DiagnosticSink(file: file)
        _ = TemplateParser.parse(TemplateSource(file: file, span: Span(start: 0, end: file.bytes.count)), into: &sink)
        #expect(sink.diagnostics.map(goldenLine) == [])
    }
}
