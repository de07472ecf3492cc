import Diagnostics

/// A parsed workflow file: frontmatter, title, context prose and steps, every part with its
/// span. Structure only: meaning (keys, types, names) is Sema's business.
public struct WorkflowSyntax: Sendable {
    /// The file it was parsed from.
    public var file: SourceFile
    /// The frontmatter block, if the file has one.
    public var frontmatter: Frontmatter?
    /// The first `#` heading of the body, if any.
    public var title: Heading?
    /// Prose before `## Steps`: context for every agent in the workflow.
    public var context: Prose
    /// The `## Steps` heading, if present.
    public var stepsHeading: Heading?
    /// Further `## Steps` headings (an error; kept so the check can point at them).
    public var extraStepsHeadings: [Heading]
    /// The steps, in order.
    public var steps: [StepSyntax]
    /// `action` blocks that belong to no step.
    public var orphanActions: [ActionBlock]
    /// Content under `## Steps` before the first step.
    public var strayContent: Prose
    /// Whether the body could be read (false when the frontmatter never closed, so that
    /// body checks do not report consequences of that one error).
    public var hasBody = true

    /// Creates an empty workflow for a file.
    public init(file: SourceFile) {
        self.file = file
        self.context = Prose()
        self.extraStepsHeadings = []
        self.steps = []
        self.orphanActions = []
        self.strayContent = Prose()
    }
}

/// The frontmatter block.
public struct Frontmatter: Sendable {
    /// From the opening `---` to the end of the closing one.
    public var span: Span
    /// The opening `---`.
    public var openSpan: Span
    /// The YAML root, or nil when the block is empty or its YAML could not be read (in which
    /// case a diagnostic was already reported and ``isBroken`` is true).
    public var root: YAMLNode?
    /// Whether the YAML failed to parse (checks skip it, to avoid cascades).
    public var isBroken: Bool
}

/// A Markdown heading.
public struct Heading: Sendable {
    /// 1 to 6.
    public var level: Int
    /// Its text (inline markup reduced to text).
    public var text: String
    /// The whole heading line.
    public var span: Span
}

/// A run of Markdown prose, kept as spans of the file so it can be sent verbatim and its
/// `{{ }}` expressions located exactly.
public struct Prose: Sendable {
    /// Byte ranges of the file, in order.
    public var segments: [Span] = []

    /// Creates empty prose.
    public init() {}

    /// Whether the prose holds anything but white space.
    public func isBlank(in file: SourceFile) -> Bool {
        for s in segments {
            for i in s.start..<s.end where !isSpace(file.bytes[i]) { return false }
        }
        return true
    }

    /// The span from the first to the last segment.
    public var span: Span? {
        guard let first = segments.first, let last = segments.last else { return nil }
        return first.union(last)
    }

    /// The text, trimmed of surrounding blank lines, with line breaks normalized to LF.
    public func text(in file: SourceFile) -> String {
        var out = ""
        for s in segments { out += file.text(s) }
        return out.trimmingBlankLines()
    }

    private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
}

/// A step: a `###` heading under `## Steps`, its prose and its `action` blocks.
public struct StepSyntax: Sendable {
    /// The whole heading line.
    public var headingSpan: Span
    /// The id: written before `:` in the heading, or made from the title.
    public var id: String
    /// Where the id is written (the title's span when the id was derived from it).
    public var idSpan: Span
    /// Whether the id was written explicitly (`### fetch: …`).
    public var hasExplicitID: Bool
    /// The title.
    public var title: String
    /// Where the title is.
    public var titleSpan: Span
    /// The prose: the prompt template.
    public var prompt: Prose
    /// The `action` blocks (more than one is an error).
    public var actions: [ActionBlock]
}

/// A fenced code block with info string `action`: a step's YAML settings.
public struct ActionBlock: Sendable {
    /// From the opening fence to the end of the closing one.
    public var span: Span
    /// The opening fence line.
    public var fenceSpan: Span
    /// The YAML root, or nil when empty or broken.
    public var root: YAMLNode?
    /// Whether the YAML failed to parse.
    public var isBroken: Bool
}

extension String {
    /// Drops leading and trailing lines that hold only white space.
    func trimmingBlankLines() -> String {
        // CRLF and CR become LF (a CRLF is one Character in Swift); other characters that
        // Unicode counts as line breaks (U+2028, form feed…) are content and stay as written.
        let normalized = replacing("\r\n", with: "\n").replacing("\r", with: "\n")
        var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        while let f = lines.first, f.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeFirst() }
        while let l = lines.last, l.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
