/// A plan that passed every check of the verifier. Only ``PlanVerifier`` makes one, so code
/// that holds a `VerifiedPlan` may trust every index, jump and stack height in it.
///
/// It keeps the file's bytes as they were read and a small table of where each section
/// lies; records are read in place (``withInstructions(block:_:)``, ``step(_:)``,
/// ``string(_:)``). ``contents`` decodes every table into values, for tools that want them
/// all at once (the listing, the graph, tests).
public struct VerifiedPlan: Sendable {
    /// The plan file's bytes.
    public let bytes: [UInt8]
    /// Where each section lies.
    let sections: PlanSections
    /// The format version the plan was written in.
    public let version: (major: UInt16, minor: UInt16)
    /// The closing SHA-256 digest.
    public let digest: [UInt8]
    /// The signature block, when the plan is signed: key id and signature.
    public let signature: (keyID: [UInt8], signature: [UInt8])?

    fileprivate init(bytes: [UInt8], sections: PlanSections, version: (UInt16, UInt16), digest: [UInt8],
                     signature: ([UInt8], [UInt8])?) {
        self.bytes = bytes
        self.sections = sections
        self.version = version
        self.digest = digest
        self.signature = signature
    }

    /// Every table decoded into values. Each call decodes the bytes again; the VM reads
    /// them in place instead.
    public var contents: PlanContents {
        let decoded = bytes.withUnsafeBytes { raw -> Result<PlanContents, PlanError> in
            var reader = PlanReader(view: ByteView(raw: raw), building: true)
            do throws(PlanError) {
                _ = try reader.read(checkingDigest: false)
                return .success(reader.contents)
            } catch {
                return .failure(error)
            }
        }
        switch decoded {
        case .success(let contents): return contents
        // The bytes passed the same reader when this value was made and cannot have
        // changed since: reaching this is a defect of the reader, not of the plan.
        case .failure(let error): preconditionFailure("a verified plan no longer reads: \(error)")
        }
    }
}

/// Reads and checks a plan before anything runs: every length and offset in bounds and
/// aligned, every index in range, every string valid UTF-8, every opcode known, every jump
/// inside its block, stack heights consistent at every instruction, no byte unaccounted
/// for, and the digest right (docs/plan-format.md §6 lists each rule).
///
/// The checks run on the bytes in place: nothing is decoded into values, and the digest of a
/// large plan is computed by a second thread while the structure is checked (the checking
/// thread then takes its share of the chunks left).
public enum PlanVerifier {
    /// Verifies the bytes of a plan file.
    /// - Throws: ``PlanError`` naming the section and byte offset of the first problem.
    public static func verify(_ bytes: [UInt8]) throws(PlanError) -> VerifiedPlan {
        let result = bytes.withUnsafeBytes { raw -> Result<PlanReader.Verified, PlanError> in
            var reader = PlanReader(view: ByteView(raw: raw), building: false)
            do throws(PlanError) {
                return .success(try reader.read(checkingDigest: true))
            } catch {
                return .failure(error)
            }
        }
        let v = try result.get()
        return VerifiedPlan(bytes: bytes, sections: v.sections, version: v.version, digest: v.digest, signature: v.signature)
    }
}

/// Every section's place, by kind: the small table a verified plan keeps.
struct PlanSections: Sendable {
    private var all: [SectionWords?] = Array(repeating: nil, count: SectionKind.allCases.count)

    /// Whether the plan has the section (one newer than its format's minor is absent).
    func has(_ kind: SectionKind) -> Bool { all[Int(kind.rawValue) - 1] != nil }

    subscript(kind: SectionKind) -> SectionWords {
        get {
            // An absent section reads as one with no records (the verifier refuses a plan
            // that lacks one its minor has).
            all[Int(kind.rawValue) - 1] ?? SectionWords(kind: kind, start: 0, count: 0, recordWords: 0, poolWords: 0)
        }
        set { all[Int(kind.rawValue) - 1] = newValue }
    }
}

/// The verifier's walk over a plan. With `building` set it also decodes what it checks
/// into ``contents`` (the one reader serves both, so decoding never drifts from checking).
struct PlanReader {
    let view: ByteView
    let building: Bool
    var contents = PlanContents()
    var sections = PlanSections()
    /// How many entries each table has, for checking indices into it.
    var counts = TableCounts()
    /// The header's flags, which some sections must agree with.
    var headerFlags = PlanFormat.Flags()
    /// The plan's format minor: what its reserved words may mean.
    var minor: UInt16 = PlanFormat.minor
    /// Each declared input's type, for checking its default and rules.
    var inputTypes: [PlanContents.InputType] = []

    /// What the header and trailer said.
    struct Verified {
        var sections: PlanSections
        var version: (UInt16, UInt16)
        var digest: [UInt8]
        var signature: ([UInt8], [UInt8])?
    }

    init(view: ByteView, building: Bool) {
        self.view = view
        self.building = building
    }

    mutating func read(checkingDigest: Bool) throws(PlanError) -> Verified {
        let size = view.count
        let magic = PlanFormat.magic
        guard view.has(8, at: 0), (0..<8).allSatisfy({ view.byte($0) == magic[$0] }) else {
            if view.has(8, at: 0), (0..<4).allSatisfy({ view.byte($0) == magic[$0] }) {
                throw PlanError("the magic number is damaged (line endings changed in transfer?)", at: 0)
            }
            throw PlanError("not an AIWorkflow plan (the file does not start with the plan magic number)", at: 0)
        }
        guard view.has(PlanFormat.headerSize, at: 0) else {
            throw PlanError("the file ends inside the header (\(size) of \(PlanFormat.headerSize) bytes)", at: size)
        }
        let major = view.u16(8)
        let minor = view.u16(10)
        guard major == PlanFormat.major else {
            let relation = major > PlanFormat.major ? "newer than" : "older than"
            throw PlanError("plan format \(major).\(minor) is \(relation) the format this program reads (\(PlanFormat.major).x); compile the workflow again with a matching aiwc, or use a matching aiwvm", at: 8)
        }
        guard minor >= PlanFormat.oldestMinor else {
            throw PlanError("plan format \(major).\(minor) never existed (the oldest is \(PlanFormat.major).\(PlanFormat.oldestMinor))", at: 10)
        }
        let flags = PlanFormat.Flags(rawValue: view.u32(12))
        guard flags.isSubset(of: .known) else { throw PlanError("unknown header flags 0x\(String(flags.rawValue, radix: 16))", at: 12) }
        headerFlags = flags
        self.minor = minor
        let sectionCount = Int(view.u32(16))
        guard view.u32(20) == 0 else { throw PlanError("reserved header bytes are not zero", at: 20) }
        let total = view.u64(24)
        guard total == UInt64(size) else {
            throw PlanError("the header gives a length of \(total) bytes but the file has \(size) (truncated or extended)", at: 24)
        }
        guard size <= PlanFormat.maxSize else { throw PlanError("the plan is larger than \(PlanFormat.maxSize) bytes", at: 24) }
        let tail = PlanFormat.digestSize + (flags.contains(.signed) ? PlanFormat.signatureSize : 0)
        guard size >= PlanFormat.headerSize + tail,
              sectionCount <= (size - PlanFormat.headerSize - tail) / PlanFormat.sectionEntrySize else {
            throw PlanError("a table of \(sectionCount) sections does not fit in the file", at: 16)
        }
        let digestOffset = size - tail
        let digest = Array(view.bytes(digestOffset..<(digestOffset + PlanFormat.digestSize)))
        // The digest is checked first in effect: when it does not match, that is the message,
        // not a consequence of the damage the structure checks ran into meanwhile.
        let computing = checkingDigest
            ? ParallelDigest(UnsafeRawBufferPointer(rebasing: view.raw[0..<digestOffset]), chunked: flags.contains(.chunkedDigest))
            : nil
        var structural: PlanError?
        do throws(PlanError) {
            try readSectionTable(count: sectionCount, digestOffset: digestOffset, minor: minor)
            try readSections()
        } catch {
            structural = error
        }
        if let computing, computing.finish() != digest {
            throw PlanError("the SHA-256 digest does not match the contents: the file is damaged", at: digestOffset)
        }
        if let structural { throw structural }
        var signature: ([UInt8], [UInt8])?
        if flags.contains(.signed) {
            let s = digestOffset + PlanFormat.digestSize
            signature = (Array(view.bytes(s..<(s + 8))), Array(view.bytes((s + 8)..<(s + PlanFormat.signatureSize))))
        }
        return Verified(sections: sections, version: (major, minor), digest: digest, signature: signature)
    }

    /// The section table: kinds increasing, offsets aligned, sections in order without
    /// overlap, zero padding between them; then each section's counts against its length.
    mutating func readSectionTable(count sectionCount: Int, digestOffset: Int, minor: UInt16) throws(PlanError) {
        let tableEnd = PlanFormat.headerSize + sectionCount * PlanFormat.sectionEntrySize
        var previousKind: UInt32 = 0
        var position = tableEnd
        var found: [(kind: SectionKind, offset: Int, length: Int)] = []
        for i in 0..<sectionCount {
            let entry = PlanFormat.headerSize + i * PlanFormat.sectionEntrySize
            let kindValue = view.u32(entry)
            let offset = Int(view.u32(entry + 4))
            let length = Int(view.u32(entry + 8))
            guard view.u32(entry + 12) == 0 else { throw PlanError("reserved bytes of section entry \(i) are not zero", at: entry + 12) }
            guard kindValue > previousKind else {
                throw PlanError("section kinds must increase: kind \(kindValue) after \(previousKind)", at: entry)
            }
            previousKind = kindValue
            guard offset % PlanFormat.alignment == 0 else { throw PlanError("section offset \(offset) is not a multiple of \(PlanFormat.alignment)", at: entry + 4) }
            guard offset >= position, offset <= digestOffset, length <= digestOffset - offset else {
                throw PlanError("section \(kindValue) at bytes \(offset)..<\(offset + length) overlaps another part of the file or runs past the digest", at: entry + 4)
            }
            try checkZero(position..<offset, what: "padding before section \(kindValue)")
            position = offset + length
            if let kind = SectionKind(rawValue: kindValue) {
                // Readers of the plan's own minor would skip it, and run the plan otherwise.
                guard kind.sinceMinor <= minor else {
                    throw PlanError("the \(kind) section came with format \(PlanFormat.major).\(kind.sinceMinor), but the plan says it is \(PlanFormat.major).\(minor)", at: entry)
                }
                found.append((kind, offset, length))
            } else if minor <= PlanFormat.minor {
                throw PlanError("unknown section kind \(kindValue) in a plan of format \(PlanFormat.major).\(minor)", at: entry)
            }
        }
        try checkZero(position..<digestOffset, what: "padding before the digest")
        guard PlanWriter.align(position) == digestOffset else {
            throw PlanError("\(digestOffset - position) bytes between the last section and the digest; at most the padding to a multiple of \(PlanFormat.alignment) may be there", at: position)
        }
        for kind in SectionKind.allCases {
            guard let place = found.first(where: { $0.kind == kind }) else {
                // A section newer than the plan's minor is absent, and reads as empty.
                if kind.sinceMinor > minor { continue }
                throw PlanError("the plan has no \(kind) section", at: 16)
            }
            sections[kind] = try layOut(kind, at: place.offset, length: place.length)
        }
        counts = TableCounts(sections)
    }

    func checkZero(_ range: Range<Int>, what: String) throws(PlanError) {
        for i in range where view.byte(i) != 0 { throw PlanError("\(what) is not zero", at: i) }
    }

    /// A section's count words against its length: the records fit, and the pool fills the
    /// rest exactly. Counts are checked against the bytes there before anything is allocated.
    func layOut(_ kind: SectionKind, at offset: Int, length: Int) throws(PlanError) -> SectionWords {
        guard length >= 8 else { throw PlanError("the section is \(length) bytes; its count words alone take 8", at: offset, in: kind) }
        let count = Int(view.u32(offset))
        let poolSize = Int(view.u32(offset + 4))
        let recordWords = SectionEncoder.recordWords(kind)
        let body = length - 8
        guard count <= body / (4 * recordWords) else {
            throw PlanError("\(count) records of \(4 * recordWords) bytes do not fit in \(body) bytes", at: offset, in: kind)
        }
        let rest = body - 4 * recordWords * count
        let expected = kind == .strings ? poolSize : (poolSize <= rest / 4 ? 4 * poolSize : -1)
        guard expected == rest else {
            throw PlanError("the section holds \(rest) bytes after its records, but its pool size says \(kind == .strings ? poolSize : 4 * poolSize)", at: offset + 4, in: kind)
        }
        return SectionWords(kind: kind, start: offset, count: count, recordWords: recordWords, poolWords: poolSize)
    }

    /// Every section's records and pool. The source map comes last: its positions name the
    /// sources that the metadata lists.
    mutating func readSections() throws(PlanError) {
        for kind in SectionKind.allCases where kind != .sourceMap && sections.has(kind) {
            var s = SectionCursor(sections[kind], view)
            switch kind {
            case .strings: try readStrings(s)
            case .constants: try readConstants(s)
            case .schemas: try readSchemas(&s)
            case .agents: try readAgents(&s)
            case .tools: try readTools(s)
            case .steps: try readSteps(s)
            case .code: try readCode(s)
            case .sourceMap: break
            case .triggers: try readTriggers(&s)
            case .policies: try readPolicies(s)
            case .metadata: try readMetadata(&s)
            case .agentProfiles: try readAgentProfiles(&s)
            case .toolSettings: try readToolSettings(&s)
            case .inputRules: try readInputRules(s)
            case .agentOptions: try readAgentOptions(&s)
            }
            // The code section's pool is its instructions, and the strings' is text.
            if kind != .code, kind != .strings { try s.finish() }
        }
        try readSourceMap(SectionCursor(sections[.sourceMap], view))
        if !sections.has(.agentOptions), headerFlags.contains(.agentOptions) {
            throw PlanError("the header says agents have options, but the plan has no agent options section", at: 12)
        }
    }
}

/// How many entries each table has: what an index into it is checked against.
struct TableCounts {
    var strings = 0, constants = 0, schemas = 0, agents = 0, tools = 0, steps = 0, policies = 0
    /// Filled when the metadata is read.
    var sources = 0, inputs = 0
    /// Every instruction of every block.
    var instructions = 0

    init() {}

    init(_ s: PlanSections) {
        strings = s[.strings].count
        constants = s[.constants].count
        schemas = s[.schemas].count
        agents = s[.agents].count
        tools = s[.tools].count
        steps = s[.steps].count
        policies = s[.policies].count
    }
}
