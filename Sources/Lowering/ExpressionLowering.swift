import Diagnostics
import Plan
import Syntax

/// Expressions and templates to stack code (docs/plan-format.md §7.1).
extension Lowerer {
    /// A YAML value as code that pushes it: a template that is one `{{ }}` pushes the
    /// expression's value, other text pushes the joined text, other scalars are constants,
    /// lists and mappings are built from their parts.
    mutating func value(_ node: YAMLNode, _ b: inout BlockBuilder) throws(LoweringError) {
        switch node.kind {
        case .scalar(let s):
            guard s.resolved == .string else {
                b.emit(.const, a: constant(literal(node) ?? .null), at: node.span.start)
                return
            }
            try template(TemplateSource(scalar: s, node: node, file: file), at: node.span, &b)
        case .sequence(let items):
            for item in items { try value(item, &b) }
            b.emit(.array, a: UInt32(items.count), at: node.span.start)
        case .mapping(let pairs):
            for pair in pairs {
                b.emit(.const, a: constant(.string(string(pair.key))), at: pair.keySpan.start)
                try value(pair.value, &b)
            }
            b.emit(.object, a: UInt32(pairs.count), at: node.span.start)
        }
    }

    /// A template: one expression alone keeps its value; anything else is text.
    mutating func template(_ source: TemplateSource, at span: Span, _ b: inout BlockBuilder) throws(LoweringError) {
        var sink = DiagnosticSink(file: file)
        let parts = TemplateParser.parse(source, into: &sink)
        guard sink.diagnostics.isEmpty else {
            throw LoweringError("the template does not parse (run `aiwc check`)", at: span)
        }
        if parts.count == 1, case .expression(let e, _) = parts[0] {
            try expression(e, &b)
            return
        }
        for part in parts {
            switch part {
            case .text(let where_, let range):
                b.emit(.const, a: constant(.string(string(source.text(range)))), at: where_.start)
            case .expression(let e, _):
                try expression(e, &b)
            }
        }
        b.emit(.text, a: UInt32(parts.count), at: span.start)
    }

    /// Pieces of prose as one text (a step's prompt: the workflow's context, a blank line,
    /// the step's prose), as `Prose.text(in:)` reads it: each part trimmed of surrounding
    /// blank lines, line breaks as LF.
    mutating func prose(_ parts: [Prose], _ b: inout BlockBuilder, at span: Span) throws(LoweringError) {
        var pieces: [(text: String?, expression: Expr?, at: Int)] = []
        for prose in parts where !prose.isBlank(in: file) {
            if !pieces.isEmpty { pieces.append(("\n\n", nil, prose.segments[0].start)) }
            let first = pieces.count
            for segment in prose.segments {
                let source = TemplateSource(file: file, span: segment)
                var sink = DiagnosticSink(file: file)
                for part in TemplateParser.parse(source, into: &sink) {
                    switch part {
                    case .text(let place, let range):
                        pieces.append((source.text(range).replacingCRLF(), nil, place.start))
                    case .expression(let e, _):
                        pieces.append((nil, e, e.span.start))
                    }
                }
                guard sink.diagnostics.isEmpty else { throw LoweringError("the prompt does not parse (run `aiwc check`)", at: segment) }
            }
            // Blank lines around the prose are not part of the prompt (they may span pieces).
            var i = first
            while i < pieces.count, let text = pieces[i].text {
                pieces[i].text = text.droppingLeadingBlankLines()
                if pieces[i].text?.isEmpty == false { break }
                i += 1
            }
            var j = pieces.count - 1
            while j >= first, let text = pieces[j].text {
                pieces[j].text = text.droppingTrailingWhiteSpace()
                if pieces[j].text?.isEmpty == false { break }
                j -= 1
            }
        }
        var count = 0
        for piece in pieces {
            if let e = piece.expression {
                try expression(e, &b)
            } else if let text = piece.text, !text.isEmpty {
                b.emit(.const, a: constant(.string(string(text))), at: piece.at)
            } else {
                continue
            }
            count += 1
        }
        if count == 0 { b.emit(.const, a: constant(.string(string(""))), at: span.start); count = 1 }
        b.emit(.text, a: UInt32(count), at: span.start)
    }

    /// An expression as code that pushes its value. Recursive: the parser bounds an
    /// expression's height (64), so the depth here is bounded too.
    mutating func expression(_ e: Expr, _ b: inout BlockBuilder) throws(LoweringError) {
        let at = e.span.start
        switch e.kind {
        case .null: b.emit(.const, a: constant(.null), at: at)
        case .bool(let v): b.emit(.const, a: constant(.boolean(v)), at: at)
        case .int(let v): b.emit(.const, a: constant(.integer(Int64(v))), at: at)
        case .float(let v): b.emit(.const, a: constant(.number(v)), at: at)
        case .string(let v): b.emit(.const, a: constant(.string(string(v))), at: at)
        case .array(let items):
            for item in items { try expression(item, &b) }
            b.emit(.array, a: UInt32(items.count), at: at)
        case .name(let name):
            let op: Opcode? = switch name {
            case "inputs": .loadInputs
            case "secrets": .loadSecrets
            case "env": .loadEnvs
            case "steps": .loadSteps
            case "trigger": .loadTrigger
            case "run": .loadRun
            case "workflow": .loadWorkflow
            case "item": .loadItem
            case "index": .loadIndex
            default: nil
            }
            guard let op else { throw LoweringError("unknown name '\(name)' (run `aiwc check`)", at: e.span) }
            b.emit(op, at: at)
        case .member(let base, let name, _):
            try member(base, name, at: e.span, &b)
        case .index(let base, let index):
            if case .name = base.kind, case .string(let key) = index.kind {
                try member(base, key, at: e.span, &b)
            } else {
                try expression(base, &b)
                try expression(index, &b)
                b.emit(.index, at: at)
            }
        case .unary(let op, let x):
            try expression(x, &b)
            b.emit(op == .not ? .not : .negate, at: at)
        case .binary(let op, let l, let r):
            try binary(op, l, r, at: at, &b)
        case .conditional(let c, let yes, let no):
            try expression(c, &b)
            b.emit(.toBoolean, at: c.span.start)
            let toElse = b.emit(.jumpIfFalse, at: at)
            try expression(yes, &b)
            let toEnd = b.emit(.jump, at: at)
            b.patch(toElse, to: b.here)
            try expression(no, &b)
            b.patch(toEnd, to: b.here)
        case .call(let name, let nameSpan, let arguments):
            guard let f = BuiltinFunction(name: name) else { throw LoweringError("unknown function '\(name)' (run `aiwc check`)", at: nameSpan) }
            for argument in arguments { try expression(argument, &b) }
            guard arguments.count <= Int(UInt16.max) else { throw LoweringError("too many arguments", at: e.span) }
            b.emit(.call, a: f.rawValue, b: UInt16(arguments.count), at: nameSpan.start)
        }
    }

    /// `inputs.x`, `secrets.x`, `env.x`, `steps.x` load by name; other members read a field.
    mutating func member(_ base: Expr, _ name: String, at span: Span, _ b: inout BlockBuilder) throws(LoweringError) {
        if case .name(let root) = base.kind {
            switch root {
            case "inputs": b.emit(.loadInput, a: string(name), at: span.start); return
            case "secrets": b.emit(.loadSecret, a: string(name), at: span.start); return
            case "env": b.emit(.loadEnv, a: string(name), at: span.start); return
            case "steps":
                guard let i = stepIndex[name] else { throw LoweringError("unknown step '\(name)' (run `aiwc check`)", at: span) }
                b.emit(.loadStep, a: i, at: span.start)
                return
            default: break
            }
        }
        try expression(base, &b)
        b.emit(.field, a: string(name), at: span.start)
    }

    /// `&&` and `||` evaluate their right side only when needed; the rest take both.
    mutating func binary(_ op: BinaryOperator, _ l: Expr, _ r: Expr, at: Int, _ b: inout BlockBuilder) throws(LoweringError) {
        if op == .and || op == .or {
            try expression(l, &b)
            b.emit(.toBoolean, at: l.span.start)
            let shortCut = b.emit(op == .and ? .jumpIfFalse : .jumpIfTrue, at: at)
            try expression(r, &b)
            b.emit(.toBoolean, at: r.span.start)
            let toEnd = b.emit(.jump, at: at)
            b.patch(shortCut, to: b.here)
            b.emit(.const, a: constant(.boolean(op == .or)), at: at)
            b.patch(toEnd, to: b.here)
            return
        }
        try expression(l, &b)
        try expression(r, &b)
        let opcode: Opcode = switch op {
        case .or, .and: .equal  // handled above
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        case .in: .contains
        case .plus: .add
        case .minus: .subtract
        case .times: .multiply
        case .divide: .divide
        case .remainder: .remainder
        }
        b.emit(opcode, at: at)
    }
}

extension String {
    /// CR LF and lone CR as LF.
    func replacingCRLF() -> String {
        guard utf8.contains(0x0D) else { return self }
        var out = ""
        var previousCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                out += "\n"
                previousCR = true
                continue
            }
            if scalar == "\n", previousCR { previousCR = false; continue }
            previousCR = false
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// Without the blank lines at its start (a partial first line of text is kept whole).
    func droppingLeadingBlankLines() -> String {
        var start = startIndex
        var lineStart = startIndex
        while start < endIndex, self[start] == " " || self[start] == "\t" || self[start] == "\n" {
            if self[start] == "\n" { lineStart = index(after: start) }
            start = index(after: start)
        }
        return String(self[lineStart...])
    }

    /// Without white space at its end.
    func droppingTrailingWhiteSpace() -> String {
        var end = endIndex
        while end > startIndex, [" ", "\t", "\n"].contains(self[index(before: end)]) { end = index(before: end) }
        return String(self[..<end])
    }
}
