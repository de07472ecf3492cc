/// A Semantic Versioning 2.0.0 version.
public struct SemanticVersion: Sendable, Hashable {
    /// MAJOR.
    public var major: UInt64
    /// MINOR.
    public var minor: UInt64
    /// PATCH.
    public var patch: UInt64
    /// Dot-separated pre-release identifiers, possibly empty.
    public var prerelease: [String]
    /// Dot-separated build metadata, possibly empty.
    public var build: [String]

    /// Parses `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`.
    /// - Returns: The version, or why the text is not one.
    public static func parse(_ text: String) -> Result<SemanticVersion, ParseError> {
        var rest = Substring(text)
        var build: [String] = []
        if let plus = rest.firstIndex(of: "+") {
            let ids = rest[rest.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false)
            guard ids.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isIdentifierChar) }) else {
                return .failure(.init(message: "build metadata in '\(text)' must be dot-separated [0-9A-Za-z-] identifiers"))
            }
            build = ids.map(String.init)
            rest = rest[..<plus]
        }
        var prerelease: [String] = []
        if let dash = rest.firstIndex(of: "-") {
            let ids = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false)
            for id in ids {
                guard !id.isEmpty, id.allSatisfy(isIdentifierChar) else {
                    return .failure(.init(message: "pre-release part of '\(text)' must be dot-separated [0-9A-Za-z-] identifiers"))
                }
                if id.allSatisfy(\.isASCIIDigit), id.count > 1, id.first == "0" {
                    return .failure(.init(message: "numeric pre-release identifier '\(id)' in '\(text)' has a leading zero"))
                }
            }
            prerelease = ids.map(String.init)
            rest = rest[..<dash]
        }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard core.count == 3 else {
            // Offer `1.2.0` for `1.2` only when that is itself a valid version (`1.02` is not).
            let padded = (core + Array(repeating: "0", count: max(0, 3 - core.count))).joined(separator: ".")
            let candidate = padded + text.dropFirst(rest.count)
            let suggestion = core.count < 3 && (try? parse(candidate).get()) != nil ? candidate : nil
            return .failure(.init(message: "'\(text)' is not a semantic version: expected MAJOR.MINOR.PATCH", suggestion: suggestion))
        }
        var numbers: [UInt64] = []
        for part in core {
            guard !part.isEmpty, part.allSatisfy(\.isASCIIDigit) else {
                return .failure(.init(message: "'\(text)' is not a semantic version: '\(part)' is not a number"))
            }
            guard part.count == 1 || part.first != "0" else {
                return .failure(.init(message: "'\(text)' is not a semantic version: '\(part)' has a leading zero"))
            }
            guard let n = UInt64(part) else {
                return .failure(.init(message: "'\(text)' is not a semantic version: '\(part)' is too large"))
            }
            numbers.append(n)
        }
        return .success(SemanticVersion(major: numbers[0], minor: numbers[1], patch: numbers[2], prerelease: prerelease, build: build))
    }

    /// Why a text is not a semantic version.
    public struct ParseError: Error, Sendable, Equatable {
        /// The message.
        public var message: String
        /// A corrected version, when obvious (`1.2` → `1.2.0`).
        public var suggestion: String?
    }

    private static func isIdentifierChar(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "-")
    }
}

extension Character {
    /// Whether this is one of `0`–`9`.
    var isASCIIDigit: Bool { isASCII && isNumber }
}
