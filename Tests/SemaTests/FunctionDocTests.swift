import Foundation
import Sema
import Testing

/// docs/language.md §9.6 documents every library function under its own heading, with the
/// signature exactly as the checker prints it in the help of AIW343 and AIW344: a function
/// added, removed or retyped in `FunctionLibrary` fails here until the reference follows.
@Suite struct FunctionDocTests {
    static func language() throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent("docs/language.md"), encoding: .utf8)
    }

    /// The lines of §9.6: from its heading up to the next heading of level 3 or above.
    static func functionSection(_ text: String) -> [Substring] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("### 9.6 ") }) else { return [] }
        let rest = lines[(start + 1)...]
        let end = rest.firstIndex { $0.hasPrefix("### ") || $0.hasPrefix("## ") || $0.hasPrefix("# ") } ?? lines.endIndex
        return Array(lines[(start + 1)..<end])
    }

    @Test(arguments: FunctionLibrary.signatures.map(\.name))
    func isDocumented(_ name: String) throws {
        let text = try Self.language()
        let signature = try #require(FunctionLibrary.signature(name))
        let lines = Self.functionSection(text)
        #expect(lines.contains { $0 == "#### `\(name)`" }, "no heading for '\(name)' in §9.6")
        // The signature as printed, in a code span of its own, so that readers see exactly
        // what an error's help shows.
        #expect(lines.contains { $0.contains(signature.display) }, "§9.6 lacks `\(signature.display)`")
    }

    /// The headings of §9.6 are the library, in its (alphabetical) order: nothing missing,
    /// nothing extra, nothing left behind after a rename.
    @Test func headingsAreTheLibrary() throws {
        let lines = Self.functionSection(try Self.language())
        #expect(!lines.isEmpty, "docs/language.md has no section 9.6")
        let headings = lines.filter { $0.hasPrefix("#### ") }.map { String($0.dropFirst(5)) }
        #expect(headings == FunctionLibrary.signatures.map { "`\($0.name)`" })
    }
}
