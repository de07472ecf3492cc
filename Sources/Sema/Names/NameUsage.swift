import Diagnostics

/// What expressions use, for the unused-input and unused-secret warnings (AIW320, AIW321)
/// and the secret in a prompt (AIW322).
struct NameUsage {
    var inputs: Set<String> = []
    var secrets: Set<String> = []
    /// Every `secrets.NAME` read, with where.
    var secretReads: [(name: String, span: Span)] = []
}
