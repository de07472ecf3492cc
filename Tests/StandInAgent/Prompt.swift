/// Where each protocol puts the prompt, read as the real agents read it.
enum Prompt {
    /// Claude options that take a value (the stand-in accepts and ignores them).
    static let claudeValued: Set<String> = [
        "--output-format", "--model", "--allowedTools", "--allowed-tools", "--disallowedTools", "--disallowed-tools",
        "--mcp-config", "--append-system-prompt", "--system-prompt", "--max-turns", "--permission-mode", "--input-format",
    ]
    /// OpenCode `run` options that take a value.
    static let openCodeValued: Set<String> = [
        "--format", "--model", "-m", "--agent", "--session", "-s", "--variant", "--title", "--dir", "--port",
        "--attach", "--file", "-f", "--command",
    ]

    /// The prompt of a call: standard input for Claude (else its positional arguments), the
    /// message arguments then piped input for OpenCode (as `opencode run` joins them), and
    /// standard input or else the last argument for a CLI agent.
    static func read(_ proto: AgentProtocol, _ args: [String]) -> String {
        switch proto {
        case .claudeCode:
            let piped = stdin()
            return piped.isEmpty ? positional(args, valued: claudeValued).joined(separator: " ") : piped
        case .openCode:
            let message = positional(Array(args.dropFirst()), valued: openCodeValued).joined(separator: " ")
            let piped = stdin()
            if message.isEmpty { return piped }
            return piped.isEmpty ? message : message + "\n" + piped
        case .cli:
            let piped = stdin()
            return piped.isEmpty ? args.last ?? "" : piped
        }
    }

    /// Standard input as text (invalid UTF-8 repaired), or nothing when it is a terminal.
    static func stdin() -> String {
        guard !POSIXIO.stdinIsTerminal else { return "" }
        return String(decoding: POSIXIO.readAll(0), as: UTF8.self)
    }

    /// The arguments that are not options nor option values; everything after `--` counts.
    static func positional(_ args: [String], valued: Set<String>) -> [String] {
        var out: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if a == "--" {
                out += args[(i + 1)...]
                break
            }
            if valued.contains(a) {
                i += 2
            } else {
                if !a.hasPrefix("-") || a == "-" { out.append(a) }
                i += 1
            }
        }
        return out
    }

    /// The first line that is not blank, without spaces around it.
    static func firstLine(_ prompt: String) -> Substring {
        prompt.split(separator: "\n").lazy.map(\.trimmingSpaces).first { !$0.isEmpty } ?? ""
    }

    /// Whether the VM fed back a failed schema check (its feedback starts a line this way).
    static func hasFeedback(_ prompt: String) -> Bool {
        prompt.split(separator: "\n").contains { $0.hasPrefix("The previous answer did not match") }
    }

    /// How many words the prompt has.
    static func wordCount(_ prompt: String) -> Int {
        prompt.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).count
    }
}
