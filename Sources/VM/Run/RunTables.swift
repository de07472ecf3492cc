import Plan

/// The small tables a run consults besides its code, decoded once when the run starts:
/// agents, policies, steps, the sources and source map of block 0, declared secrets. The
/// code itself stays where it lies in the plan.
struct RunTables: Sendable {
    let agents: [PlanContents.Agent]
    let policies: [PlanContents.Policy]
    let tools: [PlanContents.Tool]
    let steps: [PlanContents.Step]
    /// Agents in the workflow's order of preference (preferred, then fallbacks).
    let agentOrder: [Int]
    /// Source file paths, by source index.
    let sources: [String]
    /// Where each instruction of block 0 came from.
    let positions: [PlanContents.SourcePosition]
    /// Names of the declared secrets.
    let secrets: [String]
    /// Names of the workflow's outputs (block 1), empty when it declares none.
    let declaresOutputs: Bool
    let strings: [String]
    /// The workflow's `timeout`, in milliseconds; 0 for none.
    let runTimeoutMilliseconds: UInt64

    init(_ plan: VerifiedPlan) {
        let c = plan.contents
        agents = c.agents
        policies = c.policies
        tools = c.tools
        steps = c.steps
        agentOrder = c.metadata.agentOrder.map { Int($0) }
        strings = c.strings
        runTimeoutMilliseconds = UInt64(c.metadata.runTimeoutMilliseconds)
        sources = c.metadata.sources.map { c.strings[Int($0.path)] }
        positions = c.blocks.first?.positions ?? []
        secrets = c.metadata.secrets.map { c.strings[Int($0)] }
        declaresOutputs = (c.blocks.count > 1 ? c.blocks[1].instructions.count : 0) > 1
    }

    func string(_ i: UInt32) -> String { i == PlanContents.none ? "" : strings[Int(i)] }

    func agentID(_ a: Int) -> String { string(agents[a].id) }

    /// `file:line:col` of instruction `pc` of block 0.
    func location(_ pc: Int) -> String {
        guard pc >= 0, pc < positions.count else { return sources.first ?? "" }
        let p = positions[pc]
        let file = Int(p.source) < sources.count ? sources[Int(p.source)] : "?"
        return "\(file):\(p.line):\(p.column)"
    }
}
