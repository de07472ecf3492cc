import Glibc

/// Claude Code's print-mode options, as the stand-in accepts them: `-p`/`--print`,
/// `--output-format json`, `--model M`, `--allowedTools LIST`, `--mcp-config FILE|JSON`.
/// Anything else is refused as the real CLI refuses an unknown option (exit 1), so a VM
/// that builds a wrong command line fails its tests.
struct ClaudeArguments {
    var model: String?
    var allowedTools: String?
    var mcpConfig: String?

    /// Reads the protocol's arguments; a message for people when they are not Claude's.
    static func parse(_ args: [String]) -> Result<ClaudeArguments, UsageError> {
        var parsed = ClaudeArguments()
        var i = 0
        while i < args.count {
            let name = args[i]
            i += 1
            if name == "-p" || name == "--print" { continue }
            guard ["--output-format", "--model", "--allowedTools", "--mcp-config"].contains(name) else {
                return .failure(UsageError("error: unknown option '\(name)'"))
            }
            guard i < args.count, !args[i].isEmpty else { return .failure(UsageError("error: option '\(name)' argument missing")) }
            let value = args[i]
            i += 1
            switch name {
            case "--output-format":
                guard value == "json" else { return .failure(UsageError("the stand-in speaks --output-format json only, not '\(value)'")) }
            case "--model": parsed.model = value
            case "--allowedTools": parsed.allowedTools = value
            default:
                // JSON text is taken as it is; anything else names a file that must be there.
                if !value.hasPrefix("{"), access(value, R_OK) != 0 {
                    return .failure(UsageError("Error: MCP config file not found: \(value)"))
                }
                parsed.mcpConfig = value
            }
        }
        return .success(parsed)
    }

    /// What the answer says it was given, so that tests can see the options arrived.
    var note: String {
        var parts: [String] = []
        if let allowedTools { parts.append("allowed tools: \(allowedTools)") }
        if let mcpConfig { parts.append("mcp config: \(mcpConfig)") }
        return parts.isEmpty ? "" : " [" + parts.joined(separator: "; ") + "]"
    }
}
