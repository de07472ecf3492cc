import Diagnostics
import Syntax

/// One YAML document of a v0 `yaml` block (a block may hold several, separated by `---`),
/// with the way back from its positions to the v0 file's.
struct V0YAMLDocument {
    /// The document's root, nil when it is empty or broken.
    var root: YAMLNode?
    /// Why it could not be read, with the v0 file's span.
    var problem: (message: String, span: Span)?
    /// The document's text as a file of its own (spans of ``root`` are in it).
    let chunk: SourceFile
    /// The v0 file line of the chunk's first line.
    let firstLine: Int
    let file: SourceFile

    /// A span of ``root`` in the v0 file: same line and column (v0 blocks are top-level
    /// fences without indentation; anything else is pointed at its line's start).
    func fileSpan(_ span: Span) -> Span {
        Span(start: map(span.start), end: map(span.end))
    }

    private func map(_ offset: Int) -> Int {
        let location = chunk.location(at: min(offset, chunk.bytes.count))
        let line = firstLine + location.line - 1
        guard line < file.lineCount else { return file.bytes.count }
        let range = file.lineRange(line)
        return min(range.lowerBound + location.column - 1, range.upperBound)
    }

    /// Splits a block's content at `---` lines and reads each document.
    static func read(_ literal: String, contentLine: Int, file: SourceFile) -> [V0YAMLDocument] {
        var documents: [V0YAMLDocument] = []
        var current: [Substring] = []
        var start = 0
        let lines = literal.v0Lines
        func flush(_ end: Int) {
            let text = current.joined(separator: "\n")
            defer { current = [] }
            guard !text.trimmingBlanks.isEmpty else { return }
            let chunk = SourceFile(path: file.path, text: text + "\n")
            var sink = DiagnosticSink(file: chunk)
            var document = V0YAMLDocument(root: nil, problem: nil, chunk: chunk, firstLine: contentLine + start, file: file)
            switch YAMLDocument.parse(chunk, into: &sink) {
            case .success(let root): document.root = root
            case .failure:
                let first = sink.diagnostics.sorted(by: Diagnostic.precedes).first
                document.problem = (first?.message ?? "not valid YAML", document.fileSpan(first?.range.span ?? Span.point(0)))
            }
            documents.append(document)
        }
        for (i, line) in lines.enumerated() {
            // Only a `---` at the start of a line separates documents (an indented one is
            // text of a block scalar).
            if line.hasPrefix("---"), line.dropFirst(3).allSatisfy({ $0 == " " || $0 == "\t" }) {
                flush(i)
                start = i + 1
                continue
            }
            current.append(line)
        }
        flush(lines.count)
        return documents
    }
}

extension Substring {
    var trimmingBlanks: String { String(self).trimmingBlanks }
}

extension String {
    /// The lines of a text, split at LF with a CR before it dropped (Swift's `split` on
    /// `"\n"` does not split at CRLF, which is one Character).
    var v0Lines: [Substring] {
        var lines: [Substring] = []
        var start = unicodeScalars.startIndex
        var i = start
        while i < unicodeScalars.endIndex {
            if unicodeScalars[i] == "\n" {
                var end = i
                if end > start, unicodeScalars[unicodeScalars.index(before: end)] == "\r" { end = unicodeScalars.index(before: end) }
                lines.append(self[start..<end])
                start = unicodeScalars.index(after: i)
            }
            i = unicodeScalars.index(after: i)
        }
        lines.append(self[start...])
        return lines
    }
}
