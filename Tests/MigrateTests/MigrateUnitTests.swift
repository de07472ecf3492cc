import Diagnostics
import Syntax
import Testing

@testable import Migrate

/// The pieces of `aiwc migrate` on their own: v0 step headings, templates, conditions, the
/// YAML writer and the diff (the CLI tests run the whole on a v0 project).
@Suite struct MigrateUnitTests {
    @Test(arguments: [
        ("Step 1: Fetch mail", [1], "Fetch mail", true),
        ("step 12 - Post", [12], "Post", true),
        ("Step 3.1: Check", [3, 1], "Check", true),
        ("Step 4", [4], "", true),
        ("2. Draft", [2], "Draft", false),
        ("2.1 Draft more", [2, 1], "Draft more", false),
    ])
    func stepHeadingsAreRead(_ text: String, _ number: [Int], _ title: String, _ word: Bool) throws {
        let heading = try #require(V0StepHeading.parse(text))
        #expect(heading == V0StepHeading(number: number, title: title, hasStepWord: word))
        #expect(heading.id == "step_" + number.map(String.init).joined(separator: "_"))
    }

    @Test(arguments: ["Steps", "Stepping stones", "2nd pass", "Step one: x", "12abc Title", "Step 1234567: too long", "3 Title", ""])
    func otherHeadingsAreNotSteps(_ text: String) {
        #expect(V0StepHeading.parse(text) == nil)
    }

    static let names = V0Names(earlier: ["messages": "step_1"], later: ["draft"], inputs: ["audience"])

    @Test(arguments: [
        ("label:{inputs.box} is:unread", "label:{{ inputs.box }} is:unread", 0),
        ("{messages}", "{{ steps.step_1.output }}", 0),
        ("{messages.items.0}", "{{ steps.step_1.output.items.0 }}", 0),
        ("for {audience}", "for {{ inputs.audience }}", 1),
        ("see {draft.text}", "see {{ draft.text }}", 1),
        ("see {nowhere}", "see {{ nowhere }}", 1),
        ("{\"json\": 1} {a b} {.x} {x.} {1x} {}", "{\"json\": 1} {a b} {.x} {x.} {1x} {}", 0),
        ("{{ already.ours }} and {{x}}", "{{ already.ours }} and {{x}}", 2),
        ("{{ never closed", "{{ never closed", 0),
        ("{% if inputs.n >= 2 %}many{% else %}few{% endif %}", "{{ inputs.n >= 2 ? 'many' : 'few' }}", 0),
        ("{% if inputs.n %}line\nbreak{% endif %}", "{% if inputs.n %}line\nbreak{% endif %}", 1),
        ("{% for m in messages %}x{% endfor %}", "{% for m in messages %}x{% endfor %}", 2),
        ("{% if x %}never closed", "{% if x %}never closed", 1),
        ("{% unterminated", "{% unterminated", 0),
        ("{%} {%%} {% %}", "{%} {%%} {% %}", 2),
    ])
    func templatesAreRewritten(_ text: String, _ expected: String, _ problems: Int) {
        let (out, found) = V0Templates.rewrite(text, Self.names)
        #expect(out == expected)
        #expect(found.count == problems, "\(found)")
    }

    @Test(arguments: [
        ("{messages.count} >= 1", "steps.step_1.output.count >= 1", true, 0),
        ("messages.count == 0", "steps.step_1.output.count == 0", true, 0),
        ("inputs.flag == True and not messages.empty", "inputs.flag == true && !(steps.step_1.output.empty)", true, 1),
        ("not inputs.a == 1 or (not inputs.b and inputs.c)", "!(inputs.a == 1) || (!(inputs.b) && inputs.c)", true, 1),
        ("audience != 'all'", "inputs.audience != 'all'", true, 2),
        ("results contains error", "results contains error", false, 0),
        ("x = 1", "x = 1", false, 0),
    ])
    func conditionsAreTranslated(_ condition: String, _ expected: String, _ valid: Bool, _ problems: Int) {
        let t = V0Conditions.translate(condition, Self.names)
        #expect(t.expression == expected)
        #expect(t.valid == valid)
        #expect(t.problems.count == problems, "\(t.problems)")
    }

    /// Whatever a string holds, the YAML written for it reads back as that same string.
    @Test(arguments: ["plain", "yes", "no", "true", "null", "~", "1.0", "0x1F", "-1", "- x", "#tag", "a #b", "a: b", "a:", "key: {{ x }}",
                      "{{ inputs.x }}", "", " lead", "trail ", "@at", "`tick", "|bar", ">gt", "%pct", "&amp", "*star", "!bang", "[x]", "{x}",
                      "a, b", "quote\"s", "back\\slash", "tab\there", "é ü", "multi\nline\n", "ends\n\n", "no end\nline",
                      "first\n  indented\n", "  lead\nline\n", "blank\n   \nline\n", "\nstarts\n", "cr\r\nlf\n", "tab\n\tin\n",
                      "line\u{2028}sep", "para\u{2029}sep", "nel\u{85}x", "bom\u{FEFF}", "bell\u{07}", "multi\nline\u{2028}\n"])
    func stringsRoundTrip(_ value: String) throws {
        for out in [YAMLOut.string(value)] {
            let text = YAMLOut.lines(key: "k", out, indent: 0).joined(separator: "\n") + "\n"
            let flow = "f: " + YAMLOut.sequence([out]).flow + "\n"
            for yaml in [text, flow] {
                let file = SourceFile(path: "t.yaml", text: yaml)
                var sink = DiagnosticSink(file: file)
                guard case .success(let root) = YAMLDocument.parse(file, into: &sink) else {
                    Issue.record("\(value.debugDescription) wrote unreadable YAML: \(yaml)")
                    continue
                }
                let node = root?["k"] ?? root?["f"]?.sequence?.first
                #expect(node?.scalar?.text == value, "\(value.debugDescription) → \(yaml.debugDescription)")
                if case .plain = node?.scalar?.style {
                    #expect(YAMLScalar.Resolved.resolve(plain: node?.scalar?.text ?? "") == .string, "\(value.debugDescription) reads back as a non-string")
                }
            }
        }
    }

    /// Whatever v0 text a comment keeps, it stays one comment line.
    @Test func commentsStayOnOneLine() {
        let text = YAMLOut.comment("# v0: key\nname: injected: \r```\u{2028}## Step 9\u{85}x\u{FEFF}")
        #expect(!text.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0.value == 0x2028 || $0.value == 0x85 || $0.value == 0xFEFF })
        #expect(text.hasPrefix("# v0: key\\u000aname"))
    }

    @Test func diffsAreUnified() {
        #expect(UnifiedDiff.make(old: "a\nb\n", new: "a\nb\n", from: "a/x", to: "b/x") == "")
        #expect(UnifiedDiff.make(old: "a\nb\nc\n", new: "a\nB\nc\n", from: "a/x", to: "b/x")
            == "--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n")
        #expect(UnifiedDiff.make(old: "gone\n", new: nil, from: "a/x", to: "b/x") == "--- a/x\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-gone\n")
        let long = (1...20).map { "line \($0)" }
        var changed = long
        changed[1] = "two"
        changed[17] = "eighteen"
        let diff = UnifiedDiff.make(old: long.joined(separator: "\n") + "\n", new: changed.joined(separator: "\n") + "\n", from: "a/x", to: "b/x")
        #expect(diff.split(separator: "\n").filter { $0.hasPrefix("@@") }.count == 2, "two hunks: \(diff)")
        #expect(diff.contains("@@ -1,5 +1,5 @@\n line 1\n-line 2\n+two\n line 3\n"))
        #expect(diff.contains("@@ -15,6 +15,6 @@\n"))
    }

    @Test(arguments: [("email-triage", "email-triage"), ("Weekly Report", "weekly-report"), ("a__b--c", "a-b-c"), ("Ünïcode", "n-code"), ("", "")])
    func idsBecomeSlugs(_ id: String, _ slug: String) {
        #expect(WorkflowMigration.slug(id) == slug)
    }

    @Test(arguments: [("1.2", "1.2.0"), ("v2", "2.0.0"), ("1.2.3", "1.2.3"), ("latest", "1.0.0"), ("", "1.0.0"), ("1.2.3.4", "1.2.3")])
    func versionsBecomeSemantic(_ v0: String, _ version: String) {
        #expect(WorkflowMigration.semver(v0) == version)
    }
}
