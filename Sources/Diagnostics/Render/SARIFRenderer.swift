/// Renders diagnostics as a SARIF 2.1.0 log, with rule metadata for every catalog code, so
/// that code-scanning services show titles and help for each result.
public enum SARIFRenderer {
    /// The log as pretty-printed JSON.
    /// - Parameters:
    ///   - diagnostics: The results.
    ///   - toolVersion: The compiler's version (`tool.driver.version`).
    public static func render(_ diagnostics: [Diagnostic], toolVersion: String) -> String {
        var ruleIndex: [DiagnosticCode: Int] = [:]
        for (i, entry) in Catalog.entries.enumerated() { ruleIndex[entry.code] = i }
        let rules = Catalog.entries.map { entry in
            JSONValue.object([
                ("id", .string(entry.code.description)),
                ("name", .string(camelCase(entry.name))),
                ("shortDescription", .object([("text", .string(entry.title))])),
                ("fullDescription", .object([("text", .string(entry.explanation))])),
                ("help", .object([("text", .string("Run `aiwc explain \(entry.code)` for an example and its fix."))])),
                ("defaultConfiguration", .object([("level", .string(level(entry.severity)))])),
            ])
        }
        let results = diagnostics.map { d -> JSONValue in
            var members: [(String, JSONValue)] = [("ruleId", .string(d.code.description))]
            if let i = ruleIndex[d.code] { members.append(("ruleIndex", .int(i))) }
            var text = d.message
            for h in d.help { text += " (help: \(h))" }
            members.append(("level", .string(level(d.severity))))
            members.append(("message", .object([("text", .string(text))])))
            members.append(("locations", .array([physical(d.range, id: nil, message: nil)])))
            let related = d.notes.enumerated().compactMap { i, note -> JSONValue? in
                guard let r = note.range else { return nil }
                return physical(r, id: i, message: note.message)
            }
            if !related.isEmpty { members.append(("relatedLocations", .array(related))) }
            if !d.fixIts.isEmpty {
                members.append(("fixes", .array(d.fixIts.map { fix in
                    .object([
                        ("description", .object([("text", .string(fix.message))])),
                        ("artifactChanges", .array([.object([
                            ("artifactLocation", .object([("uri", .string(uri(d.file.path)))])),
                            ("replacements", .array(fix.edits.map { e in
                                .object([
                                    ("deletedRegion", region(SourceRange(file: d.file, span: e.span))),
                                    ("insertedContent", .object([("text", .string(e.replacement))])),
                                ])
                            })),
                        ])])),
                    ])
                })))
            }
            return .object(members)
        }
        let log = JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("aiwc")),
                    ("version", .string(toolVersion)),
                    ("rules", .array(rules)),
                ]))])),
                ("columnKind", .string("unicodeCodePoints")),
                ("results", .array(results)),
            ])])),
        ])
        return log.serialized(indent: 2) + "\n"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    static func physical(_ r: SourceRange, id: Int?, message: String?) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let id { members.append(("id", .int(id))) }
        members.append(("physicalLocation", .object([
            ("artifactLocation", .object([("uri", .string(uri(r.file.path)))])),
            ("region", region(r)),
        ])))
        if let message { members.append(("message", .object([("text", .string(message))]))) }
        return .object(members)
    }

    static func region(_ r: SourceRange) -> JSONValue {
        let s = r.start
        let e = r.end
        return .object([
            ("startLine", .int(s.line)),
            ("startColumn", .int(s.column)),
            ("endLine", .int(e.line)),
            ("endColumn", .int(e.column)),
            ("byteOffset", .int(r.span.start)),
            ("byteLength", .int(r.span.length)),
        ])
    }

    /// A relative path as a URI reference: percent-encodes what a URI cannot hold.
    static func uri(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-._~/".contains(c) {
                out.append(c)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// `unknown-key` → `UnknownKey`, SARIF's convention for rule names.
    static func camelCase(_ name: String) -> String {
        name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
