/// Did-you-mean suggestions: the names in scope closest to a misspelt one.
public enum Suggestions {
    /// The one to three candidates nearest to `name` by edit distance, best first; empty when
    /// none is plausibly what was meant.
    /// - Parameters:
    ///   - name: What the user wrote.
    ///   - candidates: The names in scope.
    public static func closest(to name: String, in candidates: [String]) -> [String] {
        let lowered = Array(name.lowercased().unicodeScalars)
        let limit = max(1, min(3, lowered.count / 3 + 1))
        var scored: [(Int, String)] = []
        for candidate in candidates {
            let c = Array(candidate.lowercased().unicodeScalars)
            let d = distance(lowered, c, limit: limit)
            if d <= limit {
                scored.append((d, candidate))
            } else if lowered.count >= 3, c.starts(with: lowered) || lowered.starts(with: c) {
                // An abbreviation or an over-long form (`int` for `integer`) is a likely intent
                // even when many edits away; rank it after every close spelling.
                scored.append((limit + 1, candidate))
            }
        }
        scored.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return scored.prefix(3).map(\.1)
    }

    /// A `help:` line for a misspelt name: the closest candidates, or all of them sorted when
    /// none is close (so the user always learns what is allowed).
    public static func help(for name: String, in candidates: [String], what: String) -> String {
        let close = closest(to: name, in: candidates)
        if close.count == 1 { return "did you mean '\(close[0])'?" }
        if !close.isEmpty { return "did you mean one of " + close.map { "'\($0)'" }.joined(separator: ", ") + "?" }
        if candidates.isEmpty { return "no \(what) is declared here" }
        return "expected one of " + candidates.sorted().map { "'\($0)'" }.joined(separator: ", ")
    }

    /// Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions,
    /// so `retyr` is one edit from `retry`), abandoned once it exceeds `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    v = min(v, prev2[j - 2] + 1)
                }
                cur[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return limit + 1 }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[b.count]
    }
}
