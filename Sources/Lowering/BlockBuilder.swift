import Diagnostics
import Plan

/// Builds one code block: instructions with their source positions, and forward jumps
/// patched once their target is known.
struct BlockBuilder {
    private(set) var block: PlanContents.CodeBlock
    let file: SourceFile
    let source: UInt32

    init(kind: PlanContents.BlockKind, file: SourceFile, source: UInt32) {
        block = PlanContents.CodeBlock(kind: kind)
        self.file = file
        self.source = source
    }

    /// The index the next instruction will have.
    var here: UInt32 { UInt32(block.instructions.count) }

    /// Appends an instruction at a place in the workflow file.
    /// - Returns: Its index, for ``patch(_:to:)``.
    @discardableResult
    mutating func emit(_ opcode: Opcode, a: UInt32 = 0, b: UInt16 = 0, at offset: Int) -> Int {
        block.instructions.append(Instruction(opcode, a: a, b: b))
        let location = file.location(at: min(max(offset, 0), file.bytes.count))
        block.positions.append(PlanContents.SourcePosition(source: source, line: UInt32(location.line), column: UInt32(location.column)))
        return block.instructions.count - 1
    }

    /// Points the jump at `instruction` to `target`.
    mutating func patch(_ instruction: Int, to target: UInt32) {
        block.instructions[instruction].a = target
    }
}
