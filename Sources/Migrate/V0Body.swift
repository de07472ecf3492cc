import CCMark
import Diagnostics
import Sema
import Syntax

/// A v0 workflow file as `aiwc migrate` reads it: the frontmatter's YAML, and the body as a
/// list of top-level Markdown blocks with the lines they span.
struct V0Document {
    /// One top-level block of the body.
    struct Block {
        enum Kind {
            case heading(level: Int, text: String)
            /// A fenced code block: its info string's first word, its content, whether the
            /// closing fence is there, and the file line of its first content line.
            case code(info: String, literal: String, closed: Bool, contentLine: Int)
            case other
        }

        var kind: Kind
        /// The block's first and last line in the file (0-based, inclusive).
        var firstLine: Int
        var lastLine: Int
    }

    let file: SourceFile
    /// The frontmatter's root, nil when there is none or it is broken.
    var root: YAMLNode?
    /// Why the frontmatter could not be read, with where.
    var frontmatterProblem: (message: String, span: Span)?
    /// Whether the file is a v0 workflow: its frontmatter has `workflow` and no `name` (or,
    /// broken, has a line `workflow:` and none `name:`).
    var isV0 = false
    var blocks: [Block] = []
    /// Lines of action blocks inside lists or quotes, which are not steps here.
    var nestedActions: [Int] = []

    init(file: SourceFile) {
        self.file = file
        var sink = DiagnosticSink(file: file)
        let syntax = WorkflowParser.parse(file, into: &sink)
        var bodyLine = 0
        if let frontmatter = syntax?.frontmatter {
            root = frontmatter.root
            if frontmatter.isBroken {
                let first = sink.diagnostics.filter { $0.range.span.start >= frontmatter.span.start && $0.range.span.end <= frontmatter.span.end }
                    .sorted(by: Diagnostic.precedes).first
                frontmatterProblem = (first?.message ?? "the frontmatter is not valid YAML", first?.range.span ?? frontmatter.openSpan)
            }
            if frontmatter.isBroken {
                let text = file.text(frontmatter.span)
                let keys = text.v0Lines.map { $0.prefix { $0 != ":" } }
                isV0 = keys.contains("workflow") && !keys.contains("name")
            } else {
                isV0 = V0Format.workflowKey(in: frontmatter.root) != nil
            }
            bodyLine = frontmatter.isBroken && frontmatter.span.end >= file.bytes.count ? file.lineCount : file.lineIndex(at: max(frontmatter.span.end - 1, 0)) + 1
        }
        (blocks, nestedActions) = Self.readBlocks(file, from: bodyLine)
    }

    /// The source text of lines `first...last`, each ending with a line break.
    func lines(_ first: Int, _ last: Int) -> String {
        guard first <= last, first < file.lineCount else { return "" }
        var out = ""
        for i in first...min(last, file.lineCount - 1) {
            var text = file.lineText(i)
            while text.hasSuffix("\r") { text.removeLast() }
            out += text + "\n"
        }
        return out
    }

    private static func readBlocks(_ file: SourceFile, from bodyLine: Int) -> (blocks: [Block], nested: [Int]) {
        guard bodyLine < file.lineCount else { return ([], []) }
        let start = file.lineStarts[bodyLine]
        var blocks: [Block] = []
        var nested: [Int] = []
        file.bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress, start < buf.count else { return }
            let raw = UnsafeRawPointer(base + start).assumingMemoryBound(to: CChar.self)
            guard let doc = cmark_parse_document(raw, buf.count - start, CMARK_OPT_SOURCEPOS) else { return }
            defer { cmark_node_free(doc) }
            var node = cmark_node_first_child(doc)
            while let n = node {
                let first = bodyLine + Int(cmark_node_get_start_line(n)) - 1
                let last = max(first, bodyLine + Int(cmark_node_get_end_line(n)) - 1)
                switch cmark_node_get_type(n) {
                case CMARK_NODE_HEADING:
                    blocks.append(Block(kind: .heading(level: Int(cmark_node_get_heading_level(n)), text: MarkdownText.plain(n).trimmingBlanks), firstLine: first, lastLine: last))
                case CMARK_NODE_CODE_BLOCK where Self.isFence(file, first):
                    let info = cmark_node_get_fence_info(n).map { String(cString: $0) } ?? ""
                    let word = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
                    let literal = cmark_node_get_literal(n).map { String(cString: $0) } ?? ""
                    // Closed when the last line is a fence, not content running to the end.
                    let lastText = last < file.lineCount ? file.lineText(last).trimmingBlanks : ""
                    let fence = first < file.lineCount ? String(file.lineText(first).trimmingBlanks.prefix(3)) : "```"
                    let closed = last > first && lastText.hasPrefix(fence)
                    blocks.append(Block(kind: .code(info: word.lowercased(), literal: literal, closed: closed, contentLine: first + 1),
                                        firstLine: first, lastLine: last))
                default:
                    blocks.append(Block(kind: .other, firstLine: first, lastLine: last))
                    nested += Self.nestedActionLines(n, bodyLine: bodyLine)
                }
                node = cmark_node_next(n)
            }
        }
        return (blocks, nested)
    }

    /// The lines of `yaml` blocks with an `action:` key inside a list or a quote: v0 may
    /// have run them as steps, which a block there cannot be here.
    private static func nestedActionLines(_ node: OpaquePointer, bodyLine: Int) -> [Int] {
        var lines: [Int] = []
        guard let iterator = cmark_iter_new(node) else { return lines }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator), cmark_node_get_type(current) == CMARK_NODE_CODE_BLOCK else { continue }
            let info = cmark_node_get_fence_info(current).map { String(cString: $0).lowercased() } ?? ""
            let literal = cmark_node_get_literal(current).map { String(cString: $0) } ?? ""
            if info.hasPrefix("yaml") || info.hasPrefix("yml"), literal.v0Lines.contains(where: { $0.hasPrefix("action:") }) {
                lines.append(bodyLine + Int(cmark_node_get_start_line(current)) - 1)
            }
        }
        return lines
    }

    /// Whether a line opens a fenced code block (an indented one is prose).
    private static func isFence(_ file: SourceFile, _ line: Int) -> Bool {
        guard line < file.lineCount else { return false }
        let text = file.lineText(line).drop { $0 == " " }
        return text.hasPrefix("```") || text.hasPrefix("~~~")
    }
}

extension String {
    /// The text without blanks (spaces, tabs, line ends) at either end.
    var trimmingBlanks: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\n" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\n" || c == "\r" { s.removeLast() }
        return String(s)
    }
}
