/// The lexical rules for names in the language, in one place (docs/language.md quotes them).
public enum Names {
    /// A workflow name: `[a-z0-9]+(-[a-z0-9]+)*`, at most 64 bytes.
    public static func isSlug(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard !u.isEmpty, u.count <= 64, u.first != UInt8(ascii: "-"), u.last != UInt8(ascii: "-") else { return false }
        var previousDash = false
        for c in u {
            if c == UInt8(ascii: "-") {
                if previousDash { return false }
                previousDash = true
            } else {
                guard isLowerAlnum(c) else { return false }
                previousDash = false
            }
        }
        return true
    }

    /// A slug made from arbitrary text, for fix-its (`Email Triage` → `email-triage`).
    public static func slugify(_ s: String) -> String {
        var out = ""
        var dash = false
        for c in s.lowercased().utf8 {
            if isLowerAlnum(c) {
                if dash, !out.isEmpty { out += "-" }
                dash = false
                out.unicodeScalars.append(Unicode.Scalar(c))
            } else {
                dash = true
            }
        }
        var slug = String(out.prefix(64))
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug
    }

    /// A step id or input name: `[a-z][a-z0-9_]*` (inputs may also start with `_`), at most 64 bytes.
    public static func isIdentifier(_ s: String, allowLeadingUnderscore: Bool = false) -> Bool {
        let u = Array(s.utf8)
        guard let f = u.first, u.count <= 64 else { return false }
        guard (f >= UInt8(ascii: "a") && f <= UInt8(ascii: "z")) || (allowLeadingUnderscore && f == UInt8(ascii: "_")) else { return false }
        return u.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "_") }
    }

    /// An identifier made from arbitrary text, for fix-its (`Fetch-Mail` → `fetch_mail`);
    /// `prefix` goes before one that would start with a digit.
    public static func identifier(from s: String, prefix: String = "step_") -> String {
        var out = prefix == "_" && s.hasPrefix("_") ? "_" : ""
        var pending = false
        for c in s.lowercased().utf8 {
            if isLowerAlnum(c) {
                if pending, !out.isEmpty, out != "_" { out += "_" }
                pending = false
                out.unicodeScalars.append(Unicode.Scalar(c))
            } else {
                pending = true
            }
        }
        if let f = out.utf8.first, f >= UInt8(ascii: "0"), f <= UInt8(ascii: "9") { out = prefix + out }
        var id = String(out.prefix(64))
        while id.hasSuffix("_") { id.removeLast() }
        return id
    }

    /// An environment variable name (secrets, `env`): `[A-Za-z_][A-Za-z0-9_]*`.
    public static func isEnvironmentName(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard let f = u.first, u.count <= 128, !(f >= 0x30 && f <= 0x39) else { return false }
        return u.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "_") }
    }

    /// An agent or tool id: `[a-z][a-z0-9_-]*`, at most 64 bytes.
    public static func isRegistryID(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard let f = u.first, u.count <= 64, f >= UInt8(ascii: "a"), f <= UInt8(ascii: "z") else { return false }
        return u.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// A webhook path: `/` then URL path characters (`A-Za-z0-9-._~/`), no `//`.
    public static func isWebhookPath(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.first == UInt8(ascii: "/"), u.count <= 512, !s.contains("//") else { return false }
        return u.allSatisfy { isAlnum($0) || "-._~/".utf8.contains($0) }
    }

    private static func isLowerAlnum(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }

    private static func isAlnum(_ c: UInt8) -> Bool {
        isLowerAlnum(c) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
    }
}
