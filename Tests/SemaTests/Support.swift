import Diagnostics
import Foundation
import Sema

/// The repository's root, found from this file's path so tests run from any folder.
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fixture folder under Tests/Fixtures.
func fixtures(_ folder: String) -> URL {
    repositoryRoot.appendingPathComponent("Tests/Fixtures/\(folder)")
}

/// The `.md` files directly in a folder, sorted.
func markdownFiles(in folder: URL) -> [URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".md") }.sorted().map { folder.appendingPathComponent($0) }
}

/// Every `.md` file below a folder, recursively, sorted.
func markdownFilesRecursively(in folder: URL) -> [URL] {
    guard let e = FileManager.default.enumerator(atPath: folder.path) else { return [] }
    var out: [URL] = []
    while let rel = e.nextObject() as? String {
        if rel.hasSuffix(".md") { out.append(folder.appendingPathComponent(rel)) }
    }
    return out.sorted { $0.path < $1.path }
}

/// Checks text as a workflow named `name`.
func check(_ text: String, name: String = "test.md") -> [Diagnostic] {
    Checker().check(SourceFile(path: name, text: text))
}

/// Checks a file on disk, naming it by its last path component.
func check(file url: URL) throws -> [Diagnostic] {
    let bytes = try [UInt8](Data(contentsOf: url))
    return Checker().check(SourceFile(path: url.lastPathComponent, bytes: bytes))
}

/// `line:column-endLine:endColumn: severity[CODE]: message`, the golden-file line of a
/// diagnostic: both ends of the span, so a span that runs too far fails a test too.
func goldenLine(_ d: Diagnostic) -> String {
    let l = d.range.start
    let e = d.range.end
    return "\(l.line):\(l.column)-\(e.line):\(e.column): \(d.severity.rawValue)[\(d.code)]: \(d.message)"
}
