import Diagnostics

/// Splits an expression's bytes into tokens (Grammar/expressions.ebnf).
struct Lexer {
    var position: Int
    let end: Int

    /// The bytes holding the text, read in place (every byte is read at least once, so not
    /// through an array's bounds checks; every read is guarded by `end`, which is within
    /// them). Valid only while the caller's `withUnsafeBufferPointer` runs: a lexer never
    /// outlives the template parse that makes it. Positions are in these bytes; spans
    /// convert back to the text's.
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Where the text starts in ``bytes``.
    private let offset: Int

    /// The file offset of ``bytes``[0] when the text is verbatim file text.
    private let fileBase: Int?
    /// Where every span points when the text is not verbatim.
    private let fallback: Span

    /// Creates a lexer over `range` of the text; `bytes` are the source's storage.
    init(source: TemplateSource, bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        precondition(source.start + range.upperBound <= bytes.count, "the range lies outside the text's bytes")
        self.bytes = bytes
        self.offset = source.start
        self.fileBase = source.base.map { $0 - source.start }
        self.fallback = source.fallback
        self.position = source.start + range.lowerBound
        self.end = source.start + range.upperBound
    }

    /// The bytes in `range` as a string.
    private func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The name at `start` as a literal when it is one of the words most expressions are
    /// made of (roots, `output`, `status`, keywords): a literal is made without validating
    /// and copying bytes, which every other name costs.
    private func knownWord(_ start: Int, _ length: Int) -> String? {
        switch (length, bytes[start]) {
        case (2, UInt8(ascii: "i")): matches("in", at: start) ? "in" : nil
        case (3, UInt8(ascii: "e")): matches("env", at: start) ? "env" : nil
        case (3, UInt8(ascii: "r")): matches("run", at: start) ? "run" : nil
        case (4, UInt8(ascii: "i")): matches("item", at: start) ? "item" : nil
        case (4, UInt8(ascii: "n")): matches("null", at: start) ? "null" : nil
        case (4, UInt8(ascii: "t")): matches("true", at: start) ? "true" : nil
        case (5, UInt8(ascii: "f")): matches("false", at: start) ? "false" : nil
        case (5, UInt8(ascii: "i")): matches("index", at: start) ? "index" : nil
        case (5, UInt8(ascii: "s")): matches("steps", at: start) ? "steps" : nil
        case (6, UInt8(ascii: "i")): matches("inputs", at: start) ? "inputs" : nil
        case (6, UInt8(ascii: "o")): matches("output", at: start) ? "output" : nil
        case (6, UInt8(ascii: "s")): matches("status", at: start) ? "status" : nil
        case (7, UInt8(ascii: "s")): matches("secrets", at: start) ? "secrets" : nil
        case (7, UInt8(ascii: "t")): matches("trigger", at: start) ? "trigger" : nil
        default: nil
        }
    }

    /// Whether the bytes at `start` spell `word` (whose length the caller has checked).
    private func matches(_ word: StaticString, at start: Int) -> Bool {
        word.withUTF8Buffer { w in
            for k in 1..<w.count where bytes[start + k] != w[k] { return false }
            return true
        }
    }

    /// The file span of bytes `range` of ``bytes`` (what ``TemplateSource/span(_:)`` gives,
    /// without going through the source for every token).
    private func span(_ range: Range<Int>) -> Span {
        guard let fileBase else { return fallback }
        return Span(start: fileBase + range.lowerBound, end: fileBase + range.upperBound)
    }

    mutating func next() -> Token {
        while position < end, bytes[position] == 0x20 || bytes[position] == 0x09 || bytes[position] == 0x0A || bytes[position] == 0x0D {
            position += 1
        }
        let start = position
        guard position < end else { return Token(kind: .end, span: span(end..<end)) }
        let c = bytes[position]
        if isLetter(c) || c == UInt8(ascii: "_") {
            while position < end, isLetter(bytes[position]) || isDigit(bytes[position]) || bytes[position] == UInt8(ascii: "_") {
                position += 1
            }
            return token(.identifier(knownWord(start, position - start) ?? text(start..<position)), from: start)
        }
        if isDigit(c) { return number(from: start) }
        if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { return string(quote: c, from: start) }
        if let (symbol, width) = Symbol.match(c, position + 1 < end ? bytes[position + 1] : 0) {
            position += width
            return token(.symbol(symbol), from: start)
        }
        position += UTF8Width.of(c)
        position = min(position, end)
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        let hint = c == UInt8(ascii: "=") ? " (did you mean '=='?)" : c == UInt8(ascii: "&") || c == UInt8(ascii: "|") ? " (did you mean '&&' or '||'?)" : ""
        return token(.invalid("unexpected character '\(text)'\(hint)"), from: start)
    }

    private func token(_ kind: Token.Kind, from start: Int) -> Token {
        Token(kind: kind, span: span(start..<position))
    }

    /// `123`, `1.5`, `2e10`, `1.5e-3`.
    private mutating func number(from start: Int) -> Token {
        while position < end, isDigit(bytes[position]) { position += 1 }
        var isFloat = false
        if position + 1 < end, bytes[position] == UInt8(ascii: "."), isDigit(bytes[position + 1]) {
            isFloat = true
            position += 1
            while position < end, isDigit(bytes[position]) { position += 1 }
        }
        if position < end, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            var p = position + 1
            if p < end, bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") { p += 1 }
            if p < end, isDigit(bytes[p]) {
                isFloat = true
                position = p
                while position < end, isDigit(bytes[position]) { position += 1 }
            }
        }
        if !isFloat, position - start <= 18 {
            // Up to 18 digits always fit in 64 bits: no text to make.
            var value = 0
            for i in start..<position { value = value * 10 + Int(bytes[i] - UInt8(ascii: "0")) }
            return token(.int(value), from: start)
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isFloat {
            guard let d = Double(text), d.isFinite else { return token(.invalid("number \(text) is too large"), from: start) }
            return token(.float(d), from: start)
        }
        guard let i = Int(text) else { return token(.invalid("integer \(text) does not fit in 64 bits"), from: start) }
        return token(.int(i), from: start)
    }

    /// A quoted string with escapes `\\`, `\'`, `\"`, `\n`, `\r`, `\t` and `\u{…}`.
    private mutating func string(quote: UInt8, from start: Int) -> Token {
        position += 1
        // Most strings have no escape: their text is taken as it is.
        var scan = position
        while scan < end, bytes[scan] != quote, bytes[scan] != UInt8(ascii: "\\") { scan += 1 }
        if scan < end, bytes[scan] == quote {
            let value = text(position..<scan)
            position = scan + 1
            return token(.string(value), from: start)
        }
        var value: [UInt8] = []
        while position < end {
            let c = bytes[position]
            if c == quote {
                position += 1
                return token(.string(String(decoding: value, as: UTF8.self)), from: start)
            }
            if c == UInt8(ascii: "\\") {
                guard position + 1 < end else { break }
                let e = bytes[position + 1]
                switch e {
                case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): value.append(e)
                case UInt8(ascii: "n"): value.append(0x0A)
                case UInt8(ascii: "r"): value.append(0x0D)
                case UInt8(ascii: "t"): value.append(0x09)
                case UInt8(ascii: "u"):
                    guard let (scalar, length) = unicodeEscape(at: position + 2) else {
                        let escapeStart = position
                        position = min(position + 2, end)
                        return Token(kind: .invalid("malformed \\u escape: write \\u{HEX}"), span: span(escapeStart..<position))
                    }
                    value += Array(String(scalar).utf8)
                    position += 2 + length
                    continue
                default:
                    let escapeStart = position
                    position = min(position + 2, end)
                    return Token(kind: .invalid("unknown escape '\\\(String(decoding: [e], as: UTF8.self))' in a string"), span: span(escapeStart..<position))
                }
                position += 2
                continue
            }
            value.append(c)
            position += 1
        }
        // Point at the string itself, not at the blanks before the closing braces.
        var last = position
        while last > start + 1, bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09 { last -= 1 }
        return Token(kind: .invalid("string is not closed"), span: span(start..<last))
    }

    /// `{HEX}` after `\u`: the scalar and the bytes it took.
    private func unicodeEscape(at p: Int) -> (Unicode.Scalar, Int)? {
        guard p < end, bytes[p] == UInt8(ascii: "{") else { return nil }
        var q = p + 1
        while q < end, q - p <= 7, bytes[q] != UInt8(ascii: "}") { q += 1 }
        // Hex digits only: `UInt32(_:radix:)` would also take a sign (`\u{+41}`).
        guard q < end, bytes[q] == UInt8(ascii: "}"), q > p + 1,
              bytes[(p + 1)..<q].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }),
              let value = UInt32(String(decoding: bytes[(p + 1)..<q], as: UTF8.self), radix: 16),
              let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, q + 1 - p)
    }

    private func isLetter(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
}
