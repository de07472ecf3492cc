/// Fixed facts of the plan file format (docs/plan-format.md, which is normative).
///
/// A plan is little-endian throughout. It starts with a 32-byte header, then a table of
/// sections (16 bytes each), then the sections at 8-byte-aligned offsets in the order of
/// their kinds, zero padding between them, then a digest of every byte before it (SHA-256
/// over 64 KiB chunks, ``PlanDigest``), then, when the header says so, a signature block.
public enum PlanFormat {
    /// The first eight bytes. `\r\n` and `\u{1A}\n` catch a file damaged by text-mode
    /// transfer (newline conversion, a DOS end-of-file mark), as PNG's and Lua's do.
    public static let magic: [UInt8] = [0x89, 0x41, 0x49, 0x57, 0x0D, 0x0A, 0x1A, 0x0A]
    /// The format version this code writes. A reader refuses a newer major; it reads every
    /// minor of its major. A newer minor adds section kinds, which an older reader skips,
    /// opcodes (0.3: `env.set`), which an older reader refuses as unknown, and meanings
    /// for reserved words (0.5: a tool's binding), which an older reader refuses as not 0.
    public static let major: UInt16 = 0
    /// See ``major``.
    public static let minor: UInt16 = 5
    /// The oldest minor of this major that exists (0.1, the first format); an older one
    /// would have no required section at all.
    public static let oldestMinor: UInt16 = 1
    /// Bytes of the header.
    public static let headerSize = 32
    /// Bytes of one section table entry.
    public static let sectionEntrySize = 16
    /// Sections start at multiples of this, counted from the start of the file.
    public static let alignment = 8
    /// Bytes of the closing SHA-256 digest.
    public static let digestSize = 32
    /// Bytes of the signature block: a key id (the first 8 bytes of the SHA-256 of the
    /// public key) and an Ed25519 signature over the digest.
    public static let signatureSize = 8 + 64
    /// The largest plan a reader accepts (offsets are 32-bit).
    public static let maxSize = 1 << 30

    /// Header flags.
    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt32
        /// Creates flags from their raw value.
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// A signature block follows the digest.
        public static let signed = Flags(rawValue: 1)
        /// The digest is the SHA-256 of the SHA-256 digests of the 64 KiB chunks
        /// (``PlanDigest``), rather than of the bytes themselves (format 0.2; every plan this
        /// version writes has it).
        public static let chunkedDigest = Flags(rawValue: 2)
        /// Some agent has options in the agent options section (format 0.4). A reader of an
        /// older minor skips that section, and would run the agent without its allowed
        /// tools and MCP servers; the flag, which it does not know, makes it refuse the plan
        /// instead. Set exactly when an agent has options.
        public static let agentOptions = Flags(rawValue: 4)
        /// Every flag this version knows; any other bit set is an error.
        public static let known: Flags = [.signed, .chunkedDigest, .agentOptions]
    }
}

/// The kinds of section, in the order they must appear. Every kind is present in a plan
/// of this version, once (an empty one has a count of zero).
public enum SectionKind: UInt32, CaseIterable, Sendable, CustomStringConvertible {
    /// The string pool: every text of the plan, deduplicated UTF-8.
    case strings = 1
    /// Literal values of expressions.
    case constants = 2
    /// Compiled output schemas: the JSON Schema subset that step outputs are checked with.
    case schemas = 3
    /// The agents the workflow may run, from the project's agents file.
    case agents = 4
    /// The tools the workflow calls, with the implementation chosen for each.
    case tools = 5
    /// The steps: id, title, kind, and what they refer to.
    case steps = 6
    /// Code blocks and their instructions.
    case code = 7
    /// The source position of every instruction.
    case sourceMap = 8
    /// What starts a run: schedules compiled to bit sets, webhooks, watched paths.
    case triggers = 9
    /// Retry, circuit-breaker and failover policies.
    case policies = 10
    /// The workflow's declared inputs, secrets and outputs, its name and version, the
    /// compiler's version and the SHA-256 of every source file that went in.
    case metadata = 11
    /// Every model and capability of each agent (format 0.2).
    case agentProfiles = 12
    /// The chosen implementation's command or URL, timeout and rate limit for each tool
    /// (format 0.2).
    case toolSettings = 13
    /// The allowed values, range and pattern of each input (format 0.2).
    case inputRules = 14
    /// Each agent's settings for its kind's command line: a `claude-code` agent's allowed
    /// tools and MCP configuration (format 0.4).
    case agentOptions = 15

    /// The first minor version of the format that has the section; a plan of an earlier
    /// minor lacks it, and reads as if it were empty.
    public var sinceMinor: UInt16 {
        rawValue >= 15 ? 4 : rawValue >= 12 ? 2 : 1
    }

    /// The name used in messages and in docs/plan-format.md.
    public var description: String {
        switch self {
        case .strings: "strings"
        case .constants: "constants"
        case .schemas: "schemas"
        case .agents: "agents"
        case .tools: "tools"
        case .steps: "steps"
        case .code: "code"
        case .sourceMap: "source map"
        case .triggers: "triggers"
        case .policies: "policies"
        case .agentProfiles: "agent profiles"
        case .toolSettings: "tool settings"
        case .inputRules: "input rules"
        case .agentOptions: "agent options"
        case .metadata: "metadata"
        }
    }
}
