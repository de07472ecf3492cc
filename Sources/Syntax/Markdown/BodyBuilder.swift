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
            let heading = Heading(level: level, text: MarkdownText.plain(node), span: span)
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
        // `excluded` is in line order, so one pass with a cursor cuts every block out.
        var cut = 0
        while line < end {
            while cut < excluded.count, excluded[cut].upperBound < line { cut += 1 }
            if cut < excluded.count, excluded[cut].contains(line) {
                line = excluded[cut].upperBound + 1
                continue
            }
            let stop = cut < excluded.count ? min(end, excluded[cut].lowerBound) : end
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
        let fence = file.lineRange(lines.lowerBound)
        let span = Span(start: fence.lowerBound, end: file.lineRange(lines.upperBound).upperBound)
        var block = ActionBlock(span: span, fenceSpan: Span(start: fence.lowerBound, end: fence.upperBound), root: nil, isBroken: false)
        guard isClosed(lines) else {
            // Everything after an unclosed fence would be read as YAML: the steps below it
            // would vanish into the block. Report the fence and read none of it.
            sink.report(
                .unclosedActionBlock, "this action block is never closed", at: block.fenceSpan,
                help: ["add a line with the same fence (such as ```) after the block's settings"])
            block.isBroken = true
            return block
        }
        let literal = cmark_node_get_literal(node).map { Array(String(cString: $0).utf8) } ?? []
        let reader = YAMLReader(input: literal, map: lineMap(literal, firstLine: lines.lowerBound + 1), limits: limits)
        switch reader.read(into: &sink) {
        case .document(let root): block.root = root
        case .failed: block.isBroken = true
        }
        return block
    }

    /// Pairs each line of a code block's text with where it sits in the file. cmark strips
    /// the fence's indentation, so a line is usually a suffix of its file line; where it is
    /// not (a tab in the indentation, widened to spaces), the first non-blank characters of
    /// both are paired instead.
    private func lineMap(_ literal: [UInt8], firstLine: Int) -> InputMap {
        var map: [(input: Int, file: Int)] = []
        var inputLineStart = 0
        var fileLine = firstLine
        var i = 0
        while inputLineStart < literal.count {
            while i < literal.count, literal[i] != 0x0A { i += 1 }
            let length = i - inputLineStart
            if fileLine < file.lineCount {
                let r = file.lineRange(fileLine)
                if r.count >= length, file.bytes[(r.upperBound - length)..<r.upperBound].elementsEqual(literal[inputLineStart..<i]) {
                    map.append((inputLineStart, r.upperBound - length))
                } else {
                    var inputContent = inputLineStart
                    while inputContent < i, literal[inputContent] == 0x20 { inputContent += 1 }
                    var fileContent = r.lowerBound
                    while fileContent < r.upperBound, file.bytes[fileContent] == 0x20 || file.bytes[fileContent] == 0x09 { fileContent += 1 }
                    map.append((inputLineStart, r.lowerBound))
                    if inputContent > inputLineStart { map.append((inputContent, fileContent)) }
                }
            } else {
                map.append((inputLineStart, file.bytes.count))
            }
            i += 1
            inputLineStart = i
            fileLine += 1
        }
        return InputMap(input: literal, lines: map, fileEnd: file.bytes.count)
    }

    /// Whether a fenced block's last line closes it: the opening fence's character, at least
    /// as many of them, at most three spaces before and only blanks after (CommonMark).
    private func isClosed(_ lines: ClosedRange<Int>) -> Bool {
        guard lines.upperBound > lines.lowerBound, let open = fence(lines.lowerBound) else { return false }
        guard let close = fence(lines.upperBound) else { return false }
        let r = file.lineRange(lines.upperBound)
        let rest = file.bytes[(close.start + close.count)..<r.upperBound]
        return close.char == open.char && close.count >= open.count && rest.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// The fence run at the start of a line: its character, length and offset.
    private func fence(_ line: Int) -> (char: UInt8, count: Int, start: Int)? {
        let r = file.lineRange(line)
        var i = r.lowerBound
        while i < r.upperBound, i - r.lowerBound < 3, file.bytes[i] == 0x20 { i += 1 }
        guard i < r.upperBound, file.bytes[i] == UInt8(ascii: "`") || file.bytes[i] == UInt8(ascii: "~") else { return nil }
        let char = file.bytes[i]
        var j = i
        while j < r.upperBound, file.bytes[j] == char { j += 1 }
        return j - i >= 3 ? (char, j - i, i) : nil
    }

    private func fileLine(_ cmarkLine: Int32) -> Int {
        min(max(0, lineOffset + Int(cmarkLine) - 1), file.lineCount - 1)
    }

    private static func firstWord(_ info: String) -> Substring {
        info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? ""
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
