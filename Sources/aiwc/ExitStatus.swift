/// Exit statuses of `aiwc` (docs/cli.md), actionlint's convention.
enum ExitStatus {
    /// No errors (warnings alone do not fail unless `--werror`).
    static let success: Int32 = 0
    /// Problems were found.
    static let problemsFound: Int32 = 1
    /// The command line was wrong (unknown option, a path that does not exist).
    static let usage: Int32 = 2
    /// Something failed inside aiwc: a bug, or a file or folder that exists but could not be
    /// read or written.
    static let internalError: Int32 = 3
}
