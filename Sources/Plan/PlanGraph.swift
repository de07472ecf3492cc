/// The step graph of a plan as a picture's source (`aiwc graph`): one node per step, an
/// edge from each step to every later step whose code reads it (`steps.ID…`), in Mermaid
/// or Graphviz dot.
public enum PlanGraph {
    /// The notations.
    public enum Format: String, CaseIterable, Sendable {
        case mermaid, dot
    }

    /// Which steps each step reads, from the code between its `step.begin` and the next.
    public static func dependencies(_ c: PlanContents) -> [[Int]] {
        var reads = [Set<Int>](repeating: [], count: c.steps.count)
        var current: Int?
        for instruction in c.blocks.first?.instructions ?? [] {
            switch instruction.opcode {
            case .stepBegin: current = Int(instruction.b)
            case .loadStep: if let current, Int(instruction.a) != current { reads[current].insert(Int(instruction.a)) }
            default: break
            }
        }
        return reads.map { $0.sorted() }
    }

    /// The graph's source text.
    public static func render(_ c: PlanContents, format: Format) -> String {
        func text(_ i: UInt32) -> String { Int(i) < c.strings.count ? c.strings[Int(i)] : "?" }
        let deps = dependencies(c)
        var out = ""
        switch format {
        case .mermaid:
            out += "flowchart TD\n"
            for (i, s) in c.steps.enumerated() {
                out += "  s\(i)[\"\(escape(text(s.id))): \(escape(text(s.title)))\"]\n"
            }
            for (i, list) in deps.enumerated() {
                for d in list { out += "  s\(d) --> s\(i)\n" }
            }
        case .dot:
            out += "digraph \"\(escape(text(c.metadata.name)))\" {\n  rankdir=TB;\n  node [shape=box];\n"
            for (i, s) in c.steps.enumerated() {
                out += "  s\(i) [label=\"\(escape(text(s.id))): \(escape(text(s.title)))\"];\n"
            }
            for (i, list) in deps.enumerated() {
                for d in list { out += "  s\(d) -> s\(i);\n" }
            }
            out += "}\n"
        }
        return out
    }

    /// Quotes and backslashes escaped, line breaks as spaces (both notations take `\"`).
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        return out
    }
}
