import Synchronization

/// What compiling a `pattern` (and matching a `default` against it) gave, kept for the
/// files of one check run: projects repeat their patterns across workflows, and compiling
/// a Swift `Regex` costs far more than checking the rest of an input declaration.
///
/// One cache belongs to one ``Checker``; files checked in parallel share it under a lock.
/// Only verdicts are kept (never a `Regex`), so the cache holds plain Sendable values.
public final class PatternCache: Sendable {
    /// A pattern, and the value matched against it (nil: compile only).
    private struct Key: Hashable {
        var pattern: String
        var value: String?
    }

    /// The outcome for a key.
    struct Verdict: Sendable {
        /// Why the pattern does not compile, or nil when it does.
        var error: String?
        /// Whether the value matches somewhere (nil without a value or a valid pattern).
        var matches: Bool?
    }

    private let verdicts = Mutex<[Key: Verdict]>([:])

    /// Creates an empty cache.
    public init() {}

    /// Compiles `pattern` and, if given, searches `value` with it.
    func evaluate(_ pattern: String, value: String?) -> Verdict {
        let key = Key(pattern: pattern, value: value)
        if let known = verdicts.withLock({ $0[key] }) { return known }
        // Compiled outside the lock: two threads may both compile a new pattern, which is
        // cheaper than making every other file wait.
        let verdict: Verdict
        do {
            let regex = try Regex(pattern)
            verdict = Verdict(error: nil, matches: value.map { (try? regex.firstMatch(in: $0)) != nil })
        } catch {
            verdict = Verdict(error: String(describing: error), matches: nil)
        }
        verdicts.withLock { $0[key] = verdict }
        return verdict
    }
}
