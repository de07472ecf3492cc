import Diagnostics

/// Writes values as YAML text for fix-its, so that a suggested edit is itself valid YAML.
public enum YAMLQuoting {
    /// A value as an item of a flow sequence (`[a, "b c"]`): plain when that reads back as
    /// the same string, double-quoted otherwise.
    public static func flowItem(_ value: String) -> String {
        let safe = value.unicodeScalars.allSatisfy {
            ($0.value < 0x80 && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || "-_./+=".unicodeScalars.contains($0)
        }
        if safe, !value.isEmpty, YAMLScalar.Resolved.resolve(plain: value) == .string { return value }
        return doubleQuoted(value)
    }

    /// A double-quoted YAML scalar: a JSON string is one (YAML 1.2 is a superset of JSON),
    /// with what YAML, unlike JSON, reads as a line break (NEL, U+2028, U+2029), the other
    /// C1 controls and the byte-order mark escaped too.
    public static func doubleQuoted(_ value: String) -> String {
        var json = ""
        JSONValue.quote(value, into: &json)
        guard json.unicodeScalars.contains(where: { $0.value >= 0x7F && needsEscape($0) }) else { return json }
        var out = ""
        for u in json.unicodeScalars {
            if u.value >= 0x7F, needsEscape(u) { out += escape(u) } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    /// Scalars YAML never takes as they are in text it reads back: control characters
    /// (but tab), the line breaks NEL, U+2028 and U+2029, and the byte-order mark.
    public static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        (u.value < 0x20 && u != "\t") || (0x7F...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029 || u.value == 0xFEFF
    }

    /// `\uXXXX`.
    public static func escape(_ u: Unicode.Scalar) -> String {
        let hex = String(u.value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
