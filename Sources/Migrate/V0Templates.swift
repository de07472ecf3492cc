import Diagnostics
import Syntax

/// What names a v0 template may refer to, at one step.
struct V0Names {
    /// `output_variable` → the step id, for the steps before this one.
    var earlier: [String: String] = [:]
    /// Output variables of this step and the steps after it.
    var later: Set<String> = []
    /// The inputs the workflow declares.
    var inputs: Set<String> = []
}

/// Rewrites v0 templates and conditions as expressions of this language (docs/migrating.md):
/// `{inputs.x}` → `{{ inputs.x }}`, `{var.path}` → `{{ steps.ID.output.path }}`, Jinja
/// `{% if %}` blocks → a `? :` expression where one fits. What cannot be carried is
/// returned as a problem, for a diagnostic.
enum V0Templates {
    /// The expression for a v0 reference path (`inputs.x`, `var.field`), and a problem when
    /// the reference was not defined where it is used.
    static func expression(_ path: String, _ names: V0Names) -> (String, String?) {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let head = parts[0]
        let rest = parts.dropFirst().joined(separator: ".")
        if head == "inputs" { return (path, nil) }
        if let id = names.earlier[head] {
            return ("steps.\(id).output" + (rest.isEmpty ? "" : "." + rest), nil)
        }
        if names.later.contains(head) {
            return (path, "`{\(path)}` is the output of this step or a later one, which v0 left unresolved here; it is now an error")
        }
        if names.inputs.contains(head) {
            return ("inputs." + path, "`{\(path)}` names an input, which v0 resolved only as `{inputs.\(path)}`; it becomes `inputs.\(path)`")
        }
        return (path, "v0 never defined `{\(path)}` (it stayed as text); it is now an error, for you to declare or remove")
    }

    /// Rewrites the templates of a text (prose or a YAML string).
    /// - Returns: The text, and one problem per reference or block that could not be carried.
    static func rewrite(_ text: String, _ names: V0Names) -> (String, [String]) {
        let (out, located) = rewriteLocating(text, names)
        return (out, located.map(\.message))
    }

    /// ``rewrite(_:_:)``, with each problem's UTF-8 offset in `text` (for its line).
    static func rewriteLocating(_ text: String, _ names: V0Names) -> (String, [(message: String, offset: Int)]) {
        var problems: [(message: String, offset: Int)] = []
        func at(_ index: Substring.Index) -> Int { text.utf8.distance(from: text.startIndex, to: index) }
        var out = ""
        var rest = Substring(text)
        // Once a closer is missing from the rest of the text, it is missing for every later
        // opener too: searching again would make long texts quadratic.
        var noTagEnd = false, noEndif = false
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[open...]
            if after.hasPrefix("{%") {
                if !noTagEnd, let (replacement, consumed, problem) = jinja(after, names, noEndif: &noEndif) {
                    out += replacement
                    problems += problem.map { ($0, at(open)) }
                    rest = after[consumed...]
                    continue
                }
                noTagEnd = true
            } else if after.hasPrefix("{{") {
                // Already this language's syntax, which v0 did not have: kept as it is, and
                // now an expression.
                guard let end = after.dropFirst(2).firstRange(of: "}}")?.upperBound else {
                    out += after
                    rest = after[after.endIndex...]
                    break
                }
                problems.append(("`\(after[..<end].prefix(60))` was text for v0; it is now an expression", at(open)))
                out += after[..<end]
                rest = after[end...]
                continue
            } else if let (path, end) = reference(after) {
                let (expression, problem) = expression(path, names)
                out += "{{ \(expression) }}"
                if let problem { problems.append((problem, at(open))) }
                rest = after[end...]
                continue
            }
            out += "{"
            rest = after.dropFirst()
        }
        out += rest
        return (out, problems)
    }

    /// `{path}` at the start of `text`: the path and where it ends.
    private static func reference(_ text: Substring) -> (String, Substring.Index)? {
        var i = text.index(after: text.startIndex)
        var path = ""
        var expectName = true
        while i < text.endIndex {
            let c = text[i]
            if c == "}" {
                guard !expectName, !path.isEmpty else { return nil }
                let end = text.index(after: i)
                // `{x}}` is not a v0 reference.
                if end < text.endIndex, text[end] == "}" { return nil }
                return (path, end)
            }
            if c == "." {
                guard !expectName else { return nil }
                expectName = true
            } else if c.isASCII, c.isLetter || c == "_" || (c.isNumber && !expectName) || (c.isNumber && path.last == ".") {
                expectName = false
            } else {
                return nil
            }
            path.append(c)
            i = text.index(after: i)
            if path.count > 200 { return nil }
        }
        return nil
    }

    /// A Jinja block at the start of `text`: `{% if C %}A{% else %}B{% endif %}` with short
    /// one-line branches becomes `{{ C ? 'A' : 'B' }}`; anything else is kept as text, with
    /// a problem.
    private static func jinja(_ text: Substring, _ names: V0Names, noEndif: inout Bool) -> (String, Substring.Index, [String])? {
        // The tag's end is searched after `{%`, so that `{%}` is no tag.
        let inside = text.dropFirst(2)
        guard let tagEnd = inside.firstRange(of: "%}") else { return nil }
        let tag = inside[..<tagEnd.lowerBound].trimmingBlanks
        let keyword = tag.split(separator: " ").first.map(String.init) ?? ""
        guard keyword == "if" else {
            return (String(text[..<tagEnd.upperBound]), tagEnd.upperBound,
                    ["the Jinja block `{% \(tag.prefix(60)) %}` has no equivalent here; it is kept as text"])
        }
        let condition = String(tag.dropFirst(2)).trimmingBlanks
        let body = text[tagEnd.upperBound...]
        guard !noEndif, let endif = body.firstRange(of: "{% endif %}") ?? body.firstRange(of: "{%endif%}") else {
            noEndif = true
            return (String(text[..<tagEnd.upperBound]), tagEnd.upperBound, ["`{% if \(condition.prefix(60)) %}` has no `{% endif %}`; it is kept as text"])
        }
        let inner = body[..<endif.lowerBound]
        var yes = Substring(inner), no = Substring("")
        if let elseTag = inner.firstRange(of: "{% else %}") {
            yes = inner[..<elseTag.lowerBound]
            no = inner[elseTag.upperBound...]
        }
        let translated = V0Conditions.translate(condition, names)
        let simple = [yes, no].allSatisfy { !$0.contains("\n") && !$0.contains("{") && !$0.contains("'") && !$0.contains("\\") && $0.count <= 200 }
        guard simple, translated.valid else {
            let whole = String(text[..<endif.upperBound])
            return (whole, endif.upperBound,
                    ["the Jinja block `{% if \(condition.prefix(60)) %}` spans lines or holds templates, and has no equivalent here; it is kept as text"])
        }
        return ("{{ \(translated.expression) ? '\(yes)' : '\(no)' }}", endif.upperBound, translated.problems)
    }
}

/// v0 `conditions`: strings that all had to hold, with `==` and `>=` the only operators v0
/// understood.
enum V0Conditions {
    struct Translation {
        var expression: String
        /// Whether it parses as an expression of this language.
        var valid: Bool
        var problems: [String]
    }

    /// Translates one condition: references become paths, `and`/`or`/`not` become `&&`,
    /// `||`, `!`, and Python's `True`/`False`/`None` become `true`/`false`/`null`.
    static func translate(_ condition: String, _ names: V0Names) -> Translation {
        var problems: [String] = []
        var out = ""
        var operators: Set<String> = []
        let chars = Array(condition)
        var i = 0
        // Python's `not` binds looser than `==`: `not a == b` is `!(a == b)`. Each open
        // `!(` closes at the next `and`/`or` of its own depth, at its depth's `)`, or at the end.
        var depth = 0
        var nots: [Int] = []
        func closeNots(atOrAbove level: Int) {
            guard let last = nots.last, last >= level else { return }
            var blanks = 0
            while out.hasSuffix(" ") {
                out.removeLast()
                blanks += 1
            }
            while let last = nots.last, last >= level {
                out += ")"
                nots.removeLast()
            }
            if blanks > 0 { out += " " }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "(" { depth += 1 }
            if c == ")" {
                closeNots(atOrAbove: depth)
                depth -= 1
            }
            if c == "\"" || c == "'" {
                var j = i + 1
                while j < chars.count, chars[j] != c {
                    if chars[j] == "\\" { j += 1 }
                    j += 1
                }
                out += String(chars[i..<min(j + 1, chars.count)])
                i = j + 1
                continue
            }
            if c == "{" {
                if let close = chars[i...].firstIndex(of: "}") {
                    let path = String(chars[(i + 1)..<close]).trimmingBlanks
                    let (expression, problem) = V0Templates.expression(path, names)
                    out += expression
                    if let problem { problems.append(problem) }
                    i = close + 1
                    continue
                }
            }
            if c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" || chars[j] == "." { j += 1 }
                let word = String(chars[i..<j])
                switch word {
                case "and":
                    closeNots(atOrAbove: depth)
                    out += "&&"; operators.insert("and")
                case "or":
                    closeNots(atOrAbove: depth)
                    out += "||"; operators.insert("or")
                case "not":
                    out += "!("; operators.insert("not")
                    nots.append(depth)
                case "True", "true": out += "true"
                case "False", "false": out += "false"
                case "None", "null": out += "null"
                default:
                    let head = String(word.split(separator: ".").first ?? "")
                    if names.earlier[head] != nil || names.later.contains(head) || head == "inputs" || names.inputs.contains(head) {
                        let (expression, problem) = V0Templates.expression(word, names)
                        out += expression
                        if let problem { problems.append(problem) }
                    } else {
                        out += word
                    }
                }
                i = j
                continue
            }
            for op in ["==", ">=", "<=", "!=", ">", "<", "!"] where condition.utf16.count > 0 {
                if String(chars[i..<min(i + op.count, chars.count)]) == op {
                    operators.insert(op)
                    break
                }
            }
            // No blank right after `!(`.
            if !(c == " " && out.hasSuffix("!(")) { out.append(c) }
            i += 1
        }
        closeNots(atOrAbove: Int.min)
        let understood: Set<String> = ["==", ">="]
        let others = operators.subtracting(understood).sorted()
        if !others.isEmpty {
            problems.append("v0 understood only `==` and `>=`, not \(others.map { "`\($0)`" }.joined(separator: ", ")); the step may now run when v0's did not, or the reverse")
        }
        let expression = out.trimmingBlanks
        return Translation(expression: expression, valid: parses(expression), problems: problems)
    }

    /// Whether text parses as one expression of this language.
    static func parses(_ expression: String) -> Bool {
        guard !expression.isEmpty else { return false }
        let file = SourceFile(path: "condition", text: "{{ \(expression) }}")
        var sink = DiagnosticSink(file: file)
        _ = TemplateParser.parse(TemplateSource(file: file, span: Span(start: 0, end: file.bytes.count)), into: &sink)
        return !sink.diagnostics.contains { $0.severity == .error }
    }
}
