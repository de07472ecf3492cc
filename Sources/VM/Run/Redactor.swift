/// Replaces every declared secret's value by `***` in what a run writes down: events,
/// logs, attempt files and the state database (docs/vm.md §8).
public struct Redactor: Sendable {
    /// The values to hide, longest first, so a secret that contains another is hidden whole.
    let values: [[UInt8]]

    /// A redactor for these secret values (empty values are ignored: they would match
    /// everywhere).
    public init(_ secrets: [String]) {
        values = secrets.map { Array($0.utf8) }.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// The text with every secret value replaced.
    public func apply(_ text: String) -> String {
        guard !values.isEmpty else { return text }
        return String(decoding: apply(Array(text.utf8)), as: UTF8.self)
    }

    /// The bytes with every secret value replaced.
    public func apply(_ bytes: [UInt8]) -> [UInt8] {
        guard !values.isEmpty else { return bytes }
        var out = bytes
        for v in values where out.count >= v.count {
            var replaced: [UInt8] = []
            var start = 0
            while let at = Text.find(v, in: out, from: start) {
                replaced += out[start..<at]
                replaced += Self.mask
                start = at + v.count
            }
            guard start > 0 else { continue }
            replaced += out[start...]
            out = replaced
        }
        return out
    }

    static let mask = Array("***".utf8)
}
