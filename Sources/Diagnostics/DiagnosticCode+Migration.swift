// The codes of the v0 format and of `aiwc migrate` (7xx; docs/migrating.md).
extension DiagnosticCode {
    /// The file is a workflow of the earlier Python aiworkflow 0.1 (v0): `aiwc migrate`.
    public static let v0Workflow = DiagnosticCode(701)
    /// Part of a v0 file cannot be read (broken YAML, a block that is not a mapping).
    public static let v0Unreadable = DiagnosticCode(702)
    /// A v0 setting has no equivalent; it is kept as a comment.
    public static let v0SettingDropped = DiagnosticCode(703)
    /// An agent of a v0 compatibility list is not one this toolchain knows, or was only
    /// `partial` or `experimental`.
    public static let v0AgentDropped = DiagnosticCode(704)
    /// A v0 `on_error` policy is carried only in part.
    public static let v0OnError = DiagnosticCode(705)
    /// A v0 condition cannot be translated into an expression.
    public static let v0Condition = DiagnosticCode(706)
    /// A v0 template (a Jinja block, a reference) cannot be translated.
    public static let v0Template = DiagnosticCode(707)
    /// A v0 step heading is numbered irregularly (`Step 3.1`, `1. Title`, repeats).
    public static let v0StepHeading = DiagnosticCode(708)
    /// v0 `routing_rules` have no equivalent.
    public static let v0RoutingRules = DiagnosticCode(709)
    /// A v0 cron schedule names days of the week, which v0 counted from Monday.
    public static let v0CronWeekday = DiagnosticCode(710)
    /// A v0 webhook cannot be attached to a workflow as it was.
    public static let v0Webhook = DiagnosticCode(711)
    /// A registry file is in the v0 format: `aiwc migrate`.
    public static let v0Configuration = DiagnosticCode(712)
}
