import Diagnostics

/// Maps libyaml positions back to byte offsets in the workflow file.
///
/// libyaml marks count Unicode characters from the start of its input (a CRLF counts two),
/// and the input may be a piece of the file (the frontmatter) or text re-assembled by
/// cmark (an `action` block's contents, whose lines lost their indentation). The map turns
/// a character index into an input byte offset, then into a file offset by line.
struct InputMap {
    /// The byte offset of every character, or nil when the input is ASCII (index == offset).
    private let scalarOffsets: [Int]?
    private let inputCount: Int
    /// Input offset where each line starts, paired with the file offset it came from.
    private let lines: [(input: Int, file: Int)]
    /// The end of the file: cmark ends a block's text with a newline the file may lack, so a
    /// position past the last input byte must not map past the file.
    private let fileEnd: Int

    /// A map for input taken from the file verbatim, starting at `fileStart`.
    init(input: [UInt8], fileStart: Int, fileEnd: Int) {
        self.init(input: input, lines: [(0, fileStart)], fileEnd: fileEnd)
    }

    /// A map for input assembled from pieces of the file, each line's start paired with the
    /// file offset of the same byte.
    init(input: [UInt8], lines: [(input: Int, file: Int)], fileEnd: Int) {
        self.inputCount = input.count
        self.fileEnd = fileEnd
        self.lines = lines.isEmpty ? [(0, 0)] : lines
        if input.allSatisfy({ $0 < 0x80 }) {
            scalarOffsets = nil
        } else {
            var offsets: [Int] = []
            offsets.reserveCapacity(input.count + 1)
            var i = 0
            while i < input.count {
                offsets.append(i)
                i += UTF8Width.of(input[i])
            }
            offsets.append(input.count)
            scalarOffsets = offsets
        }
    }

    /// The input byte offset of a character index.
    func inputOffset(index: Int) -> Int {
        if let scalarOffsets {
            return index < scalarOffsets.count ? scalarOffsets[index] : inputCount
        }
        return min(index, inputCount)
    }

    /// The file offset of an input byte offset.
    func fileOffset(input offset: Int) -> Int {
        var lo = 0
        var hi = lines.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lines[mid].input <= offset { lo = mid } else { hi = mid - 1 }
        }
        // A line of cmark's text can be longer than its line in the file (a tab widened to
        // spaces), so an offset is kept on its own line as well as inside the file.
        let limit = lo + 1 < lines.count ? min(lines[lo + 1].file, fileEnd) : fileEnd
        return min(lines[lo].file + (offset - lines[lo].input), limit)
    }

    /// The file offset of a character index.
    func fileOffset(index: Int) -> Int { fileOffset(input: inputOffset(index: index)) }
}
