/// A unified diff of two texts, line by line, as `diff -u` writes it (for
/// `aiwc migrate --dry-run`).
public enum UnifiedDiff {
    /// The diff, empty when the texts are the same.
    /// - Parameters:
    ///   - old: The text before, or nil for a file that did not exist.
    ///   - new: The text after, or nil for a file that goes away.
    ///   - from: The label of the old side (`a/path`).
    ///   - to: The label of the new side.
    public static func make(old: String?, new: String?, from: String, to: String, context: Int = 3) -> String {
        let a = lines(old ?? "")
        let b = lines(new ?? "")
        guard a != b else { return "" }
        let edits = script(a, b)
        var out = "--- \(old == nil ? "/dev/null" : from)\n+++ \(new == nil ? "/dev/null" : to)\n"
        // Group the edit script into hunks with `context` unchanged lines around changes.
        var i = 0
        while i < edits.count {
            guard edits[i].kind != .same else { i += 1; continue }
            var start = i
            var kept = 0
            while start > 0, edits[start - 1].kind == .same, kept < context { start -= 1; kept += 1 }
            var end = i
            while end < edits.count {
                if edits[end].kind != .same { end += 1; continue }
                var run = 0
                while end + run < edits.count, edits[end + run].kind == .same { run += 1 }
                if end + run >= edits.count || run > 2 * context {
                    end += min(run, context)
                    break
                }
                end += run
            }
            let hunk = edits[start..<end]
            let oldStart = (hunk.first?.oldLine ?? 0), newStart = (hunk.first?.newLine ?? 0)
            let oldCount = hunk.filter { $0.kind != .insert }.count, newCount = hunk.filter { $0.kind != .delete }.count
            out += "@@ -\(oldCount == 0 ? oldStart : oldStart + 1),\(oldCount) +\(newCount == 0 ? newStart : newStart + 1),\(newCount) @@\n"
            for edit in hunk {
                switch edit.kind {
                case .same: out += " " + edit.text + "\n"
                case .delete: out += "-" + edit.text + "\n"
                case .insert: out += "+" + edit.text + "\n"
                }
            }
            i = end
        }
        return out
    }

    private struct Edit {
        enum Kind { case same, delete, insert }
        var kind: Kind
        var text: String
        /// The 0-based line in the old and new text where this edit stands.
        var oldLine: Int
        var newLine: Int
    }

    private static func lines(_ text: String) -> [String] {
        var parts = text.v0Lines.map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    /// The shortest edit script by the longest common subsequence; texts too large for the
    /// table are one deletion and one insertion.
    private static func script(_ a: [String], _ b: [String]) -> [Edit] {
        let n = a.count, m = b.count
        guard n * m <= 4_000_000 else {
            return a.enumerated().map { Edit(kind: .delete, text: $1, oldLine: $0, newLine: 0) }
                + b.enumerated().map { Edit(kind: .insert, text: $1, oldLine: n, newLine: $0) }
        }
        var table = [Int](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i * (m + 1) + j] = a[i] == b[j] ? table[(i + 1) * (m + 1) + j + 1] + 1
                    : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
            }
        }
        var edits: [Edit] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                edits.append(Edit(kind: .same, text: a[i], oldLine: i, newLine: j))
                i += 1; j += 1
            } else if i < n, j == m || table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1] {
                // Deletions before insertions, as `diff -u` writes a change.
                edits.append(Edit(kind: .delete, text: a[i], oldLine: i, newLine: j))
                i += 1
            } else {
                edits.append(Edit(kind: .insert, text: b[j], oldLine: i, newLine: j))
                j += 1
            }
        }
        return edits
    }
}
