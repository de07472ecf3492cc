import Diagnostics
import Syntax

/// A YAML value to write: what `aiwc migrate` builds for frontmatter, action blocks and
/// configuration files, written back in one deterministic style (block mappings and
/// sequences; flow style for short sequences of scalars and for small mappings of scalars).
indirect enum YAMLOut: Equatable {
    /// A scalar written as it reads: `plain` text is written plain when that reads back as
    /// the same value, and double-quoted otherwise.
    case scalar(String, plain: Bool)
    case sequence([YAMLOut])
    case mapping([(String, YAMLOut)])

    static func == (a: YAMLOut, b: YAMLOut) -> Bool {
        switch (a, b) {
        case (.scalar(let x, let p), .scalar(let y, let q)): x == y && p == q
        case (.sequence(let x), .sequence(let y)): x == y
        case (.mapping(let x), .mapping(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// A string, quoted when it would not read back as that string.
    static func string(_ s: String) -> YAMLOut { .scalar(s, plain: false) }
    /// A number, boolean or other plain word, written as it is.
    static func word(_ s: String) -> YAMLOut { .scalar(s, plain: true) }

    /// A v0 value as it was written: plain scalars stay plain (their type is kept), quoted
    /// ones stay strings.
    init(_ node: YAMLNode) {
        switch node.kind {
        case .scalar(let s):
            if case .plain = s.style {
                self = .scalar(s.text, plain: true)
            } else {
                self = .scalar(s.text, plain: false)
            }
        case .sequence(let items): self = .sequence(items.map(YAMLOut.init))
        case .mapping(let pairs): self = .mapping(pairs.map { ($0.key, YAMLOut($0.value)) })
        }
    }

    /// The value's text: a scalar's, or nil.
    var text: String? {
        if case .scalar(let s, _) = self { return s }
        return nil
    }

    var isScalar: Bool {
        if case .scalar = self { return true }
        return false
    }

    /// The value in flow style on one line (for comments and short collections).
    var flow: String {
        switch self {
        case .scalar(let s, let plain): Self.scalarText(s, plain: plain, inFlow: true)
        case .sequence(let items): "[" + items.map(\.flow).joined(separator: ", ") + "]"
        case .mapping(let pairs): pairs.isEmpty ? "{}" : "{ " + pairs.map { Self.key($0.0) + ": " + $0.1.flow }.joined(separator: ", ") + " }"
        }
    }

    /// Whether the value reads well on one line in flow style.
    var fitsFlow: Bool {
        switch self {
        case .scalar(let s, _): !Self.literalFits(s)
        case .sequence(let items): items.allSatisfy { $0.isScalar && $0.fitsFlow } && flow.count <= 72
        case .mapping(let pairs): pairs.count <= 6 && pairs.allSatisfy { $0.1.fitsFlow && ($0.1.isScalar || $0.1.isShortSequence) } && flow.count <= 72
        }
    }

    private var isShortSequence: Bool {
        if case .sequence(let items) = self { return items.allSatisfy(\.isScalar) }
        return false
    }

    /// The lines of `key: value` at an indentation.
    static func lines(key: String, _ value: YAMLOut, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .scalar(let s, _) where Self.literalFits(s):
            return [pad + Self.key(key) + ": " + Self.literalHeader(s)] + Self.literalBody(s, indent: indent + 2)
        case .scalar:
            return [pad + Self.key(key) + ": " + value.flow]
        case .sequence(let items) where items.isEmpty:
            return [pad + Self.key(key) + ": []"]
        case .mapping(let pairs) where pairs.isEmpty:
            return [pad + Self.key(key) + ": {}"]
        default:
            if value.fitsFlow { return [pad + Self.key(key) + ": " + value.flow] }
            return [pad + Self.key(key) + ":"] + value.blockLines(indent: indent + 2)
        }
    }

    /// The lines of a collection in block style at an indentation.
    func blockLines(indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch self {
        case .scalar:
            return [pad + flow]
        case .mapping(let pairs):
            return pairs.flatMap { Self.lines(key: $0.0, $0.1, indent: indent) }
        case .sequence(let items):
            return items.flatMap { item -> [String] in
                switch item {
                case .mapping(let pairs) where !pairs.isEmpty && !item.fitsFlow:
                    // `- key: value` then the other keys under it.
                    var inner = Self.lines(key: pairs[0].0, pairs[0].1, indent: indent + 2)
                    inner[0] = pad + "- " + inner[0].dropFirst(indent + 2)
                    for pair in pairs.dropFirst() { inner += Self.lines(key: pair.0, pair.1, indent: indent + 2) }
                    return inner
                case .sequence where !item.fitsFlow:
                    var inner = item.blockLines(indent: indent + 2)
                    inner[0] = pad + "- " + inner[0].dropFirst(indent + 2)
                    return inner
                case .scalar(let s, _) where Self.literalFits(s):
                    return [pad + "- " + Self.literalHeader(s)] + Self.literalBody(s, indent: indent + 2)
                default:
                    return [pad + "- " + item.flow]
                }
            }
        }
    }

    /// Whether a multi-line string reads back the same as a literal block (`|` or `|-`):
    /// not when it ends in blank lines, starts with a blank, or holds a carriage return.
    /// (A line of blanks alone would read back empty; the first line sets the indentation.)
    static func literalFits(_ s: String) -> Bool {
        guard s.contains("\n"), !s.hasSuffix("\n\n"), !s.hasPrefix(" "), !s.hasPrefix("\t"), !s.hasPrefix("\n"),
              !s.unicodeScalars.contains(where: { $0 != "\n" && YAMLQuoting.needsEscape($0) }) else { return false }
        return !s.split(separator: "\n").contains { !$0.isEmpty && $0.allSatisfy { $0 == " " || $0 == "\t" } }
    }

    private static func literalHeader(_ s: String) -> String {
        s.hasSuffix("\n") ? "|" : "|-"
    }

    private static func literalBody(_ s: String, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var body = s
        while body.hasSuffix("\n") { body.removeLast() }
        return body.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }
    }

    /// A mapping key: plain when it reads back as that string.
    static func key(_ k: String) -> String {
        scalarText(k, plain: false, inFlow: true)
    }

    /// A scalar's text: plain when it reads back as the same value, double-quoted otherwise.
    static func scalarText(_ s: String, plain: Bool, inFlow: Bool) -> String {
        if plain, !s.isEmpty, safePlain(s, inFlow: inFlow) { return s }
        if !plain, !s.isEmpty, safePlain(s, inFlow: inFlow), YAMLScalar.Resolved.resolve(plain: s) == .string { return s }
        return YAMLQuoting.doubleQuoted(s)
    }

    private static func safePlain(_ s: String, inFlow: Bool) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        if " \t".unicodeScalars.contains(last) || " \t".unicodeScalars.contains(first) { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) {
            // `-1`, `-x` as a negative number or word is fine; indicators are not.
            if !(first == "-" && s.count > 1 && !s.hasPrefix("- ")) { return false }
        }
        if s.contains(": ") || s.contains(" #") || s.hasSuffix(":") || s.contains("{{") { return false }
        if inFlow, s.unicodeScalars.contains(where: { ",[]{}".unicodeScalars.contains($0) }) { return false }
        return s.unicodeScalars.allSatisfy { $0.value >= 0x20 && !YAMLQuoting.needsEscape($0) }
    }

    /// A `# v0:` comment line kept on one line, whatever the v0 text held: line breaks and
    /// control characters become escapes, so that nothing of it can start a key or close a
    /// fence.
    static func comment(_ text: String) -> String {
        var out = ""
        for u in text.unicodeScalars {
            if YAMLQuoting.needsEscape(u) { out += YAMLQuoting.escape(u) } else { out.unicodeScalars.append(u) }
        }
        return out
    }
}
