import Diagnostics

/// What expressions use, for the unused-input and unused-secret warnings (AIW320, AIW321)
/// and the secret in a prompt (AIW322).
struct NameUsage {
    /// Which inputs are read, by their position in the scope's table: a flag per input
    /// instead of a set of names, so that a read hashes nothing (inputs are read by most
    /// expressions of most files).
    private(set) var inputs: [Bool] = []
    var secrets: Set<String> = []
    /// Every `secrets.NAME` read, with where.
    var secretReads: [(name: String, span: Span)] = []

    /// Records a read of the input at a position of the scope's table of `count` inputs.
    mutating func readInput(at position: Int, of count: Int) {
        if inputs.count < count { inputs += repeatElement(false, count: count - inputs.count) }
        inputs[position] = true
    }

    /// Records a read of every input (`inputs` read whole).
    mutating func readAllInputs(_ count: Int) {
        inputs = Array(repeating: true, count: count)
    }

    /// Whether the input at a position is read.
    func readsInput(at position: Int) -> Bool {
        position < inputs.count && inputs[position]
    }
}
