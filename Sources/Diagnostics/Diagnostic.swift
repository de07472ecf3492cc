/// A span in a particular file: where a diagnostic, a label or a note points.
public struct SourceRange: Sendable {
    /// The file the span is in.
    public var file: SourceFile
    /// The bytes in that file.
    public var span: Span

    /// Creates a range.
    public init(file: SourceFile, span: Span) {
        self.file = file
        self.span = span
    }

    /// Where the range starts.
    public var start: SourceLocation { file.location(at: span.start) }
    /// Where the range ends (the position after its last character).
    public var end: SourceLocation { file.location(at: span.end) }
}

/// A secondary span with a short label, shown beside the primary one ("first defined here").
public struct Note: Sendable {
    /// The text of the note.
    public var message: String
    /// Where the note points, if anywhere (SARIF `relatedLocations`).
    public var range: SourceRange?

    /// Creates a note.
    public init(_ message: String, at range: SourceRange? = nil) {
        self.message = message
        self.range = range
    }
}

/// One replacement of a span's bytes with new text.
public struct Edit: Sendable, Hashable {
    /// The bytes to replace (empty to insert).
    public var span: Span
    /// The new text.
    public var replacement: String

    /// Creates an edit.
    public init(span: Span, replacement: String) {
        self.span = span
        self.replacement = replacement
    }
}

/// A suggested change that fixes a diagnostic.
public struct FixIt: Sendable, Hashable {
    /// What the change does, for a person ("replace with 'retry'").
    public var message: String
    /// The edits, all in the diagnostic's file; never empty.
    public var edits: [Edit]

    /// Creates a fix-it.
    /// - Precondition: `edits` is not empty (a fix-it that changes nothing is a bug here).
    public init(_ message: String, edits: [Edit]) {
        precondition(!edits.isEmpty, "a fix-it needs at least one edit")
        self.message = message
        self.edits = edits
    }

    /// A fix-it replacing one span.
    public static func replace(_ span: Span, with text: String, _ message: String) -> FixIt {
        FixIt(message, edits: [Edit(span: span, replacement: text)])
    }
}

/// A problem found in a source file: what, where, how serious, and what to do.
///
/// The message says what is wrong; the other half of a conflict is a ``Note`` with its own
/// range; `help` lines and fix-its say what to write instead.
public struct Diagnostic: Sendable {
    /// The stable code, such as AIW201.
    public var code: DiagnosticCode
    /// The severity (the code's default unless promoted by `--werror`).
    public var severity: Severity
    /// One sentence: what is wrong.
    public var message: String
    /// The primary location.
    public var range: SourceRange
    /// Notes, with or without locations.
    public var notes: [Note]
    /// Advice without an edit ("did you mean 'retry'?").
    public var help: [String]
    /// Suggested edits.
    public var fixIts: [FixIt]

    /// Creates a diagnostic with the code's default severity.
    public init(
        _ code: DiagnosticCode,
        _ message: String,
        at range: SourceRange,
        notes: [Note] = [],
        help: [String] = [],
        fixIts: [FixIt] = []
    ) {
        self.code = code
        self.severity = code.defaultSeverity
        self.message = message
        self.range = range
        self.notes = notes
        self.help = help
        self.fixIts = fixIts
    }

    /// The file the diagnostic is in.
    public var file: SourceFile { range.file }

    /// Sort key: file, position, then code, so output is stable whatever order checks ran in.
    public static func precedes(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.file.path != b.file.path { return a.file.path < b.file.path }
        if a.range.span.start != b.range.span.start { return a.range.span.start < b.range.span.start }
        if a.code != b.code { return a.code < b.code }
        return a.message < b.message
    }
}
