/// The expected shape of a YAML value: one declarative description of the language's keys
/// that drives both the checker (``SchemaValidator``) and the JSON Schema for editors
/// (``JSONSchemaExport``), so the two cannot drift apart.
public indirect enum Shape: Sendable {
    /// Text: any scalar but null (YAML's plain-scalar typing makes `1.0` a number; its text
    /// is what counts), checked against a format.
    case string(StringFormat)
    /// An integer in a range.
    case integer(min: Int?, max: Int?)
    /// A number in a range.
    case number(min: Double?, max: Double?)
    /// `true` or `false`.
    case boolean
    /// `null` (or nothing).
    case null
    /// `true` only (a flag whose absence is the `false`).
    case constantTrue
    /// One of a fixed set of words.
    case choice([String])
    /// A list of values; `unique` lists report repeats (AIW220).
    case list(Shape, unique: Bool)
    /// A mapping from names (checked against a format) to values of one shape.
    case map(key: StringFormat, value: Shape)
    /// A mapping with known keys.
    case object(ObjectShape)
    /// The first alternative whose kind (scalar, list, mapping) matches the value.
    case oneOf([Shape])
    /// Any scalar, not null.
    case scalar
    /// Anything.
    case any
    /// A JSON Schema (the subset of step `output` schemas).
    case outputSchema

    /// A duration (`250ms`, `1h30m`).
    public static let duration = Shape.string(.duration)
}

/// Formats of text values, each with its own diagnostic code.
public enum StringFormat: Sendable, Equatable {
    /// Any text.
    case text
    /// Any text but the empty string (AIW227).
    case nonEmpty
    /// A workflow name (AIW204).
    case slug
    /// A semantic version (AIW205).
    case semver
    /// A duration (AIW206).
    case duration
    /// A cron schedule (AIW207).
    case cron
    /// An IANA time zone (AIW225).
    case timeZone
    /// A webhook URL path (AIW223).
    case webhookPath
    /// An environment variable name (AIW224).
    case environmentName
    /// An input or output name (AIW224).
    case identifier
    /// An agent or tool id (AIW224).
    case registryID
    /// `tool.operation` (AIW224).
    case toolReference
}

/// A mapping with known keys.
public struct ObjectShape: Sendable {
    /// The keys, in documentation order.
    public var fields: [Field]
    /// Keys of which exactly one must be present (trigger kinds, AIW219).
    public var exactlyOne: [String]
    /// What the object is, for messages ("a retry policy").
    public var what: String

    /// Creates an object shape.
    public init(_ what: String, _ fields: [Field], exactlyOne: [String] = []) {
        self.what = what
        self.fields = fields
        self.exactlyOne = exactlyOne
    }

    /// The field with a name.
    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }
}

/// A key of an object.
public struct Field: Sendable {
    /// The key.
    public var name: String
    /// The value's shape.
    public var shape: Shape
    /// Whether the key must be present (AIW202).
    public var required: Bool
    /// One line for the JSON Schema and docs.
    public var summary: String

    /// Creates a field.
    public init(_ name: String, _ shape: Shape, required: Bool = false, _ summary: String) {
        self.name = name
        self.shape = shape
        self.required = required
        self.summary = summary
    }
}
