/// Renders diagnostics as one JSON document. The fields are stable (docs/cli.md): new fields
/// may be added, none is renamed or removed within format version 1.
public enum JSONRenderer {
    /// The document: `{"version": 1, "diagnostics": [...]}`, pretty-printed, one trailing newline.
    public static func render(_ diagnostics: [Diagnostic]) -> String {
        let doc = JSONValue.object([
            ("version", .int(1)),
            ("diagnostics", .array(diagnostics.map(value))),
        ])
        return doc.serialized(indent: 2) + "\n"
    }

    /// One diagnostic as a JSON object.
    public static func value(_ d: Diagnostic) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("code", .string(d.code.description)),
            ("severity", .string(d.severity.rawValue)),
            ("message", .string(d.message)),
        ]
        members += location(d.range)
        members.append(("notes", .array(d.notes.map { note in
            var m: [(String, JSONValue)] = [("message", .string(note.message))]
            if let r = note.range { m += location(r) }
            return .object(m)
        })))
        members.append(("help", .array(d.help.map { .string($0) })))
        members.append(("fixits", .array(d.fixIts.map { fix in
            .object([
                ("message", .string(fix.message)),
                ("edits", .array(fix.edits.map { e in
                    .object(location(SourceRange(file: d.file, span: e.span)) + [("replacement", .string(e.replacement))])
                })),
            ])
        })))
        return .object(members)
    }

    /// File, 1-based line/column of both ends, and 0-based byte offsets.
    static func location(_ r: SourceRange) -> [(String, JSONValue)] {
        let s = r.start
        let e = r.end
        return [
            ("file", .string(r.file.path)),
            ("line", .int(s.line)),
            ("column", .int(s.column)),
            ("end_line", .int(e.line)),
            ("end_column", .int(e.column)),
            ("offset", .int(r.span.start)),
            ("length", .int(r.span.length)),
        ]
    }
}
