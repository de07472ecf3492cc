import Diagnostics
import Foundation
import Sema
import Testing

/// No input crashes, traps or hangs the checker; each mangled input gets a diagnostic.
@Suite struct MangledInputTests {
    /// Files in Tests/Fixtures/mangled (hand-made and found by the fuzzer) each produce at
    /// least one error; those with a `.out` beside them produce exactly it.
    @Test(arguments: markdownFiles(in: fixtures("mangled")).map(\.lastPathComponent))
    func mangledFixture(_ name: String) throws {
        let url = fixtures("mangled").appendingPathComponent(name)
        let diagnostics = try check(file: url)
        #expect(diagnostics.contains { $0.severity == .error }, "\(name) produced no error")
        for d in diagnostics {
            #expect(d.range.span.start >= 0 && d.range.span.end <= d.file.bytes.count)
        }
        let outURL = url.deletingPathExtension().appendingPathExtension("out")
        if ProcessInfo.processInfo.environment["AIW_BLESS"] == "1" {
            try (diagnostics.map(goldenLine).joined(separator: "\n") + "\n").write(to: outURL, atomically: true, encoding: .utf8)
        }
        if let expected = try? String(contentsOf: outURL, encoding: .utf8) {
            #expect(diagnostics.map(goldenLine) == expected.split(separator: "\n").map(String.init))
        }
    }

    @Test func emptyFile() {
        #expect(check("").map(\.code) == [.missingFrontmatter])
    }

    @Test func tenMegabytesOfBrackets() {
        let brackets = String(repeating: "[", count: 10 << 20)
        #expect(check(brackets).map(\.code) == [.missingFrontmatter])
        let inFrontmatter = check("---\nenv: " + brackets + "\n---\n## Steps\n### a: A\nSay.\n")
        #expect(inFrontmatter.map(\.code) == [.yamlTooComplex])
        // The root mapping is level 1, so the 64th bracket (column 6 + 63) is one level too deep.
        #expect(inFrontmatter.first?.range.start == SourceLocation(line: 2, column: 69))
    }

    @Test func longSpansAreShownAsAWindow() {
        let text = "---\nenv: " + String(repeating: "[", count: 10 << 20) + "\n---\n"
        let human = OutputFormat.human.render(check(text), toolVersion: "t")
        #expect(human.utf8.count < 2_000)
    }

    @Test func columnsOnLongNonASCIILines() {
        // Past the first checkpoint of a long line with multibyte characters, a column must
        // match a plain count of scalars.
        let prefix = "description: " + String(repeating: "é", count: 5_000) + " "
        let text = "---\nname: a\nversion: 1.0.0\n" + prefix + "x\nretyr: 1\n---\n## Steps\n### a: A\nSay.\n"
        let file = SourceFile(path: "t", text: text)
        let offset = Array(text.utf8).firstIndex(of: UInt8(ascii: "x")) ?? 0
        #expect(file.location(at: offset) == SourceLocation(line: 4, column: prefix.unicodeScalars.count + 1))
        #expect(file.location(at: offset + 2) == SourceLocation(line: 5, column: 1))
        let bom = SourceFile(path: "b", bytes: [0xEF, 0xBB, 0xBF] + Array((String(repeating: "ü", count: 3_000) + "z").utf8))
        #expect(bom.location(at: bom.bytes.count - 1) == SourceLocation(line: 1, column: 3_001))
    }

    @Test func tenMegabytesOfBracketsInAnActionBlock() {
        let text = "---\nname: a\nversion: 1.0.0\n---\n## Steps\n### a: A\nSay.\n```action\n" + String(repeating: "[", count: 10 << 20) + "\n```\n"
        #expect(check(text).map(\.code) == [.yamlTooComplex])
    }

    @Test func deeplyNestedBlockLists() {
        var yaml = "env:\n  X:\n"
        for depth in 0..<200 { yaml += String(repeating: "  ", count: depth + 2) + "-\n" }
        let diagnostics = check("---\nname: a\nversion: 1.0.0\n" + yaml + "---\n## Steps\n### a: A\nSay.\n")
        #expect(diagnostics.map(\.code) == [.yamlTooComplex])
    }

    @Test func aliasBombStopsAtTheCap() {
        var lines = ["---", "name: a", "version: 1.0.0", "env:", "  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in 1...9 {
            lines.append("  l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 10).joined(separator: ", ") + "]")
        }
        lines += ["---", "## Steps", "### a: A", "Say."]
        let diagnostics = check(lines.joined(separator: "\n"))
        #expect(diagnostics.map(\.code) == [.yamlTooComplex])
    }

    @Test func deeplyNestedMarkdown() {
        let head = "---\nname: a\nversion: 1.0.0\n---\n"
        let emphasis = "# " + String(repeating: "*a _b ", count: 50_000) + "\n"
        let quotes = String(repeating: ">", count: 200_000) + " deep\n"
        let lists = (0..<2_000).map { String(repeating: "  ", count: $0) + "- x\n" }.joined()
        let diagnostics = check(head + emphasis + quotes + lists + "## Steps\n### a: A\nSay.\n")
        #expect(diagnostics.map(goldenLine) == [])
    }

    @Test func problemsStopAtTheLimit() {
        let line = "secrets: [" + Array(repeating: "A", count: 150_000).joined(separator: ", ") + "]\n"
        let diagnostics = check("---\nname: a\nversion: 1.0.0\n" + line + "---\n## Steps\n### a: A\nSay.\n")
        #expect(diagnostics.count == Checker.reportLimit + 1)
        #expect(diagnostics.last?.code == .tooManyProblems)
        let human = OutputFormat.human.render(diagnostics, toolVersion: "t")
        #expect(human.split(separator: "\n").allSatisfy { $0.count < 300 }, "long lines are windowed")
    }

    @Test func hugeNumbers() {
        let text = "---\nname: a\nversion: 99999999999999999999999.0.0\nretry: { max_attempts: 1e400, multiplier: 1e400 }\ncircuit: { failures: -99999999999999999999999 }\n---\n## Steps\n### a: A\nSay.\n"
        let lines = check(text).map(goldenLine)
        #expect(lines == [
            "3:10-3:37: error[AIW205]: '99999999999999999999999.0.0' is not a semantic version: '99999999999999999999999' is too large",
            "4:24-4:29: error[AIW203]: 'retry.max_attempts' must be an integer, found a number",
            "4:43-4:48: error[AIW209]: 'retry.multiplier' must be a finite number, found 1e400",
            "5:22-5:46: error[AIW209]: 'circuit.failures' is too large: -99999999999999999999999 does not fit in 64 bits",
        ])
    }

    @Test func longLineAndManySteps() {
        var text = "---\nname: a\nversion: 1.0.0\ndescription: " + String(repeating: "x", count: 1 << 20) + "\n---\n## Steps\n"
        for i in 0..<2000 { text += "### s\(i): Step \(i)\nDo \(i).\n" }
        #expect(check(text).isEmpty)
    }

    @Test func randomBytesNeverTrap() {
        var generator = SplitMix64(seed: 42)
        let alphabet = Array("-#`{}[]:,&*!|>'\"\n\r\t abc123@/.".utf8) + [0xC3, 0xA9, 0xFF, 0x00, 0xEF, 0xBB, 0xBF]
        for _ in 0..<300 {
            let length = Int(generator.next() % 400)
            var bytes: [UInt8] = Array("---\n".utf8)
            for _ in 0..<length { bytes.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            let file = SourceFile(path: "r.md", bytes: bytes)
            let diagnostics = Checker().check(file)
            for d in diagnostics {
                #expect(d.range.span.end <= bytes.count)
                for format in OutputFormat.allCases { _ = format.render([d], toolVersion: "t") }
            }
        }
    }
}

/// A small deterministic generator, so the random test is the same on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
