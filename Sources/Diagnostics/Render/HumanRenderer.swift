/// Renders diagnostics for people: a header, the source line with a gutter and a `^~~~`
/// underline, then notes (each with its own excerpt when it has a location) and `help:` lines.
/// The plain-text output carries everything the coloured one does.
public struct HumanRenderer: Sendable {
    /// Whether to add ANSI colour.
    public var color: Bool

    /// Creates a renderer.
    public init(color: Bool) {
        self.color = color
    }

    /// Renders all diagnostics followed by a summary line (nothing when there are none).
    public func render(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        for d in diagnostics {
            render(d, into: &out)
            out += "\n"
        }
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count { $0.severity == .warning }
        if errors + warnings > 0 {
            var parts: [String] = []
            if errors > 0 { parts.append("\(errors) error\(errors == 1 ? "" : "s")") }
            if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
            out += parts.joined(separator: " and ") + " generated.\n"
        }
        return out
    }

    /// Renders one diagnostic with its excerpt, notes, help and fix-its.
    public func render(_ d: Diagnostic, into out: inout String) {
        let loc = d.range.start
        out += bold("\(d.range.file.path):\(loc.line):\(loc.column): ")
        out += paint(d.severity, "\(d.severity.rawValue)[\(d.code)]") + bold(": \(d.message)") + "\n"
        excerpt(d.range, severity: d.severity, into: &out)
        for note in d.notes {
            if let r = note.range {
                let l = r.start
                out += bold("\(r.file.path):\(l.line):\(l.column): ") + paint(.note, "note") + ": \(note.message)\n"
                excerpt(r, severity: .note, into: &out)
            } else {
                out += "  = " + paint(.note, "note") + ": \(note.message)\n"
            }
        }
        for h in d.help {
            out += "  = " + bold("help") + ": \(h)\n"
        }
        for fix in d.fixIts {
            let edits = fix.edits.map { e -> String in
                let at = d.range.file.location(at: e.span.start)
                return "\(at.line):\(at.column) '\(d.range.file.text(e.span))' → '\(e.replacement)'"
            }
            out += "  = " + bold("fix") + ": \(fix.message) (\(edits.joined(separator: "; ")))\n"
        }
    }

    /// Bytes of context shown around a position on a long line; longer lines are cut with `…`.
    static let window = 80

    private func excerpt(_ r: SourceRange, severity: Severity, into out: inout String) {
        let file = r.file
        guard !file.bytes.isEmpty else { return }
        let lineIndex = file.lineIndex(at: r.span.start)
        let lineRange = file.lineRange(lineIndex)
        let gutter = String(lineIndex + 1)
        let pad = String(repeating: " ", count: gutter.count)
        let start = min(max(r.span.start, lineRange.lowerBound), lineRange.upperBound)
        let end = min(max(r.span.end, start + 1), lineRange.upperBound + 1)
        // A long line is shown as a window around the span, cut at character boundaries.
        var from = lineRange.lowerBound
        var to = lineRange.upperBound
        if to - from > 2 * Self.window {
            from = max(from, start - Self.window)
            while from > lineRange.lowerBound, file.bytes[from] & 0xC0 == 0x80 { from -= 1 }
            // However long the span, only a window of it is shown (10 MB of `[` would
            // otherwise print 10 MB of source and of `~`).
            to = min(to, start + Self.window)
            while to < lineRange.upperBound, file.bytes[to] & 0xC0 == 0x80 { to += 1 }
        }
        // Tabs are shown as one space and control bytes as '?', so that the caret line lines
        // up on a terminal (for characters of single width: wide CJK and emoji shift it).
        var shown = from > lineRange.lowerBound ? "…" : ""
        var caretLine = from > lineRange.lowerBound ? " " : ""
        var i = from
        while i < to {
            let width = min(UTF8Width.of(file.bytes[i]), to - i)
            let chunk = file.bytes[i..<(i + width)]
            var text = String(decoding: chunk, as: UTF8.self)
            if width == 1, let b = chunk.first, b < 0x20 || b == 0x7F { text = b == 0x09 ? " " : "?" }
            shown += text
            if i < start {
                caretLine += " "
            } else if i < end {
                caretLine += i == start ? "^" : "~"
            }
            i += width
        }
        if to < lineRange.upperBound { shown += "…" }
        if start >= to { caretLine += "^" }
        out += "\(pad) |\n"
        out += "\(gutter) | \(shown)\n"
        out += "\(pad) | " + paint(severity, caretLine) + "\n"
    }

    private func bold(_ s: String) -> String { color ? "\u{1B}[1m\(s)\u{1B}[0m" : s }

    private func paint(_ severity: Severity, _ s: String) -> String {
        guard color else { return s }
        let code = switch severity {
        case .error: "31"
        case .warning: "33"
        case .note: "36"
        }
        return "\u{1B}[1;\(code)m\(s)\u{1B}[0m"
    }
}
