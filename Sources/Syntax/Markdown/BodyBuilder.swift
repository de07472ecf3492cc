import CCMark
import Diagnostics

/// Walks the top-level blocks of the body and assigns every line to its owner: the context
/// prose, a step's prompt, or stray text under `## Steps`. `action` blocks are cut out of the
/// prose and read as YAML.
struct BodyBuilder {
    let file: SourceFile
    /// The file line (0-based) where cmark's line 1 is.
    let lineOffset: Int
    let limits: YAMLLimits

    private enum Section { case preamble, steps, after }
    private enum Owner { case context, stray, step(Int), nobody }

    private var section = Section.preamble
    private var owner = Owner.context
    private var regionStart: Int
    /// Line ranges (inclusive) cut out of the current region.
    private var excluded: [ClosedRange<Int>] = []

    init(file: SourceFile, lineOffset: Int, limits: YAMLLimits) {
        self.file = file
        self.lineOffset = lineOffset
        self.limits = limits
        self.regionStart = lineOffset
    }

    mutating func visit(_ node: OpaquePointer, into workflow: inout WorkflowSyntax, sink: inout DiagnosticSink) {
        let first = fileLine(cmark_node_get_start_line(node))
        let last = max(first, fileLine(cmark_node_get_end_line(node)))
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HEADING:
            let level = Int(cmark_node_get_heading_level(node))
            let span = Span(start: file.lineRange(first).lowerBound, end: file.lineRange(last).upperBound)
            let heading = Heading(level: level, text: Self.plainText(node), span: span)
            enterHeading(heading, lines: first...last, into: &workflow)
        case CMARK_NODE_CODE_BLOCK:
            guard let info = cmark_node_get_fence_info(node), Self.firstWord(String(cString: info)) == "action" else { return }
            excluded.append(first...last)
            let block = actionBlock(node, lines: first...last, sink: &sink)
            if case .step(let i) = owner, section == .steps {
                workflow.steps[i].actions.append(block)
            } else {
                workflow.orphanActions.append(block)
            }
        default:
            break
        }
    }

    private mutating func enterHeading(_ h: Heading, lines: ClosedRange<Int>, into workflow: inout WorkflowSyntax) {
        if h.level <= 2 {
            closeRegion(before: lines.lowerBound, into: &workflow)
            if h.level == 2, h.text.trimmingBlanks().lowercased() == "steps" {
                if workflow.stepsHeading == nil {
                    workflow.stepsHeading = h
                    owner = .stray
                } else {
                    workflow.extraStepsHeadings.append(h)
                    owner = .nobody
                }
                section = .steps
                regionStart = lines.upperBound + 1
            } else if h.level == 1, workflow.title == nil, section == .preamble {
                workflow.title = h
                owner = .context
                regionStart = lines.upperBound + 1
            } else {
                if section == .steps { section = .after }
                owner = .context
                regionStart = lines.lowerBound
            }
        } else if h.level == 3, section == .steps {
            closeRegion(before: lines.lowerBound, into: &workflow)
            let parts = StepHeading.parse(file, line: file.lineRange(lines.lowerBound))
            workflow.steps.append(StepSyntax(
                headingSpan: h.span, id: parts.id, idSpan: parts.idSpan, hasExplicitID: parts.hasExplicitID,
                title: parts.title, titleSpan: parts.titleSpan, prompt: Prose(), actions: []))
            owner = .step(workflow.steps.count - 1)
            regionStart = lines.upperBound + 1
        }
    }

    mutating func finish(into workflow: inout WorkflowSyntax) {
        closeRegion(before: file.lineCount, into: &workflow)
    }

    /// Gives the lines from `regionStart` up to `end` (exclusive), minus cut-out blocks, to
    /// the current owner.
    private mutating func closeRegion(before end: Int, into workflow: inout WorkflowSyntax) {
        var segments: [Span] = []
        var line = regionStart
        while line < end {
            if let cut = excluded.first(where: { $0.contains(line) }) {
                line = cut.upperBound + 1
                continue
            }
            var stop = line
            while stop < end, !excluded.contains(where: { $0.contains(stop) }) { stop += 1 }
            let startOffset = file.lineRange(line).lowerBound
            let endOffset = stop < file.lineCount ? file.lineStarts[stop] : file.bytes.count
            if endOffset > startOffset { segments.append(Span(start: startOffset, end: endOffset)) }
            line = stop
        }
        excluded.removeAll()
        regionStart = end
        switch owner {
        case .context: workflow.context.segments += segments
        case .stray: workflow.strayContent.segments += segments
        case .step(let i): workflow.steps[i].prompt.segments += segments
        case .nobody: break
        }
    }

    private func actionBlock(_ node: OpaquePointer, lines: ClosedRange<Int>, sink: inout DiagnosticSink) -> ActionBlock {
        let literal = cmark_node_get_literal(node).map { Array(String(cString: $0).utf8) } ?? []
        // Pair each content line with where the same bytes sit in the file: cmark strips the
        // fence's indentation, so the content is a suffix of its file line.
        var map: [(input: Int, file: Int)] = []
        var inputLineStart = 0
        var fileLine = lines.lowerBound + 1
        var i = 0
        while inputLineStart < literal.count {
            while i < literal.count, literal[i] != 0x0A { i += 1 }
            let length = i - inputLineStart
            var fileStart = fileLine < file.lineCount ? file.lineStarts[fileLine] : file.bytes.count
            if fileLine < file.lineCount {
                let r = file.lineRange(fileLine)
                if r.count >= length, file.bytes[(r.upperBound - length)..<r.upperBound].elementsEqual(literal[inputLineStart..<i]) {
                    fileStart = r.upperBound - length
                }
            }
            map.append((inputLineStart, fileStart))
            i += 1
            inputLineStart = i
            fileLine += 1
        }
        let fence = file.lineRange(lines.lowerBound)
        let span = Span(start: fence.lowerBound, end: file.lineRange(lines.upperBound).upperBound)
        let reader = YAMLReader(input: literal, map: InputMap(input: literal, lines: map, fileEnd: file.bytes.count), limits: limits)
        var block = ActionBlock(span: span, fenceSpan: Span(start: fence.lowerBound, end: fence.upperBound), root: nil, isBroken: false)
        switch reader.read(into: &sink) {
        case .document(let root): block.root = root
        case .failed: block.isBroken = true
        }
        return block
    }

    private func fileLine(_ cmarkLine: Int32) -> Int {
        min(max(0, lineOffset + Int(cmarkLine) - 1), file.lineCount - 1)
    }

    private static func firstWord(_ info: String) -> Substring {
        info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? ""
    }

    /// A heading's inline content as plain text. Walks with cmark's iterator rather than
    /// recursion, so deeply nested emphasis cannot exhaust the stack.
    static func plainText(_ node: OpaquePointer) -> String {
        var out = ""
        guard let iterator = cmark_iter_new(node) else { return out }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE:
                if let literal = cmark_node_get_literal(current) { out += String(cString: literal) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                out += " "
            default:
                break
            }
        }
        return out
    }
}

extension String {
    /// Drops leading and trailing spaces and tabs.
    func trimmingBlanks() -> Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
