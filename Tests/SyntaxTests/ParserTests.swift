import Diagnostics
import Syntax
import Testing

/// Parses text and returns the tree and the diagnostics.
func parse(_ text: String) -> (WorkflowSyntax?, [Diagnostic]) {
    let file = SourceFile(path: "t.md", text: text)
    var sink = DiagnosticSink(file: file)
    let tree = WorkflowParser.parse(file, into: &sink)
    return (tree, sink.diagnostics)
}

/// The text a span covers.
func text(_ tree: WorkflowSyntax, _ span: Span) -> String { tree.file.text(span) }

@Suite struct FrontmatterTests {
    @Test func keysAndValuesKeepTheirSpans() throws {
        let (tree, diags) = parse("---\nname: hello\nretry: { max_attempts: 3, backoff: \"fixed\" }\nlist:\n  - a\n  - 'b c'\n---\n## Steps\n### a: A\nx\n")
        #expect(diags.isEmpty)
        let root = try #require(tree?.frontmatter?.root)
        let t = try #require(tree)
        let name = try #require(root.pair("name"))
        #expect(text(t, name.keySpan) == "name")
        #expect(text(t, name.value.span) == "hello")
        let retry = try #require(root["retry"])
        #expect(text(t, retry.span) == "{ max_attempts: 3, backoff: \"fixed\" }")
        #expect(text(t, try #require(retry["backoff"]).span) == "\"fixed\"")
        #expect(retry["backoff"]?.scalar?.style == .doubleQuoted)
        let items = try #require(root["list"]?.sequence)
        #expect(items.map { text(t, $0.span) } == ["a", "'b c'"])
        #expect(items[1].scalar?.text == "b c")
    }

    @Test func multibyteTextBeforeAValueKeepsByteOffsetsExact() throws {
        let (tree, _) = parse("---\ndescription: héllo wörld ✓\nname: x\n---\n")
        let t = try #require(tree)
        let name = try #require(t.frontmatter?.root?.pair("name"))
        #expect(text(t, name.keySpan) == "name")
        #expect(t.file.location(at: name.value.span.start) == SourceLocation(line: 3, column: 7))
    }

    @Test func crlfAndBOM() throws {
        let (tree, diags) = parse("\u{FEFF}---\r\nname: x\r\nversion: 1.0.0\r\n---\r\n## Steps\r\n### a: A\r\nSay.\r\n")
        #expect(diags.isEmpty)
        let t = try #require(tree)
        let version = try #require(t.frontmatter?.root?["version"])
        #expect(text(t, version.span) == "1.0.0")
        #expect(t.file.location(at: version.span.start) == SourceLocation(line: 3, column: 10))
        #expect(t.steps.map(\.id) == ["a"])
        #expect(t.steps[0].prompt.text(in: t.file) == "Say.")
    }

    @Test func plainScalarsAreTypedQuotedOnesAreNot() throws {
        let (tree, _) = parse("---\na: 12\nb: '12'\nc: 1.5\nd: true\ne: ~\nf: 0x1F\ng: 99999999999999999999\nh: 1.2.0\ni: .inf\n---\n")
        let root = try #require(tree?.frontmatter?.root)
        #expect(root["a"]?.scalar?.resolved == .int(12))
        #expect(root["b"]?.scalar?.resolved == .string)
        #expect(root["c"]?.scalar?.resolved == .float(1.5))
        #expect(root["d"]?.scalar?.resolved == .bool(true))
        #expect(root["e"]?.scalar?.resolved == .null)
        #expect(root["f"]?.scalar?.resolved == .int(31))
        #expect(root["g"]?.scalar?.resolved == .int(nil))
        #expect(root["h"]?.scalar?.resolved == .string)
        #expect(root["i"]?.scalar?.resolved == .float(.infinity))
    }

    @Test func aliasesExpandAndPointAtTheirUse() throws {
        let (tree, diags) = parse("---\na: &x { k: v }\nb: *x\n---\n")
        #expect(diags.isEmpty)
        let t = try #require(tree)
        let b = try #require(t.frontmatter?.root?["b"])
        #expect(text(t, b.span) == "*x")
        #expect(b["k"]?.scalar?.text == "v")
    }

    @Test func duplicateKeyPointsAtBoth() throws {
        let (_, diags) = parse("---\na: 1\nb: 2\na: 3\n---\n")
        let d = try #require(diags.first)
        #expect(d.code == .duplicateKey)
        #expect(d.range.start == SourceLocation(line: 4, column: 1))
        #expect(d.notes.first?.range?.start == SourceLocation(line: 2, column: 1))
    }

    @Test func yamlErrorsAtLibyamlsMarkWithContextNote() throws {
        let (tree, diags) = parse("---\nname: x\nretry: { a: 1\nb: 2\n---\n## Steps\n### a: A\nx\n")
        let d = try #require(diags.first)
        #expect(d.code == .yamlSyntax)
        #expect(d.range.start == SourceLocation(line: 4, column: 2))
        #expect(d.notes.first?.range?.start == SourceLocation(line: 3, column: 8))
        #expect(tree?.frontmatter?.isBroken == true)
        #expect(tree?.steps.count == 1)
    }

    @Test func unterminatedFrontmatterStopsTheBody() throws {
        let (tree, diags) = parse("---\nname: x\n## Steps\n")
        #expect(diags.map(\.code) == [.unterminatedFrontmatter])
        #expect(tree?.hasBody == false)
    }

    @Test func dotsCloseTheFrontmatter() throws {
        let (tree, diags) = parse("---\nname: x\n...\n## Steps\n### a: A\nx\n")
        #expect(diags.isEmpty)
        #expect(tree?.steps.count == 1)
    }

    @Test func invalidUTF8AndNULStopEverything() {
        let bad = SourceFile(path: "b", bytes: Array("---\nname: ".utf8) + [0xC3, 0x28] + Array("\n---\n".utf8))
        var sink = DiagnosticSink(file: bad)
        #expect(WorkflowParser.parse(bad, into: &sink) == nil)
        #expect(sink.diagnostics.map(\.code) == [.invalidUTF8])
        #expect(sink.diagnostics.first?.range.start == SourceLocation(line: 2, column: 7))
        let nul = SourceFile(path: "n", bytes: Array("---\n".utf8) + [0])
        var sink2 = DiagnosticSink(file: nul)
        #expect(WorkflowParser.parse(nul, into: &sink2) == nil)
        #expect(sink2.diagnostics.map(\.code) == [.nulByte])
    }

    @Test(arguments: [[0xED, 0xA0, 0x80], [0xC0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFF]] as [[UInt8]])
    func overlongSurrogateAndTruncatedSequencesAreInvalid(_ seq: [UInt8]) {
        let file = SourceFile(path: "b", bytes: Array("ab".utf8) + seq)
        var sink = DiagnosticSink(file: file)
        _ = WorkflowParser.parse(file, into: &sink)
        #expect(sink.diagnostics.map(\.code) == [.invalidUTF8])
        #expect(sink.diagnostics.first?.range.span.start == 2)
    }
}

@Suite struct BodyTests {
    static let workflow = """
        ---
        name: x
        ---
        # The title

        Context line.

        ## Steps

        ### fetch: Fetch unread mail
        Fetch {{ inputs.mailbox }}.
        ```action
        tool: gmail.list
        ```
        After the block.

        ### Summarize it all ###
        Summarize.

        #### A sub-heading
        Still the prompt.

        - ### In a list, not a step

        ## Appendix
        More context.

        ### Not a step
        """

    @Test func structure() throws {
        let (tree, diags) = parse(Self.workflow)
        #expect(diags.isEmpty)
        let t = try #require(tree)
        #expect(t.title?.text == "The title")
        #expect(t.stepsHeading?.text == "Steps")
        #expect(t.steps.map(\.id) == ["fetch", "summarize_it_all"])
        #expect(t.steps.map(\.title) == ["Fetch unread mail", "Summarize it all"])
        #expect(t.steps.map(\.hasExplicitID) == [true, false])
        #expect(t.steps[0].prompt.text(in: t.file) == "Fetch {{ inputs.mailbox }}.\nAfter the block.")
        #expect(t.steps[1].prompt.text(in: t.file) == "Summarize.\n\n#### A sub-heading\nStill the prompt.\n\n- ### In a list, not a step")
        #expect(t.context.text(in: t.file) == "Context line.\n\n## Appendix\nMore context.\n\n### Not a step")
        #expect(text(t, t.steps[0].idSpan) == "fetch")
        #expect(text(t, t.steps[0].titleSpan) == "Fetch unread mail")
        #expect(text(t, t.steps[1].idSpan) == "Summarize it all")
        let action = try #require(t.steps[0].actions.first)
        #expect(text(t, action.fenceSpan) == "```action")
        let tool = try #require(action.root?["tool"])
        #expect(t.file.location(at: tool.span.start) == SourceLocation(line: 13, column: 7))
    }

    @Test func indentedFenceMapsPositionsToTheFile() throws {
        let (tree, _) = parse("---\nname: x\n---\n## Steps\n### a: A\nSay.\n   ```action\n   retry:\n     max_attempts: 2\n   ```\n")
        let t = try #require(tree)
        let max = try #require(t.steps.first?.actions.first?.root?["retry"]?.pair("max_attempts"))
        #expect(t.file.location(at: max.keySpan.start) == SourceLocation(line: 9, column: 6))
        #expect(text(t, max.value.span) == "2")
    }

    @Test func yamlErrorInsideAnActionBlockPointsIntoTheFile() throws {
        let (_, diags) = parse("---\nname: x\n---\n## Steps\n### a: A\nSay.\n```action\nwith:\n  a: 1\n   b: 2\n```\n")
        let d = try #require(diags.first)
        #expect(d.code == .yamlSyntax)
        #expect(d.range.start == SourceLocation(line: 10, column: 5))
    }

    @Test func orphanAndStrayContentAreRecorded() throws {
        let (tree, _) = parse("---\nname: x\n---\n```action\nx: 1\n```\n## Steps\nStray.\n### a: A\nSay.\n## Steps\n### b: B\nMore.\n")
        let t = try #require(tree)
        #expect(t.orphanActions.count == 1)
        #expect(t.strayContent.text(in: t.file) == "Stray.")
        #expect(t.extraStepsHeadings.count == 1)
        #expect(t.steps.map(\.id) == ["a", "b"])
    }

    @Test(arguments: [
        ("### fetch: Fetch mail", "fetch", "Fetch mail", true),
        ("### Fetch mail", "fetch_mail", "Fetch mail", false),
        ("###   step_2:   Two  ##", "step_2", "Two", true),
        ("### Step 2: Summarize", "step_2_summarize", "Step 2: Summarize", false),
        ("### 3 things", "step_3_things", "3 things", false),
        ("### note:", "note", "note", true),
        ("### a:b", "a_b", "a:b", false),
        ("### Ünïcode ✓", "n_code", "Ünïcode ✓", false),
    ] as [(String, String, String, Bool)])
    func stepHeadings(_ heading: String, _ id: String, _ title: String, _ explicit: Bool) throws {
        let (tree, _) = parse("---\nname: x\n---\n## Steps\n\(heading)\nDo.\n")
        let step = try #require(tree?.steps.first)
        #expect(step.id == id)
        #expect(step.title == title)
        #expect(step.hasExplicitID == explicit)
    }
}
