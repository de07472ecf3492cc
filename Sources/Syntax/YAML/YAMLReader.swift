import CYAML
import Diagnostics

/// Limits that keep YAML reading linear on any input.
public struct YAMLLimits: Sendable {
    /// The deepest nesting of sequences and mappings accepted.
    public var maxDepth = 64
    /// The most nodes that aliases may expand to in one document (alias bombs stop here).
    public var maxAliasExpansion = 10_000
    /// The most nodes in one document, aliases included.
    public var maxNodes = 200_000

    /// The defaults documented in docs/language.md.
    public init() {}
}

/// Reads YAML with libyaml's event API into a ``YAMLNode`` tree whose every node knows its
/// byte span in the workflow file. Problems are reported to a ``DiagnosticSink``.
struct YAMLReader {
    let input: [UInt8]
    let map: InputMap
    var limits = YAMLLimits()

    /// The outcome of reading one YAML text.
    enum Outcome {
        /// A document (nil root when it was empty).
        case document(YAMLNode?)
        /// The text is broken; diagnostics were reported.
        case failed
    }

    private final class Frame {
        enum Kind { case sequence, mapping }
        let kind: Kind
        let start: Int
        let anchor: String?
        /// Block collections end where their last child does: libyaml's end mark is at the
        /// next token, past any blank lines and comments in between.
        var isBlock = false
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        /// An index of keys, built once a mapping is large; small ones are scanned (cheaper
        /// than hashing, and nearly every mapping in a workflow is small).
        var keys: [String: Span]?
        var pendingKey: (String, Span)?
        /// Set when a key could not be used: its value is read and dropped.
        var skipValue = false
        var nodeCount = 1

        init(_ kind: Kind, start: Int, anchor: String?) {
            self.kind = kind
            self.start = start
            self.anchor = anchor
        }

        func firstSpan(of key: String) -> Span? {
            if let keys { return keys[key] }
            return pairs.first { $0.key == key }?.keySpan
        }

        func add(_ pair: YAMLPair) {
            pairs.append(pair)
            if keys != nil {
                keys?[pair.key] = pair.keySpan
            } else if pairs.count == 16 {
                keys = Dictionary(pairs.map { ($0.key, $0.keySpan) }, uniquingKeysWith: { a, _ in a })
            }
        }
    }

    /// Reads the input.
    func read(into sink: inout DiagnosticSink) -> Outcome {
        if input.isEmpty { return .document(nil) }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            sink.report(.yamlSyntax, "YAML: the parser could not be initialised", at: span(0, 0))
            return .failed
        }
        defer { yaml_parser_delete(&parser) }
        return input.withUnsafeBufferPointer { buffer -> Outcome in
            guard let base = buffer.baseAddress else { return .document(nil) }
            yaml_parser_set_input_string(&parser, base, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            return run(&parser, into: &sink)
        }
    }

    private func span(_ startIndex: Int, _ endIndex: Int) -> Span {
        Span(start: map.fileOffset(index: startIndex), end: map.fileOffset(index: endIndex))
    }

    private func span(_ event: yaml_event_t) -> Span {
        span(Int(event.start_mark.index), Int(event.end_mark.index))
    }

    // The loop keeps an explicit stack, so nesting costs heap, never call depth.
    private func run(_ parser: inout yaml_parser_t, into sink: inout DiagnosticSink) -> Outcome {
        var stack: [Frame] = []
        var root: YAMLNode?
        var anchors: [String: (node: YAMLNode, count: Int)] = [:]
        var documents = 0
        var expanded = 0
        var nodes = 0
        var event = yaml_event_t()

        func attach(_ node: YAMLNode, count: Int, anchor: String?, into sink: inout DiagnosticSink) {
            if let anchor { anchors[anchor] = (node, count) }
            guard let top = stack.last else {
                root = node
                return
            }
            top.nodeCount += count
            switch top.kind {
            case .sequence:
                top.items.append(node)
            case .mapping:
                if let (key, keySpan) = top.pendingKey {
                    top.pendingKey = nil
                    if let first = top.firstSpan(of: key) {
                        sink.report(
                            .duplicateKey, "duplicate key '\(key)'", at: keySpan,
                            notes: [Note("'\(key)' is first defined here", at: sink.range(first))])
                    } else {
                        top.add(YAMLPair(key: key, keySpan: keySpan, value: node))
                    }
                } else if top.skipValue {
                    top.skipValue = false
                } else if let scalar = node.scalar {
                    top.pendingKey = (scalar.text, node.span)
                } else {
                    sink.report(.unsupportedYAML, "a mapping key must be a plain value, not \(node.kindDescription)", at: node.span)
                    top.skipValue = true
                }
            }
        }

        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                reportError(parser, into: &sink)
                return .failed
            }
            defer { yaml_event_delete(&event) }
            let type = event.type
            if type == YAML_STREAM_END_EVENT { break }
            switch type {
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    sink.report(.unsupportedYAML, "a second YAML document is not allowed here", at: span(event))
                    return .failed
                }
            case YAML_SCALAR_EVENT:
                nodes += 1
                let data = event.data.scalar
                let text = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) } ?? ""
                let style: YAMLScalar.Style = switch data.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
                case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
                case YAML_LITERAL_SCALAR_STYLE: .literal
                case YAML_FOLDED_SCALAR_STYLE: .folded
                default: .plain
                }
                var scalar = YAMLScalar(text: text, style: style)
                let nodeSpan = span(event)
                if let tag = cString(data.tag) {
                    if tag == "tag:yaml.org,2002:str" {
                        scalar.resolved = .string
                    } else {
                        sink.report(.unsupportedYAML, "YAML tag '\(shortTag(tag))' is not supported in workflows", at: nodeSpan)
                    }
                }
                attach(YAMLNode(.scalar(scalar), span: nodeSpan), count: 1, anchor: cString(data.anchor), into: &sink)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                nodes += 1
                let isSequence = type == YAML_SEQUENCE_START_EVENT
                let anchor = cString(isSequence ? event.data.sequence_start.anchor : event.data.mapping_start.anchor)
                let tag = cString(isSequence ? event.data.sequence_start.tag : event.data.mapping_start.tag)
                let start = map.fileOffset(index: Int(event.start_mark.index))
                if let tag, tag != "tag:yaml.org,2002:seq", tag != "tag:yaml.org,2002:map" {
                    sink.report(.unsupportedYAML, "YAML tag '\(shortTag(tag))' is not supported in workflows", at: span(event))
                }
                if stack.count >= limits.maxDepth {
                    sink.report(
                        .yamlTooComplex, "YAML is nested more than \(limits.maxDepth) levels deep", at: span(event),
                        help: ["flatten the structure; no workflow setting nests this deep"])
                    return .failed
                }
                let frame = Frame(isSequence ? .sequence : .mapping, start: start, anchor: anchor)
                frame.isBlock = isSequence
                    ? event.data.sequence_start.style == YAML_BLOCK_SEQUENCE_STYLE
                    : event.data.mapping_start.style == YAML_BLOCK_MAPPING_STYLE
                stack.append(frame)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { break }
                var end = map.fileOffset(index: Int(event.end_mark.index))
                if frame.isBlock, let last = frame.kind == .sequence ? frame.items.last?.span : frame.pairs.last?.value.span {
                    end = max(frame.start, last.end)
                }
                let nodeSpan = Span(start: frame.start, end: end)
                let node = frame.kind == .sequence
                    ? YAMLNode(.sequence(frame.items), span: nodeSpan)
                    : YAMLNode(.mapping(frame.pairs), span: nodeSpan)
                attach(node, count: frame.nodeCount, anchor: frame.anchor, into: &sink)
            case YAML_ALIAS_EVENT:
                let name = cString(event.data.alias.anchor) ?? ""
                let aliasSpan = span(event)
                guard let (target, count) = anchors[name] else {
                    let recursive = stack.contains { $0.anchor == name }
                    sink.report(
                        .yamlSyntax,
                        recursive
                            ? "YAML alias '*\(name)' is inside the collection it refers to (a recursive alias)"
                            : "YAML alias '*\(name)' refers to no anchor defined before it",
                        at: aliasSpan)
                    return .failed
                }
                expanded += count
                nodes += count
                if expanded > limits.maxAliasExpansion {
                    sink.report(
                        .yamlTooComplex,
                        "YAML aliases expand to more than \(limits.maxAliasExpansion) nodes", at: aliasSpan,
                        help: ["write the values out, or use fewer nested aliases"])
                    return .failed
                }
                var copy = target
                copy.span = aliasSpan
                attach(copy, count: count, anchor: nil, into: &sink)
            default:
                break
            }
            if nodes > limits.maxNodes {
                sink.report(.yamlTooComplex, "YAML holds more than \(limits.maxNodes) nodes", at: span(event))
                return .failed
            }
        }
        return .document(root)
    }

    private func reportError(_ parser: yaml_parser_t, into sink: inout DiagnosticSink) {
        let problem = cString(parser.problem) ?? "malformed YAML"
        if parser.error == YAML_READER_ERROR {
            let offset = map.fileOffset(input: min(Int(parser.problem_offset), input.count))
            sink.report(.yamlSyntax, "YAML: \(problem)", at: Span.point(offset))
            return
        }
        let at = span(Int(parser.problem_mark.index), Int(parser.problem_mark.index))
        var notes: [Note] = []
        if let context = cString(parser.context) {
            let contextAt = span(Int(parser.context_mark.index), Int(parser.context_mark.index))
            if contextAt != at {
                notes.append(Note("\(context.replacing("while ", with: "")) that starts here", at: sink.range(contextAt)))
            }
        }
        sink.report(.yamlSyntax, "YAML: \(problem)", at: at, notes: notes)
    }

    private func cString(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }

    private func cString(_ p: UnsafePointer<CChar>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }

    private func shortTag(_ tag: String) -> String {
        tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst(18) : tag
    }
}
