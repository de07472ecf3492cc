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

    /// A double-quoted YAML scalar: a JSON string is one (YAML 1.2 is a superset of JSON).
    public static func doubleQuoted(_ value: String) -> String {
        var out = ""
        JSONValue.quote(value, into: &out)
        return out
    }
}
