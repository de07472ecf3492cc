/// Reading a verified plan where it lies: what the VM uses instead of decoded tables. The
/// verifier proved every record and index, so these reads carry no checks beyond the ones
/// on the caller's own indices.
extension VerifiedPlan {
    /// The header's flags (signed, chunked digest).
    public var flags: PlanFormat.Flags {
        PlanFormat.Flags(rawValue: bytes.withUnsafeBytes { ByteView(raw: $0).u32(12) })
    }

    /// The workflow's name (a string index).
    public var workflowName: UInt32 { metadataWord(0) }

    /// The workflow's version (a string index, or ``PlanContents/none``).
    public var workflowVersion: UInt32 { metadataWord(1) }

    private func metadataWord(_ w: Int) -> UInt32 {
        bytes.withUnsafeBytes { ByteView(raw: $0).u32(sections[.metadata].offset(record: 0, word: w)) }
    }

    /// How many steps the plan has.
    public var stepCount: Int { sections[.steps].count }

    /// How many strings the pool has.
    public var stringCount: Int { sections[.strings].count }

    /// Step `i` (below ``stepCount``), read from its record.
    public func step(_ i: Int) -> PlanContents.Step {
        precondition(i >= 0 && i < stepCount, "step \(i) of \(stepCount)")
        return bytes.withUnsafeBytes { raw in
            let view = ByteView(raw: raw)
            let s = sections[.steps]
            let kind = PlanContents.StepKind(rawValue: view.u32(s.offset(record: i, word: 2))) ?? .agent
            return PlanReader.step(s, view, i, kind: kind)
        }
    }

    /// String `i` (below ``stringCount``) of the pool.
    public func string(_ i: UInt32) -> String {
        precondition(Int(i) < stringCount, "string \(i) of \(stringCount)")
        return bytes.withUnsafeBytes { raw in
            let view = ByteView(raw: raw)
            let s = sections[.strings]
            let start = s.poolStart + Int(view.u32(s.offset(record: Int(i))))
            return String(decoding: view.bytes(start..<(start + Int(view.u32(s.offset(record: Int(i), word: 1))))), as: UTF8.self)
        }
    }

    /// Constant `i` of the constants table (an index the plan itself holds).
    public func constant(_ i: UInt32) -> PlanContents.Constant {
        precondition(Int(i) < sections[.constants].count, "constant \(i) of \(sections[.constants].count)")
        return bytes.withUnsafeBytes { raw in
            let view = ByteView(raw: raw)
            let at = sections[.constants].offset(record: Int(i))
            let (tag, lo, hi) = (view.u32(at), view.u32(at + 4), view.u32(at + 8))
            let bits = UInt64(lo) | UInt64(hi) << 32
            // The verifier accepted only these tags, each with its words.
            switch tag {
            case 1: return .boolean(lo == 1)
            case 2: return .integer(Int64(bitPattern: bits))
            case 3: return .number(Double(bitPattern: bits))
            case 4: return .string(lo)
            default: return .null
            }
        }
    }

    /// Schema `i`, decoded (its parts are earlier schemas, read the same way).
    public func schema(_ i: UInt32) -> PlanContents.Schema {
        precondition(Int(i) < sections[.schemas].count, "schema \(i) of \(sections[.schemas].count)")
        return bytes.withUnsafeBytes { raw in
            let view = ByteView(raw: raw)
            let s = sections[.schemas]
            let w = { (word: Int) in view.u32(s.offset(record: Int(i), word: word)) }
            let start = Int(w(2))
            let properties = (0..<Int(w(3))).map { k in
                let at = s.offset(pool: start + 3 * k)
                return PlanContents.Schema.Property(name: view.u32(at), schema: view.u32(at + 4), required: view.u32(at + 8) == 1)
            }
            return PlanContents.Schema(types: PlanContents.SchemaTypes(rawValue: w(0)), items: w(1), properties: properties,
                                       additional: w(4), enumeration: enumeration(ofSchema: i))
        }
    }

    /// The allowed values (constant indices) of schema `i`; empty allows any.
    public func enumeration(ofSchema i: UInt32) -> [UInt32] {
        precondition(Int(i) < sections[.schemas].count, "schema \(i) of \(sections[.schemas].count)")
        return bytes.withUnsafeBytes { raw in
            let view = ByteView(raw: raw)
            let s = sections[.schemas]
            let start = Int(view.u32(s.offset(record: Int(i), word: 5)))
            let count = Int(view.u32(s.offset(record: Int(i), word: 6)))
            return (0..<count).map { view.u32(s.offset(pool: start + $0)) }
        }
    }

    /// The workflow's declared inputs, in order, with their rules (none in a 0.1 plan).
    public var inputs: [PlanContents.Input] {
        bytes.withUnsafeBytes { raw in
            let view = ByteView(raw: raw)
            let m = sections[.metadata]
            let start = Int(view.u32(m.offset(record: 0, word: 5)))
            let count = Int(view.u32(m.offset(record: 0, word: 6)))
            let rules = sections.has(.inputRules) ? sections[.inputRules] : nil
            return (0..<count).map { k in
                let at = m.offset(pool: start + 4 * k)
                var input = PlanContents.Input(name: view.u32(at), type: PlanContents.InputType(rawValue: view.u32(at + 4)) ?? .string)
                input.defaultValue = view.u32(at + 8)
                input.required = view.u32(at + 12) == 1
                if let rules {
                    input.allowed = view.u32(rules.offset(record: k, word: 0))
                    input.minimum = view.u32(rules.offset(record: k, word: 1))
                    input.maximum = view.u32(rules.offset(record: k, word: 2))
                    input.pattern = view.u32(rules.offset(record: k, word: 3))
                }
                return input
            }
        }
    }

    /// The number of instructions in a block (0 runs the steps, 1 the outputs).
    public func instructionCount(block: Int) -> Int { Int(codeRecord(block, word: 2)) }

    /// The largest stack height a block reaches: what the VM allocates for its stack.
    public func maxStack(block: Int) -> Int { Int(codeRecord(block, word: 3)) }

    /// Runs `body` with a block's instructions read in place; the view is valid only inside.
    public func withInstructions<R, E: Error>(block: Int, _ body: (PlanInstructions) throws(E) -> R) throws(E) -> R {
        let start = Int(codeRecord(block, word: 1))
        let count = Int(codeRecord(block, word: 2))
        let offset = sections[.code].offset(pool: 2 * start)
        // Through a Result: the array's `withUnsafeBytes` rethrows untyped errors.
        let result = bytes.withUnsafeBytes { raw -> Result<R, E> in
            do throws(E) {
                return .success(try body(PlanInstructions(words: InstructionWords(view: ByteView(raw: raw), base: offset, count: count))))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func codeRecord(_ block: Int, word: Int) -> UInt32 {
        precondition(block == 0 || block == 1, "block \(block); a plan has 2")
        return bytes.withUnsafeBytes { raw in ByteView(raw: raw).u32(sections[.code].offset(record: block, word: word)) }
    }
}

/// One block's instructions, read where they lie in a verified plan.
public struct PlanInstructions {
    let words: InstructionWords

    /// How many there are.
    public var count: Int { words.count }

    /// Instruction `i`. Indices come from the verified code itself (the next instruction, or
    /// a jump target the verifier proved in range), so only debug builds check them.
    public subscript(i: Int) -> Instruction {
        assert(i >= 0 && i < count, "instruction \(i) of \(count)")
        return words.instruction(i)
    }
}
