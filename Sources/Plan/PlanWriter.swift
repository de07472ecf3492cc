import Crypto

/// Encodes plan contents into the bytes of a plan file (docs/plan-format.md).
///
/// Deterministic: the same contents give the same bytes. Each code block's largest stack
/// height is computed here, and the bytes are verified before they are returned, so the
/// compiler never writes a plan the VM would refuse.
public enum PlanWriter {
    /// Encodes contents, with the closing digest.
    /// - Throws: ``PlanError`` when the contents break a rule of the format.
    public static func encode(_ contents: PlanContents) throws(PlanError) -> [UInt8] {
        var contents = contents
        // Two shapes the bytes cannot hold, so the verifier could not catch them afterwards:
        // a digest of another size would be cut or overrun, and the source map is one list,
        // so a position missing in one block and extra in the next would read back shifted.
        for (i, source) in contents.metadata.sources.enumerated() where source.sha256.count != 32 {
            throw PlanError("source \(i)'s SHA-256 has \(source.sha256.count) bytes; it has 32", at: 0, in: .metadata)
        }
        for (b, block) in contents.blocks.enumerated() where block.positions.count != block.instructions.count {
            throw PlanError("block \(b) has \(block.instructions.count) instructions but \(block.positions.count) positions", at: 0, in: .sourceMap)
        }
        for b in contents.blocks.indices {
            switch StackAnalysis.maxHeight(contents.blocks[b].instructions) {
            case .success(let height): contents.blocks[b].maxStack = height
            case .failure(let f): throw PlanError("block \(b), instruction \(f.instruction): \(f.message)", at: 0, in: .code)
            }
        }
        let sections = SectionKind.allCases.map { kind in (kind, SectionEncoder.encode(kind, contents)) }
        var out: [UInt8] = []
        let tableEnd = PlanFormat.headerSize + PlanFormat.sectionEntrySize * sections.count
        var offsets: [Int] = []
        var position = align(tableEnd)
        for (_, bytes) in sections {
            offsets.append(position)
            position = align(position + bytes.count)
        }
        let digestOffset = position
        let total = digestOffset + PlanFormat.digestSize
        guard total <= PlanFormat.maxSize else {
            throw PlanError("the plan would take \(total) bytes; the format allows \(PlanFormat.maxSize)", at: 0)
        }
        out.reserveCapacity(total)
        out += PlanFormat.magic
        out.appendLittleEndian(PlanFormat.major)
        out.appendLittleEndian(PlanFormat.minor)
        var flags = PlanFormat.Flags.chunkedDigest
        if contents.agents.contains(where: { !$0.allowedTools.isEmpty || $0.mcpConfig != PlanContents.none }) {
            flags.insert(.agentOptions)
        }
        out.appendLittleEndian(flags.rawValue)
        out.appendLittleEndian(UInt32(sections.count))
        out.appendLittleEndian(UInt32(0))  // reserved
        out.appendLittleEndian(UInt64(total))
        for (i, (kind, bytes)) in sections.enumerated() {
            out.appendLittleEndian(kind.rawValue)
            out.appendLittleEndian(UInt32(offsets[i]))
            out.appendLittleEndian(UInt32(bytes.count))
            out.appendLittleEndian(UInt32(0))
        }
        for (i, (_, bytes)) in sections.enumerated() {
            out += [UInt8](repeating: 0, count: offsets[i] - out.count)
            out += bytes
        }
        out += [UInt8](repeating: 0, count: digestOffset - out.count)
        out += PlanDigest.compute(out, chunked: true)
        // What the VM would refuse is not written: a bad index from the compiler is found
        // here, with the verifier's message, rather than on a server.
        _ = try PlanVerifier.verify(out)
        return out
    }

    static func align(_ n: Int) -> Int { (n + PlanFormat.alignment - 1) / PlanFormat.alignment * PlanFormat.alignment }
}

extension [UInt8] {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

/// The words of each section: a record count, a pool size, the records, then the pool
/// (docs/plan-format.md §3).
enum SectionEncoder {
    /// Words per record, by section kind.
    static func recordWords(_ kind: SectionKind) -> Int {
        switch kind {
        case .strings: 2
        case .constants: 3
        case .schemas: 8
        case .agents: 8
        case .tools: 4
        case .steps: 12
        case .code: 4
        case .sourceMap: 3
        case .triggers: 8
        case .policies: 10
        case .metadata: 12
        case .agentProfiles: 8
        case .toolSettings: 8
        case .inputRules: 4
        case .agentOptions: 4
        }
    }

    static func encode(_ kind: SectionKind, _ c: PlanContents) -> [UInt8] {
        var records: [UInt32] = []
        var pool: [UInt32] = []
        var count = 0
        func list(_ words: [UInt32]) -> (UInt32, UInt32) {
            let start = UInt32(pool.count)
            pool += words
            return (start, UInt32(words.count))
        }
        switch kind {
        case .strings:
            var blob: [UInt8] = []
            for s in c.strings {
                records += [UInt32(blob.count), UInt32(s.utf8.count)]
                blob += s.utf8
            }
            var out: [UInt8] = []
            out.appendLittleEndian(UInt32(c.strings.count))
            out.appendLittleEndian(UInt32(blob.count))
            for w in records { out.appendLittleEndian(w) }
            return out + blob
        case .constants:
            count = c.constants.count
            for k in c.constants {
                switch k {
                case .null: records += [0, 0, 0]
                case .boolean(let b): records += [1, b ? 1 : 0, 0]
                case .integer(let i): records += [2] + split(UInt64(bitPattern: i))
                case .number(let d): records += [3] + split(d.bitPattern)
                case .string(let s): records += [4, s, 0]
                }
            }
        case .schemas:
            count = c.schemas.count
            for s in c.schemas {
                let (ps, pc) = list(s.properties.flatMap { [$0.name, $0.schema, $0.required ? 1 : 0] })
                let (es, ec) = list(s.enumeration)
                records += [s.types.rawValue, s.items, ps, pc / 3, s.additional, es, ec, 0]
            }
        case .agents:
            count = c.agents.count
            for a in c.agents {
                let (cs, cc) = list(a.command)
                records += [a.id, a.kind, cs, cc, a.endpoint, a.model, a.promptInArgument ? 1 : 0, a.apiKeyEnv]
            }
        case .tools:
            count = c.tools.count
            for t in c.tools { records += [t.id, t.implementation, t.priority, 0] }
        case .steps:
            count = c.steps.count
            for s in c.steps {
                records += [s.id, s.title, s.kind.rawValue, s.agent, s.tool, s.operation, s.schema, s.policy,
                            s.continueOnError ? 1 : 0] + split(s.timeoutMilliseconds) + [0]
            }
        case .code:
            count = c.blocks.count
            for b in c.blocks {
                records += [b.kind.rawValue, UInt32(pool.count / 2), UInt32(b.instructions.count), b.maxStack]
                for i in b.instructions {
                    pool += [UInt32(i.opcode.rawValue) | UInt32(i.b) << 16, i.a]
                }
            }
        case .sourceMap:
            for b in c.blocks {
                for p in b.positions { records += [p.source, p.line, p.column] }
                count += b.positions.count
            }
        case .triggers:
            count = c.triggers.count
            for t in c.triggers {
                switch t {
                case .manual:
                    records += [0, 0, 0, 0, 0, 0, 0, 0]
                case .schedule(let s):
                    records += [1] + split(s.minutes) + [s.hours, s.daysOfMonth,
                        UInt32(s.months) | UInt32(s.daysOfWeek) << 16 | UInt32(s.restrictions) << 24, s.timeZone, 0]
                case .webhook(let path, let methods, let secret):
                    records += [2, path, methods, secret, 0, 0, 0, 0]
                case .watch(let path, let patterns, let events, let debounce):
                    let (ps, pc) = list(patterns)
                    records += [3, path, ps, pc, events, debounce, 0, 0]
                }
            }
        case .policies:
            count = c.policies.count
            for p in c.policies {
                records += [p.maxAttempts, p.initialMilliseconds, p.maxMilliseconds, p.backoffPermille, p.jitter ? 1 : 0,
                            p.circuitThreshold, p.circuitResetMilliseconds, p.failoverMaxSwitches, p.failoverOn,
                            p.halfOpenSuccesses | p.nonRetryable << 8]
            }
        case .metadata:
            count = 1
            let m = c.metadata
            let (ss, sc) = list(m.sources.flatMap { [$0.path] + words(of: $0.sha256) })
            let (ins, inc) = list(m.inputs.flatMap { [$0.name, $0.type.rawValue, $0.defaultValue, $0.required ? 1 : 0] })
            let (secs, secc) = list(m.secrets)
            let (os, oc) = list(m.agentOrder)
            records += [m.name, m.version, m.compiler, ss, sc / 9, ins, inc / 4, secs, secc, os, oc, m.runTimeoutMilliseconds]
        case .agentProfiles:
            count = c.agents.count
            for a in c.agents {
                let (ms, mc) = list(a.models)
                let (cs, cc) = list(a.capabilities)
                let (hs, hc) = list(a.healthCommand)
                records += [ms, mc, cs, cc, hs, hc, a.healthURL, a.healthTimeoutMilliseconds]
            }
        case .toolSettings:
            count = c.tools.count
            for t in c.tools {
                let (cs, cc) = list(t.command)
                records += [cs, cc, t.url, t.timeoutMilliseconds, t.requestsPerMinute, t.burst, t.binding, 0]
            }
        case .agentOptions:
            count = c.agents.count
            for a in c.agents {
                let (ts, tc) = list(a.allowedTools)
                records += [ts, tc, a.mcpConfig, 0]
            }
        case .inputRules:
            count = c.metadata.inputs.count
            for input in c.metadata.inputs { records += [input.allowed, input.minimum, input.maximum, input.pattern] }
        }
        var out: [UInt8] = []
        out.appendLittleEndian(UInt32(count))
        out.appendLittleEndian(UInt32(pool.count))
        for w in records { out.appendLittleEndian(w) }
        for w in pool { out.appendLittleEndian(w) }
        return out
    }

    static func split(_ v: UInt64) -> [UInt32] { [UInt32(truncatingIfNeeded: v), UInt32(truncatingIfNeeded: v >> 32)] }

    /// 32 bytes as 8 little-endian words.
    static func words(of digest: [UInt8]) -> [UInt32] {
        (0..<8).map { w in (0..<4).reduce(UInt32(0)) { $0 | UInt32(digest[w * 4 + $1]) << (8 * $1) } }
    }
}
