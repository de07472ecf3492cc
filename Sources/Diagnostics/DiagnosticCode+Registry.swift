// The codes of the project's registry files (.aiworkflow/agents/capabilities.yaml and
// .aiworkflow/tools/registry.yaml): 401–419. Workflow-side registry checks use 420 and up.
extension DiagnosticCode {
    /// An agent lacks a setting its kind needs (`command` for `cli`; `endpoint` and a model
    /// for `openai`).
    public static let agentMissingSetting = DiagnosticCode(401)
    /// A setting that does not apply to the agent's kind or the implementation's type, and
    /// would be ignored.
    public static let settingNotApplicable = DiagnosticCode(402)
    /// A tool implementation lacks a setting its type needs (or has both `command` and `url`).
    public static let implementationMissingSetting = DiagnosticCode(403)
    /// `agent_compatibility` names an agent the agents file does not define.
    public static let unknownCompatibilityAgent = DiagnosticCode(404)
    /// A tool implementation's `auth` is inconsistent with its type.
    public static let invalidToolAuth = DiagnosticCode(405)
    /// Two implementations of one tool share a priority.
    public static let duplicatePriority = DiagnosticCode(406)
    /// `.aiworkflow/tools/tools.lock.json` cannot be read as a lock of this version.
    public static let invalidToolLock = DiagnosticCode(407)
}
