import Diagnostics
import Syntax

/// A `tool: TOOL.OPERATION` resolved against the registry and the tools lock: what the
/// checker reports and the lowering compiles.
public enum ToolResolution: Sendable {
    /// Nothing to check: no registry, no lock, a tool the registry does not define (reported
    /// as such), or a reference without an operation.
    case unchecked
    /// Every implementation is `not_supported` by an agent in play (AIW430).
    case noImplementation(ToolChoice)
    /// The lock lacks the tool, or its entry was synced from other settings (AIW425).
    case notSynced(reason: String)
    /// The chosen implementation does not offer the operation (AIW426).
    case unknownOperation(known: [String])
    /// The operation, with the implementation chosen for it.
    case found(ToolLock.Operation, ToolChoice)

    /// The operation, when found.
    public var operation: ToolLock.Operation? {
        if case .found(let op, _) = self { return op }
        return nil
    }
}

extension ProjectRegistry {
    /// Resolves a tool reference for a workflow that may run on `agents`.
    /// - Parameters:
    ///   - reference: `TOOL.OPERATION`.
    ///   - agents: The agents in play (``agentsInPlay(_:)``).
    public func resolve(_ reference: String, agents: [String]) -> ToolResolution {
        guard let dot = reference.firstIndex(of: ".") else { return .unchecked }
        let id = String(reference[..<dot])
        let name = String(reference[reference.index(after: dot)...])
        guard let tool = tools[id] else { return .unchecked }
        // Without a lock only AIW430 is left to find, and only a tool with a `not_supported`
        // somewhere can have it: the common case costs no choice (this runs for every tool
        // step of every file checked).
        if lock == nil, !tool.hasUnsupportedImplementation { return .unchecked }
        // The choice needs only the registry: a tool nothing can call is an error with or
        // without a lock.
        let choice = ToolChoice(tool, agents: agents)
        guard let chosen = choice.implementation else { return .noImplementation(choice) }
        guard let lock else { return .unchecked }
        guard let entries = lock.tools[id] else {
            return .notSynced(reason: "tool '\(id)' is not in the tools lock")
        }
        guard let synced = lock.implementation(of: id, matching: chosen) else {
            let what = entries.contains { $0.type == chosen.type } ? "was synced from other settings than the registry has now" : "has no entry in the tools lock"
            return .notSynced(reason: "the \(chosen.type.rawValue) implementation of tool '\(id)' \(what)")
        }
        guard let operation = synced.operations[name] else { return .unknownOperation(known: synced.operations.keys.sorted()) }
        return .found(operation, choice)
    }

    /// The agents a workflow may run on: its preferred agent, its fallbacks and every step's
    /// agent, each once, in that order.
    public static func agentsInPlay(_ workflow: WorkflowSyntax) -> [String] {
        let agent = workflow.frontmatter?.root?["agent"]
        var ids = [agent?["preferred"]].compactMap { $0?.scalar?.text }
        if let fallback = agent?["fallback"] { ids += (fallback.sequence ?? [fallback]).compactMap { $0.scalar?.text } }
        for step in workflow.steps {
            for action in step.actions { if let id = action.root?["agent"]?.scalar?.text { ids.append(id) } }
        }
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }
}
