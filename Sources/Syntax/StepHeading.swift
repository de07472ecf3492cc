import Diagnostics

/// Reads a step heading line (`### id: Title` or `### Title`) with exact spans.
enum StepHeading {
    /// The parts of a step heading.
    struct Parts {
        var id: String
        var idSpan: Span
        var hasExplicitID: Bool
        var title: String
        var titleSpan: Span
    }

    /// Parses the ATX heading occupying `line` of the file.
    static func parse(_ file: SourceFile, line: Range<Int>) -> Parts {
        let b = file.bytes
        var i = line.lowerBound
        var end = line.upperBound
        while i < end, b[i] == 0x20 { i += 1 }
        while i < end, b[i] == UInt8(ascii: "#") { i += 1 }
        while i < end, isBlank(b[i]) { i += 1 }
        while end > i, isBlank(b[end - 1]) { end -= 1 }
        // An optional closing sequence of #'s, preceded by a space.
        var j = end
        while j > i, b[j - 1] == UInt8(ascii: "#") { j -= 1 }
        if j < end, j == i || isBlank(b[j - 1]) {
            end = j
            while end > i, isBlank(b[end - 1]) { end -= 1 }
        }
        let content = Span(start: i, end: end)
        // `id:` prefix: a run without white space, then a colon followed by a blank or the end.
        var k = i
        while k < end, b[k] != UInt8(ascii: ":"), !isBlank(b[k]) { k += 1 }
        if k > i, k < end, b[k] == UInt8(ascii: ":"), k + 1 == end || isBlank(b[k + 1]) {
            let idSpan = Span(start: i, end: k)
            var t = k + 1
            while t < end, isBlank(b[t]) { t += 1 }
            let titleSpan = Span(start: t, end: end)
            let id = file.text(idSpan)
            let title = file.text(titleSpan)
            return Parts(id: id, idSpan: idSpan, hasExplicitID: true, title: title.isEmpty ? id : title, titleSpan: titleSpan.length > 0 ? titleSpan : idSpan)
        }
        let title = file.text(content)
        return Parts(id: slug(title), idSpan: content, hasExplicitID: false, title: title, titleSpan: content)
    }

    /// An id made from a title: ASCII letters and digits lowercased, every other run an
    /// underscore (`Fetch unread mail` → `fetch_unread_mail`); a leading digit gets `step_`.
    static func slug(_ title: String) -> String {
        var out = ""
        var pendingUnderscore = false
        for u in title.utf8 {
            let c: UInt8? = switch u {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): u
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): u + 32
            default: nil
            }
            if let c {
                if pendingUnderscore, !out.isEmpty { out += "_" }
                pendingUnderscore = false
                out.unicodeScalars.append(Unicode.Scalar(c))
            } else {
                pendingUnderscore = true
            }
        }
        if let f = out.utf8.first, f >= UInt8(ascii: "0"), f <= UInt8(ascii: "9") { out = "step_" + out }
        if out.utf8.count > 64 {
            out = String(decoding: out.utf8.prefix(64), as: UTF8.self)
            while out.hasSuffix("_") { out.removeLast() }
        }
        return out
    }

    private static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
}
