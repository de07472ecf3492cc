import Diagnostics

/// Checks the bytes of a file before anything parses them: both libraries assume valid
/// UTF-8 without NUL, and a position after a broken byte could not be trusted anyway.
enum TextValidation {
    /// Reports the file's first encoding problem (AIW101, AIW102), if any.
    /// - Returns: Whether the file can be parsed: false when a problem was reported.
    static func reportProblem(in file: SourceFile, into sink: inout DiagnosticSink) -> Bool {
        switch firstProblem(in: file.bytes) {
        case .invalidUTF8(let at)?:
            sink.report(
                .invalidUTF8, "file is not valid UTF-8 (byte 0x\(hex(file.bytes[at])) at offset \(at))",
                at: Span(start: at, end: at + 1), help: ["save the file as UTF-8"])
            return false
        case .nul(let at)?:
            sink.report(.nulByte, "file contains a NUL byte (offset \(at))", at: Span(start: at, end: at + 1))
            return false
        case nil:
            return true
        }
    }

    private static func hex(_ b: UInt8) -> String {
        let s = String(b, radix: 16, uppercase: true)
        return s.count == 1 ? "0" + s : s
    }

    /// What is wrong with a file's encoding, and where.
    enum Problem: Equatable {
        /// An invalid UTF-8 sequence starts at this offset.
        case invalidUTF8(Int)
        /// A NUL byte at this offset.
        case nul(Int)
    }

    /// The first problem in the bytes, if any.
    static func firstProblem(in bytes: [UInt8]) -> Problem? {
        bytes.withUnsafeBufferPointer { buf -> Problem? in
            let n = buf.count
            var i = 0
            while i < n {
                let b = buf[i]
                if b < 0x80 {
                    if b == 0 { return .nul(i) }
                    i += 1
                    continue
                }
                let width: Int
                let min: UInt32
                var value: UInt32
                switch b {
                case 0xC2...0xDF: width = 2; min = 0x80; value = UInt32(b & 0x1F)
                case 0xE0...0xEF: width = 3; min = 0x800; value = UInt32(b & 0x0F)
                case 0xF0...0xF4: width = 4; min = 0x10000; value = UInt32(b & 0x07)
                default: return .invalidUTF8(i)
                }
                guard width <= n - i else { return .invalidUTF8(i) }
                for k in 1..<width {
                    let c = buf[i + k]
                    guard c & 0xC0 == 0x80 else { return .invalidUTF8(i) }
                    value = value << 6 | UInt32(c & 0x3F)
                }
                if value < min || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) { return .invalidUTF8(i) }
                i += width
            }
            return nil
        }
    }
}
