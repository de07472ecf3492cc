/// Why a plan was refused (or could not be written), and where: the section and the byte
/// offset from the start of the file, as wasmparser reports (`message` at `offset`).
public struct PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The section the problem is in, if it is in one.
    public var section: SectionKind?
    /// The byte offset from the start of the file.
    public var offset: Int
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String, at offset: Int, in section: SectionKind? = nil) {
        self.section = section
        self.offset = offset
        self.message = message
    }

    /// `plan refused: code section, byte 1234: jump to instruction 99, past the end of block 0`.
    public var description: String {
        let place = section.map { "\($0) section, byte \(offset)" } ?? "byte \(offset)"
        return "\(place): \(message)"
    }
}
