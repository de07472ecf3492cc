import Diagnostics

/// A YAML node with its exact span in the workflow file.
///
/// Built from libyaml's event stream (``YAMLReader``); aliases are already expanded, so a
/// consumer sees plain data. Every node, key and value keeps where it came from.
public struct YAMLNode: Sendable {
    /// The node's content.
    public enum Kind: Sendable {
        /// A scalar.
        case scalar(YAMLScalar)
        /// A sequence, in order.
        case sequence([YAMLNode])
        /// A mapping, in source order, keys unique (duplicates are reported and dropped).
        case mapping([YAMLPair])
    }

    /// What the node holds.
    public var kind: Kind
    /// The bytes of the node in the file: for a quoted scalar, with its quotes.
    public var span: Span

    /// Creates a node.
    public init(_ kind: Kind, span: Span) {
        self.kind = kind
        self.span = span
    }

    /// The scalar, if this is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let s) = kind { return s }
        return nil
    }

    /// The items, if this is a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// The pairs, if this is a mapping.
    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    /// The pair with a key, if this is a mapping that has it.
    public func pair(_ key: String) -> YAMLPair? {
        guard case .mapping(let pairs) = kind else { return nil }
        // By index: iterating would copy every pair (its key and value) on the way. Lengths
        // first: they are stored in the strings, while comparing the text is a call.
        for i in pairs.indices where pairs[i].key.utf8.count == key.utf8.count && pairs[i].key == key { return pairs[i] }
        return nil
    }

    /// The value under a key, if this is a mapping that has it.
    public subscript(_ key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = kind else { return nil }
        for i in pairs.indices where pairs[i].key.utf8.count == key.utf8.count && pairs[i].key == key { return pairs[i].value }
        return nil
    }

    /// A short name of the node's kind for messages ("a string", "a list", "a mapping").
    public var kindDescription: String {
        switch kind {
        case .scalar(let s): s.resolved.description
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

/// One key and its value in a mapping.
public struct YAMLPair: Sendable {
    /// The key's text (keys are always scalars).
    public var key: String
    /// Where the key is.
    public var keySpan: Span
    /// The value.
    public var value: YAMLNode

    /// Creates a pair.
    public init(key: String, keySpan: Span, value: YAMLNode) {
        self.key = key
        self.keySpan = keySpan
        self.value = value
    }
}

/// A scalar's text and how it was written.
public struct YAMLScalar: Sendable {
    /// How a scalar was written; only plain scalars are typed (numbers, booleans, null).
    public enum Style: Sendable {
        /// Unquoted.
        case plain
        /// `'…'`.
        case singleQuoted
        /// `"…"`.
        case doubleQuoted
        /// `|`.
        case literal
        /// `>`.
        case folded
    }

    /// The scalar's value after YAML's unquoting and folding.
    public var text: String
    /// How it was written.
    public var style: Style
    /// What the scalar means under the YAML 1.2 core schema.
    public var resolved: Resolved

    /// Creates a scalar and resolves its type.
    public init(text: String, style: Style) {
        self.text = text
        self.style = style
        self.resolved = style == .plain ? Resolved.resolve(plain: text) : .string
    }

    /// A scalar's type under the YAML 1.2 core schema: quoted scalars are strings; plain ones
    /// may be null, booleans, integers or floats.
    public enum Resolved: Sendable, Equatable, CustomStringConvertible {
        /// `null`, `~` or nothing.
        case null
        /// `true` or `false`.
        case bool(Bool)
        /// An integer; `nil` when it does not fit 64 bits.
        case int(Int?)
        /// A floating-point number.
        case float(Double)
        /// Anything else.
        case string

        /// "a string", "an integer"… for messages.
        public var description: String {
            switch self {
            case .null: "null"
            case .bool: "a boolean"
            case .int: "an integer"
            case .float: "a number"
            case .string: "a string"
            }
        }

        /// Resolves a plain scalar. Most scalars are words, settled by their first byte
        /// without comparing against any keyword (this runs for every scalar of every file).
        public static func resolve(plain s: String) -> Resolved {
            var text = s
            return text.withUTF8 { u -> Resolved in
                guard let first = u.first else { return .null }
                switch first {
                case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
                     UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "~"):
                    return u.count <= 5 ? keyword(s) ?? .string : .string
                case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    if u.count <= 5, let k = keyword(s) { return k }
                    return number(s, Array(u))
                default:
                    return .string
                }
            }
        }

        private static func keyword(_ s: String) -> Resolved? {
            switch s {
            case "~", "null", "Null", "NULL": .null
            case "true", "True", "TRUE": .bool(true)
            case "false", "False", "FALSE": .bool(false)
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": .float(.infinity)
            case "-.inf", "-.Inf", "-.INF": .float(-.infinity)
            case ".nan", ".NaN", ".NAN": .float(.nan)
            default: nil
            }
        }

        private static func number(_ s: String, _ u: [UInt8]) -> Resolved {
            if u.count > 2, u[0] == UInt8(ascii: "0"), u[1] == UInt8(ascii: "x") || u[1] == UInt8(ascii: "o") {
                let radix = u[1] == UInt8(ascii: "x") ? 16 : 8
                let digits = s.dropFirst(2)
                guard digits.allSatisfy({ $0.isHexDigit && Int(String($0), radix: radix) != nil }) else { return .string }
                return .int(Int(digits, radix: radix))
            }
            if isDecimalInteger(u) { return .int(Int(s)) }
            if isFloat(u), let d = Double(s) { return .float(d) }
            return .string
        }

        private static func isDecimalInteger(_ u: [UInt8]) -> Bool {
            var i = 0
            if u[0] == UInt8(ascii: "-") || u[0] == UInt8(ascii: "+") { i = 1 }
            guard i < u.count else { return false }
            return u[i...].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }

        /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
        private static func isFloat(_ u: [UInt8]) -> Bool {
            var i = 0
            let n = u.count
            func digits() -> Int {
                let s = i
                while i < n, u[i] >= 0x30, u[i] <= 0x39 { i += 1 }
                return i - s
            }
            if i < n, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
            let intDigits = digits()
            var fracDigits = 0
            if i < n, u[i] == UInt8(ascii: ".") {
                i += 1
                fracDigits = digits()
            }
            guard intDigits + fracDigits > 0 else { return false }
            if i < n, u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
                i += 1
                if i < n, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
                guard digits() > 0 else { return false }
            }
            return i == n
        }
    }
}
