/// docs/isa.md, made from the instruction table (``OpcodeInfo/all``) and the function
/// library (``BuiltinFunction``), so the document cannot drift from the code.
public enum InstructionSetDocument {
    /// The whole document.
    public static func markdown() -> String {
        var out = """
            # The instruction set

            Generated from the table in `Sources/Plan/Opcode.swift` by `scripts/gen-docs`; do not
            edit by hand. The plan format that holds this code is described in
            [plan-format.md](plan-format.md).

            An instruction is 8 bytes, little-endian: the opcode (1 byte), a reserved byte that
            must be zero, operand B (16 bits), operand A (32 bits). Code runs on a stack of values
            (null, booleans, 64-bit integers, numbers, texts, arrays, objects). **Pops** is how many
            values an instruction takes; **pushes** how many it leaves when execution goes on to
            the next instruction. An instruction that jumps (operand A is a *target*) leaves the
            stack as it is after its pops: the verifier checks that every path reaches every
            instruction with the same height, that `end` finds the stack empty, and records each
            block's largest height so the VM never checks for overflow.

            Operand kinds: *constant*, *string*, *step*, *policy* and *schema* are indices into
            their sections; *function* an index into the function library below; *target* an
            instruction index in the same block; *count* a number of values; *none* must be 0.


            """
        out += "| opcode | name | A | B | pops | pushes | what it does |\n"
        out += "| ---: | --- | --- | --- | ---: | ---: | --- |\n"
        for row in OpcodeInfo.all {
            let pops = switch row.pops {
            case .fixed(let n): "\(n)"
            case .operandA: "A"
            case .twiceOperandA: "2×A"
            case .operandB: "B"
            }
            let pushes = row.ends ? "— (ends)" : "\(row.pushes)"
            out += "| 0x\(hex(row.opcode.rawValue)) | `\(row.name)` | \(row.a.rawValue) | \(row.b.rawValue) | \(pops) | \(pushes) | \(row.summary) |\n"
        }
        out += """

            ## Function library

            Operand A of `call`: the function's index. Operand B: the number of arguments, which
            the verifier checks against the function's arity. The functions are documented in
            [language.md §9.6](language.md).

            | index | function | arguments |
            | ---: | --- | --- |

            """
        for f in BuiltinFunction.allCases {
            let (lo, hi) = f.arity
            let arity = hi.map { $0 == lo ? "\(lo)" : "\(lo) to \($0)" } ?? "\(lo) or more"
            out += "| \(f.rawValue) | `\(f.name)` | \(arity) |\n"
        }
        return out
    }

    static func hex(_ b: UInt8) -> String {
        let s = String(b, radix: 16)
        return s.count == 1 ? "0" + s : s
    }
}
