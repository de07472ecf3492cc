import Crypto

/// Ed25519 signatures over a plan's digest (docs/plan-format.md §5): `aiwc sign` adds one,
/// `aiwvm` with trusted keys refuses a plan without a valid one.
public enum PlanSigning {
    /// A key pair's text forms: one line each, `aiwc-ed25519-private HEX` and
    /// `aiwc-ed25519-public HEX` (32 bytes each).
    public static let privatePrefix = "aiwc-ed25519-private "
    /// See ``privatePrefix``.
    public static let publicPrefix = "aiwc-ed25519-public "

    /// A new key pair, as the text of the private and the public key file.
    public static func generateKeyPair() -> (privateKey: String, publicKey: String) {
        let key = Curve25519.Signing.PrivateKey()
        return (privatePrefix + hex(Array(key.rawRepresentation)) + "\n", publicPrefix + hex(Array(key.publicKey.rawRepresentation)) + "\n")
    }

    /// The key id of a public key: the first 8 bytes of its SHA-256.
    public static func keyID(_ publicKey: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: publicKey).prefix(8)) }

    /// Reads a private key file's text.
    public static func privateKey(from text: String) -> Curve25519.Signing.PrivateKey? {
        guard let bytes = keyBytes(text, prefix: privatePrefix) else { return nil }
        return try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes)
    }

    /// Reads the public keys of a trusted-keys file: one `aiwc-ed25519-public HEX` per line;
    /// blank lines and `#` comments are ignored.
    /// - Returns: The keys, or nil with the 1-based number of the first line that is not one.
    public static func publicKeys(from text: String) -> (keys: [[UInt8]]?, badLine: Int) {
        var keys: [[UInt8]] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let key = keyBytes(String(trimmed), prefix: publicPrefix),
                  (try? Curve25519.Signing.PublicKey(rawRepresentation: key)) != nil else { return (nil, n + 1) }
            keys.append(key)
        }
        return (keys, 0)
    }

    /// The plan signed with a key (an earlier signature is replaced). The plan is verified
    /// first: only a valid plan is signed.
    public static func sign(_ bytes: [UInt8], with key: Curve25519.Signing.PrivateKey) throws(PlanError) -> [UInt8] {
        let plan = try PlanVerifier.verify(bytes)
        var out = Array(bytes[0..<(bytes.count - PlanFormat.digestSize - (plan.signature == nil ? 0 : PlanFormat.signatureSize))])
        let flags = PlanFormat.Flags(rawValue: UInt32(out[12]) | UInt32(out[13]) << 8 | UInt32(out[14]) << 16 | UInt32(out[15]) << 24).union(.signed)
        let total = UInt64(out.count + PlanFormat.digestSize + PlanFormat.signatureSize)
        write(flags.rawValue, into: &out, at: 12)
        write(total, into: &out, at: 24)
        let digest = PlanDigest.compute(out, chunked: flags.contains(.chunkedDigest))
        out += digest
        out += keyID(Array(key.publicKey.rawRepresentation))
        guard let signature = try? key.signature(for: digest) else { throw PlanError("the key could not sign", at: out.count) }
        out += Array(signature)
        return out
    }

    /// Checks that a plan is signed by one of the trusted keys.
    public static func check(_ plan: VerifiedPlan, trusted keys: [[UInt8]]) throws(PlanError) {
        guard let signature = plan.signature else {
            throw PlanError("the plan is not signed, and trusted keys are required", at: 12)
        }
        guard let key = keys.first(where: { keyID($0) == signature.keyID }) else {
            throw PlanError("the plan is signed by key \(hex(signature.keyID)), which is not among the trusted keys", at: 0)
        }
        guard let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: key),
              publicKey.isValidSignature(signature.signature, for: plan.digest) else {
            throw PlanError("the signature does not match the plan's digest", at: 0)
        }
    }

    static func write<T: FixedWidthInteger>(_ value: T, into bytes: inout [UInt8], at offset: Int) {
        var v = value.littleEndian
        for i in 0..<MemoryLayout<T>.size {
            bytes[offset + i] = UInt8(truncatingIfNeeded: v)
            v >>= 8
        }
    }

    static func keyBytes(_ text: String, prefix: String) -> [UInt8]? {
        var line = Substring(text)
        while let last = line.last, last == "\n" || last == "\r" || last == " " { line.removeLast() }
        guard line.hasPrefix(prefix) else { return nil }
        let digits = Array(line.dropFirst(prefix.count).utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        for i in stride(from: 0, to: 64, by: 2) {
            guard let hi = nibble(digits[i]), let lo = nibble(digits[i + 1]) else { return nil }
            bytes.append(hi << 4 | lo)
        }
        return bytes
    }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func hex(_ bytes: [UInt8]) -> String { PlanListing.hex(bytes) }
}
