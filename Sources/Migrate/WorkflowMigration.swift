import Diagnostics
import Syntax

/// Translates one v0 workflow file into this language (docs/migrating.md §2). Everything
/// that loses or changes meaning is a diagnostic at the v0 file's line; what has no
/// equivalent is kept as a `# v0:` comment where it stood.
struct WorkflowMigration {
    let document: V0Document
    let project: ProjectContext
    var issues: MigrationIssues
    /// How many steps the migrated file has.
    private(set) var stepCount = 0

    /// A step of the v0 body: its heading and what lies under it.
    private struct StepSection {
        var heading: V0StepHeading
        var level: Int
        var line: Int
        var prose: [(first: Int, last: Int)] = []
        var actions: [V0YAMLDocument] = []
    }

    /// The first lines of the body's code blocks (prose in them is never rewritten).
    private let codeLines: Set<Int>

    init(document: V0Document, project: ProjectContext) {
        self.document = document
        self.project = project
        issues = MigrationIssues(file: document.file)
        codeLines = Set(document.blocks.compactMap { block in
            if case .code = block.kind { return block.firstLine }
            return nil
        })
    }

    var file: SourceFile { document.file }

    /// The migrated file's text.
    mutating func run() -> String {
        let root = document.root
        if let problem = document.frontmatterProblem {
            issues.report(.v0Unreadable, "the v0 frontmatter cannot be read: \(problem.message)", at: problem.span,
                          help: ["fix the YAML and migrate again; the migrated frontmatter has only what could be read"])
        }
        // --- the body's regions
        var title: String?
        var preamble: [(Int, Int)] = []
        var after: [(Int, Int)] = []
        var sections: [StepSection] = []
        var triggerDocs: [V0YAMLDocument] = []
        var inputDocs: [V0YAMLDocument] = []
        enum Region { case preamble, trigger(Int), input(Int), step, after(Int) }
        var region = Region.preamble
        for block in document.blocks {
            let range = (block.firstLine, block.lastLine)
            switch block.kind {
            case .heading(let level, let text):
                if level >= 2, level <= 4, let heading = V0StepHeading.parse(text) {
                    sections.append(StepSection(heading: heading, level: level, line: block.firstLine))
                    region = .step
                    continue
                }
                if case .step = region, let current = sections.last, level > current.level {
                    sections[sections.count - 1].prose.append(range)
                    continue
                }
                let lower = text.lowercased()
                if level == 1, title == nil, sections.isEmpty {
                    title = text
                    continue
                }
                if lower.contains("trigger") {
                    region = .trigger(level)
                } else if lower.contains("input") && !lower.contains("output") {
                    region = .input(level)
                } else if sections.isEmpty {
                    // `## Steps`, `## Workflow Steps`: this language's own `## Steps` replaces it.
                    if level == 2, lower.contains("step") { region = .preamble; continue }
                    region = .preamble
                    preamble.append(range)
                } else {
                    region = .after(level)
                    after.append(range)
                }
            case .code(let info, let literal, let closed, let contentLine):
                let isYAML = info == "yaml" || info == "yml"
                if isYAML, !closed {
                    issues.report(.v0Unreadable, "this yaml block is not closed, so the rest of the file is inside it",
                                  at: issues.lines(block.firstLine, block.firstLine), help: ["close it with a line of three backticks"])
                }
                switch region {
                case .trigger where isYAML:
                    triggerDocs += V0YAMLDocument.read(literal, contentLine: contentLine, file: file)
                case .input where isYAML:
                    inputDocs += V0YAMLDocument.read(literal, contentLine: contentLine, file: file)
                case .step where isYAML:
                    let docs = V0YAMLDocument.read(literal, contentLine: contentLine, file: file)
                    let actions = docs.filter { $0.problem != nil || $0.root?["action"] != nil }
                    if actions.isEmpty {
                        sections[sections.count - 1].prose.append(range)
                    } else {
                        sections[sections.count - 1].actions += actions
                    }
                case .step:
                    sections[sections.count - 1].prose.append(range)
                case .after where isYAML && !sections.isEmpty:
                    // v0 took every action block up to the next step heading as the last
                    // step's, whatever headings stood between.
                    let docs = V0YAMLDocument.read(literal, contentLine: contentLine, file: file)
                    let actions = docs.filter { $0.problem != nil || $0.root?["action"] != nil }
                    if actions.isEmpty { after.append(range) } else { sections[sections.count - 1].actions += actions }
                case .trigger, .input, .preamble:
                    preamble.append(range)
                case .after:
                    after.append(range)
                }
            case .other:
                switch region {
                case .step: sections[sections.count - 1].prose.append(range)
                case .after: after.append(range)
                case .trigger, .input, .preamble: preamble.append(range)
                }
            }
        }
        for line in document.nestedActions {
            issues.report(.v0SettingDropped, "this action block is inside a list or a quote, where it cannot be a step here; it stays in the text",
                          at: issues.lines(line, line), help: ["move it out of the list or quote, under its step heading"])
        }
        // Headings without an action block were not steps for v0: their text is context.
        var steps: [StepSection] = []
        for section in sections {
            if section.actions.isEmpty {
                issues.report(.v0SettingDropped, "'\(section.heading.title)' has no yaml action block, so v0 did not run it; its text is kept as context, not as a step",
                              at: issues.lines(section.line, section.line))
                after.append((section.line, section.line))
                after += section.prose
            } else {
                steps.append(section)
            }
        }
        // --- the frontmatter
        let called = steps.flatMap(\.actions).compactMap { doc -> String? in
            guard let action = doc.root?["action"]?.scalar?.text, !action.hasPrefix("agent."), let dot = action.firstIndex(of: ".") else { return nil }
            return String(action[..<dot])
        }
        let (frontLines, names) = frontmatter(root, triggers: triggerDocs, inputs: inputDocs, usedTools: called)
        // --- the steps
        var stepTexts: [String] = []
        var usedIDs: Set<String> = []
        var seenNumbers: [String: Int] = [:]
        var variables = V0Names()
        variables.inputs = names
        var outputs: [String?] = []
        // Ids first, so that templates can name any step's output.
        var plans: [(section: StepSection, action: V0YAMLDocument, id: String, title: String)] = []
        for section in steps {
            let numberText = section.heading.number.map(String.init).joined(separator: ".")
            let base = section.heading.title.isEmpty ? "Step \(numberText)" : section.heading.title
            for (k, action) in section.actions.enumerated() {
                var id = section.heading.id + (k == 0 ? "" : Self.letter(k))
                var n = 2
                while usedIDs.contains(id) {
                    id = section.heading.id + (k == 0 ? "" : Self.letter(k)) + "_\(n)"
                    n += 1
                }
                usedIDs.insert(id)
                if k == 0 {
                    if section.heading.number.count > 1 || !section.heading.hasStepWord {
                        issues.report(.v0StepHeading, "v0 step heading '\(numberText)\(section.heading.hasStepWord ? "" : ".") \(section.heading.title)' is not of the form `Step N: Title`; its id is \(id)",
                                      at: issues.lines(section.line, section.line))
                    }
                    if let earlier = seenNumbers[numberText] {
                        issues.report(.v0StepHeading, "step \(numberText) is numbered like the step on line \(earlier + 1); its id is \(id)",
                                      at: issues.lines(section.line, section.line))
                    } else {
                        seenNumbers[numberText] = section.line
                    }
                }
                plans.append((section, action, id, k == 0 ? base : "\(base) (\(k + 1))"))
                // Each step's own output variable, by plan (nil: none).
                outputs.append(action.root?["output_variable"]?.scalar?.text.trimmingBlanks)
            }
        }
        // Later outputs by suffix, earlier ones as the walk goes: linear in the steps.
        var laterCounts: [String: Int] = [:]
        for case let variable? in outputs where !variable.isEmpty { laterCounts[variable, default: 0] += 1 }
        var previousLine: Int?
        for (index, plan) in plans.enumerated() {
            variables.later = Set(laterCounts.keys)
            let first = plan.section.line != previousLine
            previousLine = plan.section.line
            stepTexts.append(step(line: plan.section.line, plan.action, id: plan.id, title: plan.title, first: first,
                                  names: variables, inputs: names, prose: plan.section.prose.map { ($0.first, $0.last) }))
            if let variable = outputs[index], !variable.isEmpty {
                laterCounts[variable, default: 1] -= 1
                if laterCounts[variable] == 0 { laterCounts[variable] = nil }
                variables.earlier[variable] = plan.id
            }
        }
        stepCount = plans.count
        // --- the file
        var out = "---\n" + frontLines.joined(separator: "\n") + "\n---\n"
        let heading = title ?? root?["workflow"]?["name"]?.scalar?.text
        if let heading, !heading.isEmpty { out += "\n# \(heading)\n" }
        let context = prose(preamble, nil)
        if !context.isEmpty { out += "\n" + context }
        out += "\n## Steps\n"
        for text in stepTexts { out += "\n" + text }
        let closing = prose(after, nil)
        if !closing.isEmpty { out += "\n" + closing }
        return out
    }

    /// The file position of a byte offset into the text of lines `firstLine…` (as
    /// ``V0Document/lines(_:_:)`` gives them: each line's own bytes, then a line feed).
    private func position(_ offset: Int, in text: String, firstLine: Int) -> Span {
        let bytes = text.utf8.prefix(offset)
        let line = firstLine + bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        let column = bytes.count - ((bytes.lastIndex(of: UInt8(ascii: "\n")).map { bytes.distance(from: bytes.startIndex, to: $0) + 1 }) ?? 0)
        guard line < file.lineCount else { return issues.lines(firstLine, firstLine) }
        let range = file.lineRange(line)
        let start = min(range.lowerBound + column, range.upperBound)
        return Span(start: start, end: start)
    }

    /// A heading of level 3 or deeper as level 2: moved out of a step section, it must not
    /// start a step of the new one.
    private static func promoted(_ text: String) -> String {
        guard text.hasPrefix("###") else { return text }
        return "## " + text.drop { $0 == "#" }.drop { $0 == " " }
    }

    private static func letter(_ k: Int) -> String {
        let letters = Array("bcdefghijklmnopqrstuvwxyz")
        return k - 1 < letters.count ? String(letters[k - 1]) : "_\(k + 1)"
    }

    /// The lines of some regions as prose, blank-line separated: with their templates
    /// rewritten for a step's prompt (`names`), verbatim for the context, which is never
    /// rendered.
    mutating func prose(_ ranges: [(Int, Int)], _ names: V0Names?) -> String {
        var parts: [String] = []
        for (first, last) in ranges.sorted(by: { $0.0 < $1.0 }) {
            let text = document.lines(first, last)
            let isCode = codeLines.contains(first)
            guard let names else {
                parts.append(isCode ? text : Self.promoted(text))
                continue
            }
            guard !isCode else {
                parts.append(text)
                continue
            }
            var (rewritten, problems) = V0Templates.rewriteLocating(text, names)
            // A heading inside a step must stay below the step headings (`###`).
            if rewritten.hasPrefix("#"), rewritten.drop(while: { $0 == "#" }).first.map({ $0 == " " || $0 == "\n" }) ?? true {
                rewritten = "#### " + rewritten.drop { $0 == "#" }.drop { $0 == " " }
            }
            for problem in problems { issues.report(.v0Template, problem.message, at: position(problem.offset, in: text, firstLine: first)) }
            parts.append(rewritten)
        }
        return parts.joined(separator: "\n")
    }
}
