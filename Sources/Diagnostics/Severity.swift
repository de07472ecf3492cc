/// How serious a diagnostic is.
public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
    /// A defect: the workflow cannot be compiled.
    case error
    /// A likely mistake that does not stop compilation (an error under `--werror`).
    case warning
    /// Extra information attached to another diagnostic.
    case note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}
