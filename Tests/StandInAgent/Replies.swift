/// The protocol a call speaks, told from its arguments.
enum AgentProtocol: String {
    /// `-p` (`--print`) among the arguments: Claude Code's print mode.
    case claudeCode = "claude-code"
    /// `run` first: `opencode run --format json`.
    case openCode = "opencode"
    /// Anything else: text in, text out.
    case cli

    init(_ args: [String]) {
        if args.contains("-p") || args.contains("--print") {
            self = .claudeCode
        } else if args.first == "run" {
            self = .openCode
        } else {
            self = .cli
        }
    }
}

/// What one call's output is made of.
struct Call {
    var number: Int
    var prompt: String
    var answer: String
    var startedMilliseconds: Int

    /// A stable hash of the call, so that ids are deterministic (FNV-1a).
    var seed: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in prompt.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return (h ^ UInt64(truncatingIfNeeded: number)) &* 0x100_0000_01b3
    }

    /// Tokens as providers count them, roughly: four bytes each.
    var inputTokens: Int { max(1, prompt.utf8.count / 4) }
    var outputTokens: Int { max(1, answer.utf8.count / 4) }
    /// Dollars at $3 and $15 per million input and output tokens.
    var cost: Double { (Double(inputTokens) * 3 + Double(outputTokens) * 15) / 1_000_000 }

    /// `8-4-4-4-12` hex digits, as Claude's session ids.
    var uuid: String {
        let a = hex(seed, 16), b = hex(seed &* 0x9E37_79B9_7F4A_7C15 ^ 0x5bd1e995, 16)
        func cut(_ s: String, _ from: Int, _ n: Int) -> Substring { s.dropFirst(from).prefix(n) }
        return "\(cut(a, 0, 8))-\(cut(a, 8, 4))-4\(cut(a, 13, 3))-a\(cut(b, 1, 3))-\(cut(b, 4, 12))"
    }

    func hex(_ v: UInt64, _ digits: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }
}

/// Claude Code's `--output-format json` result object.
enum ClaudeReply {
    static func object(_ call: Call, isError: Bool, subtype: String, result: String) -> String {
        let elapsed = max(1, POSIXIO.monotonicMilliseconds() - call.startedMilliseconds)
        let usage = JSON.object([
            ("input_tokens", .number(String(call.inputTokens))),
            ("cache_creation_input_tokens", .number("0")),
            ("cache_read_input_tokens", .number("0")),
            ("output_tokens", .number(String(isError ? 0 : call.outputTokens))),
            ("service_tier", .string("standard")),
        ])
        return JSON.object([
            ("type", .string("result")),
            ("subtype", .string(subtype)),
            ("is_error", .bool(isError)),
            ("duration_ms", .number(String(elapsed))),
            ("duration_api_ms", .number(String(elapsed))),
            ("num_turns", .number("1")),
            ("result", .string(result)),
            ("stop_reason", isError ? .null : .string("end_turn")),
            ("session_id", .string(call.uuid)),
            ("total_cost_usd", .number(isError ? "0" : String(call.cost))),
            ("usage", usage),
        ]).text + "\n"
    }
}

/// OpenCode's `run --format json` event lines.
enum OpenCodeReply {
    /// step_start, the answer as two text parts (so that readers must join them),
    /// step_finish with cost and tokens, then done.
    static func events(_ call: Call) -> String {
        let session = "ses_" + call.hex(call.seed, 16) + "StandIn"
        let message = "msg_" + call.hex(call.seed ^ 0xA5A5, 16)
        let now = POSIXIO.nowMilliseconds()
        var partNumber = 0
        func event(_ type: String, _ fields: [(String, JSON)]) -> String {
            JSON.object([("type", .string(type)), ("timestamp", .number(String(now))), ("sessionID", .string(session))] + fields).text + "\n"
        }
        func part(_ type: String, _ fields: [(String, JSON)]) -> JSON {
            partNumber += 1
            return .object([("id", .string("prt_" + call.hex(call.seed &+ UInt64(partNumber), 16))),
                            ("sessionID", .string(session)), ("messageID", .string(message)), ("type", .string(type))] + fields)
        }
        let time = JSON.object([("start", .number(String(now))), ("end", .number(String(now)))])
        let half = call.answer.index(call.answer.startIndex, offsetBy: call.answer.count / 2)
        var out = event("step_start", [("part", part("step-start", [("snapshot", .string(call.hex(call.seed, 40)))]))])
        for piece in [call.answer[..<half], call.answer[half...]] where !piece.isEmpty {
            out += event("text", [("part", part("text", [("text", .string(String(piece))), ("time", time)]))])
        }
        let tokens = JSON.object([
            ("total", .number(String(call.inputTokens + call.outputTokens))),
            ("input", .number(String(call.inputTokens))), ("output", .number(String(call.outputTokens))),
            ("reasoning", .number("0")), ("cache", .object([("read", .number("0")), ("write", .number("0"))])),
        ])
        out += event("step_finish", [("part", part("step-finish", [("reason", .string("stop")), ("cost", .number(String(call.cost))), ("tokens", tokens)]))])
        out += event("done", [("reason", .string("idle")), ("rejected", .array([]))])
        return out
    }

    /// An `error` event as the CLI prints it for a session error.
    static func error(_ call: Call, name: String, data: [(String, JSON)]) -> String {
        let session = "ses_" + call.hex(call.seed, 16) + "StandIn"
        return JSON.object([
            ("type", .string("error")), ("timestamp", .number(String(POSIXIO.nowMilliseconds()))), ("sessionID", .string(session)),
            ("error", .object([("name", .string(name)), ("data", .object(data))])),
        ]).text + "\n"
    }
}
