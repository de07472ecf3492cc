/// Which implementation of a tool a workflow's plan uses, and why (`aiwc check
/// --explain-tools`, the disassembly).
///
/// The lowest `priority` first; among equal priorities `native` before `supported` before
/// `via_bridge` (an agent the implementation does not mention counts as `supported`), by
/// the best level among the agents in play; an implementation `not_supported` by every
/// agent in play is skipped. (A fallback agent that cannot use an implementation does not
/// take it away from the agents that can: tool steps are called by the VM, and the others
/// still run the workflow.)
public struct ToolChoice: Sendable {
    /// The chosen implementation's position in the tool's list, if one is usable.
    public var index: Int?
    /// The chosen implementation.
    public var implementation: ToolImplementation?
    /// One line per implementation: chosen, passed over, or skipped, and why.
    public var reasons: [String]

    /// Chooses among a tool's implementations.
    /// - Parameters:
    ///   - tool: The tool's definition.
    ///   - agents: The agents the workflow may run on (preferred, fallbacks, step agents).
    public init(_ tool: ToolDefinition, agents: [String]) {
        func level(_ i: ToolImplementation) -> (rank: Int, skipped: Bool) {
            guard !agents.isEmpty else { return (1, false) }
            var best = 3
            for agent in agents {
                switch i.agentCompatibility[agent] ?? .supported {
                case .native: best = min(best, 0)
                case .supported: best = min(best, 1)
                case .viaBridge: best = min(best, 2)
                case .notSupported: break
                }
            }
            return (best, best == 3)
        }
        let names = ["native", "supported", "via_bridge"]
        let ranked = tool.implementations.indices.map { (index: $0, level: level(tool.implementations[$0])) }
        let usable = ranked.filter { !$0.level.skipped }
            .sorted { (tool.implementations[$0.index].priority, $0.level.rank, $0.index) < (tool.implementations[$1.index].priority, $1.level.rank, $1.index) }
        let chosen = usable.first?.index
        index = chosen
        implementation = chosen.map { tool.implementations[$0] }
        reasons = ranked.map { entry in
            let i = tool.implementations[entry.index]
            let what = "#\(entry.index + 1) \(i.type.rawValue) (priority \(i.priority))"
            if entry.level.skipped { return "\(what): skipped, not_supported by every agent in play" }
            let compatibility = agents.isEmpty ? "no agent in play" : "\(names[entry.level.rank]) for the agents in play"
            return entry.index == chosen ? "\(what): chosen, \(compatibility)" : "\(what): passed over, \(compatibility)"
        }
    }
}
