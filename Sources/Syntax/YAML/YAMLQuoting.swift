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

    /// A double-quoted YAML scalar.
    public static func doubleQuoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
