import Diagnostics
import Syntax

/// Recognises files written for the earlier Python aiworkflow 0.1 (v0;
/// docs/migrating.md), so that `aiwc check` reports one AIW701 instead of one unknown key
/// per v0 setting, and `aiwc migrate` knows what to translate.
public enum V0Format {
    /// The `workflow:` key of a v0 workflow's frontmatter: a `workflow` key, and no `name`
    /// (which every workflow of this format has).
    public static func workflowKey(in root: YAMLNode?) -> YAMLPair? {
        guard let root, root.mapping != nil, root["name"] == nil, let pair = root.pair("workflow") else { return nil }
        return pair
    }

    /// The AIW701 diagnostic for a v0 workflow.
    static func diagnostic(at pair: YAMLPair, in file: SourceFile) -> Diagnostic {
        Diagnostic(
            .v0Workflow, "this is a workflow of aiworkflow 0.1 (v0), which aiwc does not run",
            at: SourceRange(file: file, span: pair.keySpan),
            help: ["run `aiwc migrate` to write it in this format (docs/migrating.md)"])
    }

    /// Whether a registry file's root is a v0 agents file: agents with a `provider` or a
    /// mapping of v0 `capabilities` and no `kind`, or `routing_rules`.
    public static func isAgentsFile(_ root: YAMLNode?) -> Bool {
        guard let root else { return false }
        if root["routing_rules"] != nil { return true }
        return (root["agents"]?.mapping ?? []).contains { $0.value["kind"] == nil && ($0.value["provider"] != nil || $0.value["capabilities"]?.mapping != nil) }
    }

    /// Whether a registry file's root is a v0 tool registry (`tools` is a list).
    public static func isToolRegistry(_ root: YAMLNode?) -> Bool {
        root?["tools"]?.sequence != nil
    }

    /// The AIW712 diagnostic for a v0 configuration file.
    static func configurationDiagnostic(_ what: String, at span: Span, in file: SourceFile) -> Diagnostic {
        Diagnostic(
            .v0Configuration, "this \(what) is in the format of aiworkflow 0.1 (v0), which aiwc does not read",
            at: SourceRange(file: file, span: span),
            help: ["run `aiwc migrate` to write it in this format (docs/migrating.md)"])
    }
}
