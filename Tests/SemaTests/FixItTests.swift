import Diagnostics
import Foundation
import Sema
import Testing

/// Applying a fix-it removes the diagnostic it belongs to and breaks nothing else.
@Suite struct FixItTests {
    static func apply(_ fix: FixIt, to bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        for edit in fix.edits.sorted(by: { $0.span.start > $1.span.start }) {
            out.replaceSubrange(edit.span.start..<edit.span.end, with: Array(edit.replacement.utf8))
        }
        return out
    }

    /// Err and mangled fixtures, and every catalog example.
    static let cases: [String] = markdownFiles(in: fixtures("err")).map { "err/" + $0.lastPathComponent }
        // too-many-problems repeats one line 500 times: after a fix the next repeat moves up
        // into the fixed line, which this test cannot tell from the same diagnostic.
        + markdownFiles(in: fixtures("mangled")).map { "mangled/" + $0.lastPathComponent }.filter { !$0.contains("too-many") }
        + Catalog.entries.filter { $0.example != nil }.map { "catalog/\($0.code)" }

    static func source(_ name: String) throws -> [UInt8] {
        if name.hasPrefix("catalog/"), let code = DiagnosticCode(parsing: String(name.dropFirst(8))), let example = code.entry?.example {
            return Array(example.utf8)
        }
        return try [UInt8](Data(contentsOf: fixtures("").appendingPathComponent(name)))
    }

    @Test(arguments: cases)
    func everyFixItFixes(_ name: String) throws {
        let bytes = try Self.source(name)
        let before = Checker().check(SourceFile(path: name, bytes: bytes))
        for d in before {
            for fix in d.fixIts {
                let fixed = Self.apply(fix, to: bytes)
                let after = Checker().check(SourceFile(path: name, bytes: fixed))
                let line = d.range.start.line
                #expect(!after.contains { $0.code == d.code && $0.range.start.line == line && $0.message == d.message },
                        "\(goldenLine(d)) survives '\(fix.message)'")
                #expect(!after.contains { $0.code == .yamlSyntax } || before.contains { $0.code == .yamlSyntax },
                        "'\(fix.message)' for \(goldenLine(d)) broke the YAML: \(after.map(goldenLine))")
                #expect(after.count <= before.count, "'\(fix.message)' for \(goldenLine(d)) added diagnostics: \(after.map(goldenLine))")
            }
        }
    }

    @Test(arguments: [
        ("git log --oneline", "[git, log, --oneline]"),
        ("echo -{x} {y}", "[echo, \"-{x}\", \"{y}\"]"),
        ("git log --since {{ inputs.since }}", "[git, log, --since, \"{{ inputs.since }}\"]"),
        ("git log --since={{inputs.since}}", "[git, log, \"--since={{inputs.since}}\"]"),
        ("test true", "[test, \"true\"]"),
        ("echo 12 1.5 null", "[echo, \"12\", \"1.5\", \"null\"]"),
    ])
    func runStringsSplitIntoValidLists(_ command: String, _ list: String) throws {
        let text = "---\nname: a\nversion: 1.0.0\ninputs: { since: { type: string, default: v1 } }\n---\n## Steps\n### a: A\n```action\nrun: '\(command)'\n```\n"
        let d = try #require(check(text).first { $0.code == .runNotList })
        #expect(d.fixIts.first?.edits.first?.replacement == list)
        let fixed = String(decoding: Self.apply(try #require(d.fixIts.first), to: Array(text.utf8)), as: UTF8.self)
        #expect(check(fixed).filter { $0.severity == .error }.isEmpty)
    }

    @Test func shellSyntaxGetsNoFixItButAHint() throws {
        let text = "---\nname: a\nversion: 1.0.0\n---\n## Steps\n### a: A\n```action\nrun: 'git log | head'\n```\n"
        let d = try #require(check(text).first)
        #expect(d.fixIts.isEmpty)
        #expect(d.help.first?.contains("sh, -c") == true)
    }
}
