import CCMark
import Diagnostics

/// Parses a workflow file into a ``WorkflowSyntax``: the frontmatter with libyaml, the body
/// with libcmark (`CMARK_OPT_SOURCEPOS`), every `action` block with libyaml again, all
/// positions mapped to byte offsets of the whole file.
public enum WorkflowParser {
    /// Parses a file, reporting syntax problems (1xx codes) to the sink.
    /// - Returns: The syntax tree, or nil when the file cannot be read as text at all
    ///   (invalid UTF-8, NUL bytes), in which case nothing else about it is checked.
    public static func parse(_ file: SourceFile, into sink: inout DiagnosticSink, limits: YAMLLimits = YAMLLimits()) -> WorkflowSyntax? {
        guard TextValidation.reportProblem(in: file, into: &sink) else { return nil }
        var workflow = WorkflowSyntax(file: file)
        let layout = FrontmatterSplitter.split(file)
        guard let open = layout.open else {
            let firstLine = file.lineCount > 0 ? file.lineRange(0) : 0..<0
            let blank = file.bytes[layout.contentStart...].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
            let message = blank ? "file is empty: a workflow starts with a `---` frontmatter block" : "file does not start with a `---` frontmatter block"
            sink.report(
                .missingFrontmatter, message,
                at: Span(start: layout.contentStart, end: max(layout.contentStart, firstLine.upperBound)),
                help: ["begin the file with `---`, the keys `name:` and `version:`, and another `---`"])
            if blank {
                // Nothing but white space: "empty" is the one problem, not also "no steps".
                workflow.hasBody = false
            } else {
                readBody(file, from: layout.contentStart, line: 0, into: &workflow, sink: &sink, limits: limits)
            }
            return workflow
        }
        if layout.unterminated {
            sink.report(
                .unterminatedFrontmatter, "frontmatter is not closed by a `---` line", at: open,
                help: ["add a line `---` after the last frontmatter key"])
            workflow.frontmatter = Frontmatter(span: Span(start: open.start, end: file.bytes.count), openSpan: open, root: nil, isBroken: true)
            workflow.hasBody = false
            return workflow
        }
        let yaml = layout.yaml ?? Span.point(open.end)
        let close = layout.close ?? Span.point(open.end)
        let input = Array(file.bytes[yaml.start..<yaml.end])
        let reader = YAMLReader(input: input, map: InputMap(input: input, fileStart: yaml.start, fileEnd: file.bytes.count), limits: limits)
        var frontmatter = Frontmatter(span: open.union(close), openSpan: open, root: nil, isBroken: false)
        switch reader.read(into: &sink) {
        case .document(let root): frontmatter.root = root
        case .failed: frontmatter.isBroken = true
        }
        workflow.frontmatter = frontmatter
        readBody(file, from: layout.bodyLine < file.lineCount ? file.lineStarts[layout.bodyLine] : file.bytes.count, line: layout.bodyLine, into: &workflow, sink: &sink, limits: limits)
        return workflow
    }

    /// Parses the body, which starts at byte `start` on 0-based line `bodyLine`.
    private static func readBody(_ file: SourceFile, from start: Int, line bodyLine: Int, into workflow: inout WorkflowSyntax, sink: inout DiagnosticSink, limits: YAMLLimits) {
        guard bodyLine < file.lineCount, start < file.bytes.count else { return }
        file.bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            let raw = UnsafeRawPointer(base + start).assumingMemoryBound(to: CChar.self)
            guard let doc = cmark_parse_document(raw, buf.count - start, CMARK_OPT_SOURCEPOS) else { return }
            defer { cmark_node_free(doc) }
            var builder = BodyBuilder(file: file, lineOffset: bodyLine, limits: limits)
            var node = cmark_node_first_child(doc)
            while let n = node {
                builder.visit(n, into: &workflow, sink: &sink)
                node = cmark_node_next(n)
            }
            builder.finish(into: &workflow)
        }
    }
}
