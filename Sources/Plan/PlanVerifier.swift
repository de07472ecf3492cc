import Crypto

/// A plan that passed every check of the verifier. Only ``PlanVerifier`` makes one, so code
/// that holds a `VerifiedPlan` may trust every index, jump and stack height in it.
public struct VerifiedPlan: Sendable {
    /// What the plan holds.
    public let contents: PlanContents
    /// The format version the plan was written in.
    public let version: (major: UInt16, minor: UInt16)
    /// The closing SHA-256 digest.
    public let digest: [UInt8]
    /// The signature block, when the plan is signed: key id and signature.
    public let signature: (keyID: [UInt8], signature: [UInt8])?

    fileprivate init(contents: PlanContents, version: (UInt16, UInt16), digest: [UInt8], signature: ([UInt8], [UInt8])?) {
        self.contents = contents
        self.version = version
        self.digest = digest
        self.signature = signature
    }
}

/// Reads and checks a plan before anything runs: every length and offset in bounds and
/// aligned, every index in range, every string valid UTF-8, every opcode known, every jump
/// inside its block, stack heights consistent at every instruction, no byte unaccounted
/// for, and the digest right (docs/plan-format.md §6 lists each rule).
public enum PlanVerifier {
    /// Verifies the bytes of a plan file.
    /// - Throws: ``PlanError`` naming the section and byte offset of the first problem.
    public static func verify(_ bytes: [UInt8]) throws(PlanError) -> VerifiedPlan {
        // Words are read straight from the bytes (no per-byte subscript checks); every read
        // is at an offset already checked against the bounds it lies in.
        let result = bytes.withUnsafeBytes { raw -> Result<VerifiedPlan, PlanError> in
            var reader = PlanReader(view: ByteView(bytes: bytes, raw: raw))
            do throws(PlanError) {
                return .success(try reader.read())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// Bounds-checked little-endian reads. Every read checks `count <= size - offset` (never
/// `offset + count <= size`, which can overflow).
struct ByteView {
    let bytes: [UInt8]
    /// The same bytes, for word reads; valid while the verifier runs.
    let raw: UnsafeRawBufferPointer

    func has(_ count: Int, at offset: Int) -> Bool {
        offset >= 0 && count >= 0 && offset <= bytes.count && count <= bytes.count - offset
    }

    func u16(_ offset: Int) -> UInt16 { raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self).littleEndian }

    func u32(_ offset: Int) -> UInt32 { raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian }

    func u64(_ offset: Int) -> UInt64 { UInt64(u32(offset)) | UInt64(u32(offset + 4)) << 32 }
}

/// One section's words: records then pool, each read by index with the position of the
/// word for messages.
struct SectionWords {
    let kind: SectionKind
    let view: ByteView
    /// Where the section starts in the file.
    let start: Int
    let count: Int
    let recordWords: Int
    let poolWords: Int

    var recordsStart: Int { start + 8 }
    var poolStart: Int { recordsStart + 4 * count * recordWords }

    func record(_ r: Int, _ w: Int) -> UInt32 { view.u32(recordsStart + 4 * (r * recordWords + w)) }
    func offset(record r: Int, word w: Int) -> Int { recordsStart + 4 * (r * recordWords + w) }
    func pool(_ i: Int) -> UInt32 { view.u32(poolStart + 4 * i) }
    func offset(pool i: Int) -> Int { poolStart + 4 * i }

    func error(_ message: String, record r: Int, word w: Int = 0) -> PlanError {
        PlanError(message, at: offset(record: r, word: w), in: kind)
    }

    /// Where the next list must start: lists lie end to end in the pool, in the order of
    /// the records that name them, and fill it (no word belongs to no list, none to two).
    var cursor = 0

    /// A list in the pool: `start` and `count` words at a record's words `w` and `w + 1`,
    /// of `width` words per element.
    mutating func list(record r: Int, word w: Int, width: Int) throws(PlanError) -> Range<Int> {
        let start = Int(record(r, w))
        let n = Int(record(r, w + 1))
        guard start == cursor else {
            throw error("a list starts at pool word \(start), but the lists before it end at word \(cursor) (lists lie end to end)", record: r, word: w)
        }
        guard start <= poolWords, n <= (poolWords - start) / width else {
            throw error("a list of \(n) entr\(n == 1 ? "y" : "ies") at pool word \(start) runs past the pool (\(poolWords) words)", record: r, word: w)
        }
        cursor = start + n * width
        return start..<cursor
    }

    /// Checks that the lists filled the pool.
    func finish() throws(PlanError) {
        guard cursor == poolWords else {
            throw PlanError("\(poolWords - cursor) pool words belong to no list", at: offset(pool: cursor), in: kind)
        }
    }
}

struct PlanReader {
    let view: ByteView
    var contents = PlanContents()
    var instructionCount = 0
    /// Where each section's records and pool start, for the messages of later checks.
    var places: [SectionKind: (records: Int, pool: Int)] = [:]

    init(view: ByteView) { self.view = view }

    mutating func read() throws(PlanError) -> VerifiedPlan {
        let bytes = view.bytes
        guard view.has(8, at: 0), Array(bytes[0..<8]) == PlanFormat.magic else {
            if view.has(8, at: 0), bytes[0] == PlanFormat.magic[0], bytes[1..<4].elementsEqual(PlanFormat.magic[1..<4]) {
                throw PlanError("the magic number is damaged (line endings changed in transfer?)", at: 0)
            }
            throw PlanError("not an AIWorkflow plan (the file does not start with the plan magic number)", at: 0)
        }
        guard view.has(PlanFormat.headerSize, at: 0) else {
            throw PlanError("the file ends inside the header (\(bytes.count) of \(PlanFormat.headerSize) bytes)", at: bytes.count)
        }
        let major = view.u16(8)
        let minor = view.u16(10)
        guard major == PlanFormat.major else {
            let relation = major > PlanFormat.major ? "newer than" : "older than"
            throw PlanError("plan format \(major).\(minor) is \(relation) the format this program reads (\(PlanFormat.major).x); compile the workflow again with a matching aiwc, or use a matching aiwvm", at: 8)
        }
        let flags = PlanFormat.Flags(rawValue: view.u32(12))
        guard flags.isSubset(of: .known) else { throw PlanError("unknown header flags 0x\(String(flags.rawValue, radix: 16))", at: 12) }
        let sectionCount = Int(view.u32(16))
        guard view.u32(20) == 0 else { throw PlanError("reserved header bytes are not zero", at: 20) }
        let total = view.u64(24)
        guard total == UInt64(bytes.count) else {
            throw PlanError("the header gives a length of \(total) bytes but the file has \(bytes.count) (truncated or extended)", at: 24)
        }
        guard bytes.count <= PlanFormat.maxSize else { throw PlanError("the plan is larger than \(PlanFormat.maxSize) bytes", at: 24) }
        let tail = PlanFormat.digestSize + (flags.contains(.signed) ? PlanFormat.signatureSize : 0)
        guard bytes.count >= PlanFormat.headerSize + tail,
              sectionCount <= (bytes.count - PlanFormat.headerSize - tail) / PlanFormat.sectionEntrySize else {
            throw PlanError("a table of \(sectionCount) sections does not fit in the file", at: 16)
        }
        let digestOffset = bytes.count - tail
        // The digest first: a damaged file gets that message, not a consequence of the damage.
        let digest = Array(bytes[digestOffset..<(digestOffset + PlanFormat.digestSize)])
        guard SHA256.hash(data: bytes[0..<digestOffset]).elementsEqual(digest) else {
            throw PlanError("the SHA-256 digest does not match the contents: the file is damaged", at: digestOffset)
        }
        let tableEnd = PlanFormat.headerSize + sectionCount * PlanFormat.sectionEntrySize
        var previousKind: UInt32 = 0
        var position = tableEnd
        var found: [SectionKind: (offset: Int, length: Int)] = [:]
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
                found[kind] = (offset, length)
            } else if minor <= PlanFormat.minor {
                throw PlanError("unknown section kind \(kindValue) in a plan of format \(major).\(minor)", at: entry)
            }
        }
        try checkZero(position..<digestOffset, what: "padding before the digest")
        guard PlanWriter.align(position) == digestOffset else {
            throw PlanError("\(digestOffset - position) bytes between the last section and the digest; at most the padding to a multiple of \(PlanFormat.alignment) may be there", at: position)
        }
        for kind in SectionKind.allCases {
            guard let place = found[kind] else { throw PlanError("the plan has no \(kind) section", at: 16) }
            try readSection(kind, at: place.offset, length: place.length)
        }
        try checkReferences()
        var signature: ([UInt8], [UInt8])?
        if flags.contains(.signed) {
            let s = digestOffset + PlanFormat.digestSize
            signature = (Array(bytes[s..<(s + 8)]), Array(bytes[(s + 8)..<(s + PlanFormat.signatureSize)]))
        }
        return VerifiedPlan(contents: contents, version: (major, minor), digest: digest, signature: signature)
    }

    func checkZero(_ range: Range<Int>, what: String) throws(PlanError) {
        for i in range where view.bytes[i] != 0 { throw PlanError("\(what) is not zero", at: i) }
    }

    mutating func readSection(_ kind: SectionKind, at offset: Int, length: Int) throws(PlanError) {
        guard length >= 8 else { throw PlanError("the section is \(length) bytes; its count words alone take 8", at: offset, in: kind) }
        let count = Int(view.u32(offset))
        let poolSize = Int(view.u32(offset + 4))
        let recordWords = SectionEncoder.recordWords(kind)
        let body = length - 8
        // Counts are checked against the bytes there before anything is allocated.
        guard count <= body / (4 * recordWords) else {
            throw PlanError("\(count) records of \(4 * recordWords) bytes do not fit in \(body) bytes", at: offset, in: kind)
        }
        let rest = body - 4 * recordWords * count
        let expected = kind == .strings ? poolSize : (poolSize <= rest / 4 ? 4 * poolSize : -1)
        guard expected == rest else {
            throw PlanError("the section holds \(rest) bytes after its records, but its pool size says \(kind == .strings ? poolSize : 4 * poolSize)", at: offset + 4, in: kind)
        }
        var s = SectionWords(kind: kind, view: view, start: offset, count: count, recordWords: recordWords,
                             poolWords: kind == .strings ? 0 : poolSize)
        places[kind] = (s.recordsStart, s.poolStart)
        switch kind {
        case .strings: try readStrings(s, blobLength: poolSize)
        case .constants: try readConstants(&s)
        case .schemas: try readSchemas(&s)
        case .agents: try readAgents(&s)
        case .tools: try readTools(&s)
        case .steps: try readSteps(&s)
        case .code: try readCode(s)
        case .sourceMap: try readSourceMap(s)
        case .triggers: try readTriggers(&s)
        case .policies: try readPolicies(&s)
        case .metadata: try readMetadata(&s)
        }
        // The code section's pool is its instructions, and the strings' is text.
        if kind != .code, kind != .strings { try s.finish() }
    }

    // MARK: Sections

    mutating func readStrings(_ s: SectionWords, blobLength: Int) throws(PlanError) {
        let blob = s.poolStart
        var next = 0
        contents.strings.reserveCapacity(s.count)
        for r in 0..<s.count {
            let start = Int(s.record(r, 0))
            let length = Int(s.record(r, 1))
            // Strings lie end to end in order: no gap, no overlap, one encoding per plan.
            guard start == next, length <= blobLength - start else {
                throw s.error("string \(r) at \(start) with length \(length) does not follow the one before it inside the text area", record: r)
            }
            let utf8 = UnsafeRawBufferPointer(rebasing: view.raw[(blob + start)..<(blob + start + length)]).assumingMemoryBound(to: UInt8.self)
            // Most texts are ASCII, which is valid as it is; the others are validated.
            let text: String
            if utf8.allSatisfy({ $0 < 0x80 }) {
                text = String(decoding: utf8, as: UTF8.self)
            } else if let valid = String(validating: utf8, as: UTF8.self) {
                text = valid
            } else {
                throw PlanError("string \(r) is not valid UTF-8", at: blob + start, in: .strings)
            }
            contents.strings.append(text)
            next = start + length
        }
        guard next == blobLength else { throw PlanError("\(blobLength - next) bytes of the text area belong to no string", at: blob + next, in: .strings) }
    }

    mutating func readConstants(_ s: inout SectionWords) throws(PlanError) {
        for r in 0..<s.count {
            let (tag, lo, hi) = (s.record(r, 0), s.record(r, 1), s.record(r, 2))
            let value = UInt64(lo) | UInt64(hi) << 32
            switch tag {
            case 0 where lo == 0 && hi == 0: contents.constants.append(.null)
            case 1 where lo <= 1 && hi == 0: contents.constants.append(.boolean(lo == 1))
            case 2: contents.constants.append(.integer(Int64(bitPattern: value)))
            case 3 where Double(bitPattern: value).isFinite: contents.constants.append(.number(Double(bitPattern: value)))
            case 4 where hi == 0: contents.constants.append(.string(lo))
            default: throw s.error("constant \(r) has tag \(tag) with words \(lo), \(hi): not a valid constant", record: r)
            }
        }
    }

    mutating func readSchemas(_ s: inout SectionWords) throws(PlanError) {
        for r in 0..<s.count {
            var schema = PlanContents.Schema(types: PlanContents.SchemaTypes(rawValue: s.record(r, 0)))
            guard schema.types.isSubset(of: .known) else { throw s.error("schema \(r) has unknown type bits", record: r) }
            schema.items = s.record(r, 1)
            // A schema refers only to schemas before it: no cycle, and checking a value
            // against one is bounded by the table's size.
            guard schema.items == PlanContents.none || schema.items < UInt32(r) else {
                throw s.error("schema \(r) names schema \(schema.items) for its items; only earlier schemas may be named", record: r, word: 1)
            }
            for i in try s.list(record: r, word: 2, width: 3).striding(by: 3) {
                let p = PlanContents.Schema.Property(name: s.pool(i), schema: s.pool(i + 1), required: s.pool(i + 2) == 1)
                guard p.schema < UInt32(r), s.pool(i + 2) <= 1 else {
                    throw PlanError("a property of schema \(r) names schema \(p.schema) or has a required flag other than 0 or 1", at: s.offset(pool: i), in: .schemas)
                }
                schema.properties.append(p)
            }
            schema.additional = s.record(r, 4)
            guard schema.additional >= PlanContents.Schema.additionalNone || schema.additional < UInt32(r) else {
                throw s.error("schema \(r) names schema \(schema.additional) for other properties; only earlier schemas may be named", record: r, word: 4)
            }
            for i in try s.list(record: r, word: 5, width: 1) { schema.enumeration.append(s.pool(i)) }
            guard s.record(r, 7) == 0 else { throw s.error("reserved word of schema \(r) is not zero", record: r, word: 7) }
            contents.schemas.append(schema)
        }
    }

    mutating func readAgents(_ s: inout SectionWords) throws(PlanError) {
        for r in 0..<s.count {
            var a = PlanContents.Agent(id: s.record(r, 0), kind: s.record(r, 1))
            for i in try s.list(record: r, word: 2, width: 1) { a.command.append(s.pool(i)) }
            a.endpoint = s.record(r, 4)
            a.model = s.record(r, 5)
            guard s.record(r, 6) <= 1 else { throw s.error("agent \(r) has unknown flags", record: r, word: 6) }
            a.promptInArgument = s.record(r, 6) == 1
            a.apiKeyEnv = s.record(r, 7)
            contents.agents.append(a)
        }
    }

    mutating func readTools(_ s: inout SectionWords) throws(PlanError) {
        for r in 0..<s.count {
            var t = PlanContents.Tool(id: s.record(r, 0))
            t.implementation = s.record(r, 1)
            t.priority = s.record(r, 2)
            guard s.record(r, 3) == 0 else { throw s.error("reserved word of tool \(r) is not zero", record: r, word: 3) }
            contents.tools.append(t)
        }
    }

    mutating func readSteps(_ s: inout SectionWords) throws(PlanError) {
        // `step.begin` names a step in 16 bits.
        guard s.count <= Int(UInt16.max) + 1 else { throw s.error("\(s.count) steps; a plan holds at most 65536", record: 0) }
        for r in 0..<s.count {
            guard let kind = PlanContents.StepKind(rawValue: s.record(r, 2)) else { throw s.error("step \(r) has unknown kind \(s.record(r, 2))", record: r, word: 2) }
            var step = PlanContents.Step(id: s.record(r, 0), title: s.record(r, 1), kind: kind)
            step.agent = s.record(r, 3)
            step.tool = s.record(r, 4)
            step.operation = s.record(r, 5)
            step.schema = s.record(r, 6)
            step.policy = s.record(r, 7)
            guard s.record(r, 8) <= 1 else { throw s.error("step \(r) has unknown flags", record: r, word: 8) }
            step.continueOnError = s.record(r, 8) == 1
            step.timeoutMilliseconds = UInt64(s.record(r, 9)) | UInt64(s.record(r, 10)) << 32
            guard s.record(r, 11) == 0 else { throw s.error("reserved word of step \(r) is not zero", record: r, word: 11) }
            contents.steps.append(step)
        }
    }

    mutating func readCode(_ s: SectionWords) throws(PlanError) {
        guard s.count == 2 else { throw s.error("the code section has \(s.count) blocks; a plan has 2 (steps, outputs)", record: 0) }
        guard s.poolWords % 2 == 0 else { throw PlanError("the instruction area is not a whole number of instructions", at: s.poolStart, in: .code) }
        var next = 0
        for r in 0..<s.count {
            guard let kind = PlanContents.BlockKind(rawValue: s.record(r, 0)), kind.rawValue == UInt32(r) else {
                throw s.error("block \(r) has kind \(s.record(r, 0)); block 0 runs the steps and block 1 the outputs", record: r)
            }
            let start = Int(s.record(r, 1))
            let count = Int(s.record(r, 2))
            guard start == next, count <= s.poolWords / 2 - start else {
                throw s.error("block \(r) does not start where the one before it ends, or runs past the instructions", record: r, word: 1)
            }
            var block = PlanContents.CodeBlock(kind: kind)
            block.maxStack = s.record(r, 3)
            block.instructions.reserveCapacity(count)
            for i in 0..<count {
                let word = s.pool(2 * (start + i))
                let at = s.offset(pool: 2 * (start + i))
                guard let opcode = Opcode(rawValue: UInt8(word & 0xFF)) else {
                    throw PlanError("block \(r), instruction \(i): unknown opcode 0x\(String(word & 0xFF, radix: 16))", at: at, in: .code)
                }
                guard word >> 8 & 0xFF == 0 else { throw PlanError("block \(r), instruction \(i): reserved byte is not zero", at: at + 1, in: .code) }
                block.instructions.append(Instruction(opcode, a: s.pool(2 * (start + i) + 1), b: UInt16(word >> 16)))
            }
            next = start + count
            contents.blocks.append(block)
        }
        guard next == s.poolWords / 2 else { throw PlanError("\(s.poolWords / 2 - next) instructions belong to no block", at: s.offset(pool: 2 * next), in: .code) }
        instructionCount = next
    }

    mutating func readSourceMap(_ s: SectionWords) throws(PlanError) {
        guard s.count == instructionCount, s.poolWords == 0 else {
            throw s.error("the source map has \(s.count) positions for \(instructionCount) instructions", record: 0)
        }
        var r = 0
        for b in contents.blocks.indices {
            // Built apart and stored once: appending through `contents.blocks[b]` each time
            // would go through the block's accessor for every instruction.
            var positions: [PlanContents.SourcePosition] = []
            positions.reserveCapacity(contents.blocks[b].instructions.count)
            for _ in 0..<contents.blocks[b].instructions.count {
                let p = PlanContents.SourcePosition(source: s.record(r, 0), line: s.record(r, 1), column: s.record(r, 2))
                guard p.line >= 1, p.column >= 1 else { throw s.error("position \(r) has line \(p.line), column \(p.column); both count from 1", record: r, word: 1) }
                positions.append(p)
                r += 1
            }
            contents.blocks[b].positions = positions
        }
    }

    mutating func readTriggers(_ s: inout SectionWords) throws(PlanError) {
        for r in 0..<s.count {
            let w = (0..<8).map { s.record(r, $0) }
            switch w[0] {
            case 0 where w[1...].allSatisfy({ $0 == 0 }):
                contents.triggers.append(.manual)
            case 1 where w[7] == 0:
                let schedule = PlanContents.Schedule(
                    minutes: UInt64(w[1]) | UInt64(w[2]) << 32, hours: w[3], daysOfMonth: w[4], months: UInt16(w[5] & 0xFFFF),
                    daysOfWeek: UInt8(w[5] >> 16 & 0xFF), restrictions: UInt8(w[5] >> 24), timeZone: w[6])
                // Bits past each field's range (minute 60, hour 24, day 32, month 13, weekday 7) are refused.
                guard schedule.minutes >> 60 == 0, schedule.hours >> 24 == 0, schedule.daysOfMonth & 1 == 0,
                      schedule.months & 0xE001 == 0, schedule.daysOfWeek >> 7 == 0, schedule.restrictions >> 2 == 0,
                      schedule.minutes != 0, schedule.hours != 0, schedule.daysOfMonth != 0, schedule.months != 0, schedule.daysOfWeek != 0 else {
                    throw s.error("trigger \(r): a schedule field is empty or has a value out of its range", record: r, word: 1)
                }
                contents.triggers.append(.schedule(schedule))
            case 2 where w[4...].allSatisfy({ $0 == 0 }) && w[2] != 0 && w[2] >> 5 == 0:
                contents.triggers.append(.webhook(path: w[1], methods: w[2], secret: w[3]))
            case 3 where w[6] == 0 && w[7] == 0 && w[4] != 0 && w[4] >> 4 == 0:
                let patterns = try s.list(record: r, word: 2, width: 1).map { s.pool($0) }
                contents.triggers.append(.watch(path: w[1], patterns: patterns, events: w[4], debounceMilliseconds: w[5]))
            default:
                throw s.error("trigger \(r) has kind \(w[0]) and words that do not fit it", record: r)
            }
        }
    }

    mutating func readPolicies(_ s: inout SectionWords) throws(PlanError) {
        for r in 0..<s.count {
            var p = PlanContents.Policy()
            p.maxAttempts = s.record(r, 0)
            p.initialMilliseconds = s.record(r, 1)
            p.maxMilliseconds = s.record(r, 2)
            p.backoffPermille = s.record(r, 3)
            p.jitter = s.record(r, 4) == 1
            p.circuitThreshold = s.record(r, 5)
            p.circuitResetMilliseconds = s.record(r, 6)
            p.failoverMaxSwitches = s.record(r, 7)
            p.failoverOn = s.record(r, 8)
            guard p.maxAttempts >= 1, p.maxAttempts <= 1000, s.record(r, 4) <= 1, p.backoffPermille >= 1000,
                  p.initialMilliseconds <= p.maxMilliseconds, p.failoverOn & ~FailoverCauses.known == 0, s.record(r, 9) == 0 else {
                throw s.error("policy \(r) is out of range (attempts 1 to 1000, backoff at least 1.0, initial wait at most the longest, known causes only)", record: r)
            }
            contents.policies.append(p)
        }
    }

    mutating func readMetadata(_ s: inout SectionWords) throws(PlanError) {
        guard s.count == 1 else { throw s.error("the metadata section has \(s.count) records; it has exactly 1", record: 0) }
        var m = PlanContents.Metadata()
        m.name = s.record(0, 0)
        m.version = s.record(0, 1)
        m.compiler = s.record(0, 2)
        for i in try s.list(record: 0, word: 3, width: 9).striding(by: 9) {
            let digest = (1...8).flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: s.pool(i + w) >> (8 * $0)) } }
            m.sources.append(PlanContents.Source(path: s.pool(i), sha256: digest))
        }
        for i in try s.list(record: 0, word: 5, width: 4).striding(by: 4) {
            guard let type = PlanContents.InputType(rawValue: s.pool(i + 1)), s.pool(i + 3) <= 1 else {
                throw PlanError("an input has an unknown type or flag", at: s.offset(pool: i), in: .metadata)
            }
            var input = PlanContents.Input(name: s.pool(i), type: type)
            input.defaultValue = s.pool(i + 2)
            input.required = s.pool(i + 3) == 1
            m.inputs.append(input)
        }
        for i in try s.list(record: 0, word: 7, width: 1) { m.secrets.append(s.pool(i)) }
        for i in try s.list(record: 0, word: 9, width: 1) { m.agentOrder.append(s.pool(i)) }
        guard s.record(0, 11) == 0 else { throw s.error("reserved word of the metadata is not zero", record: 0, word: 11) }
        contents.metadata = m
    }
}

extension Range<Int> {
    /// The starts of elements `width` apart.
    func striding(by width: Int) -> StrideTo<Int> { Swift.stride(from: lowerBound, to: upperBound, by: width) }
}
