/// How failing calls fail (`--stand-in-failure`).
enum FailureStyle: String, CaseIterable {
    /// The protocol's own error: Claude's `is_error` with exit 1, OpenCode's `error` event,
    /// a CLI agent's message on stderr with exit 1.
    case error
    /// Exit 3 with a message on stderr and nothing on stdout.
    case exit
    /// Text that is neither JSON nor UTF-8 on stdout, exit 0.
    case garbage
    /// Sleep until killed.
    case hang
    /// 64 MiB on stdout, exit 0.
    case huge
    /// Die of SIGSEGV.
    case crash
    /// A refusal for rate limiting (HTTP 429) in the protocol's terms.
    case rateLimit = "rate-limit"
}

/// The stand-in's own options, which come before the protocol's arguments: a project's
/// registry writes them into the agent's command, since the VM passes children only the
/// environment variables it declares.
struct StandInOptions {
    /// A file with one line per call, shared by every process that names it.
    var statePath: String?
    /// How many first calls fail (every call when there is no state file).
    var failCount = 0
    var failure = FailureStyle.error
    /// The answer to give, whatever the prompt.
    var answer: String?
    /// How many first calls answer a structured request with JSON that breaks the schema.
    var badJSONFirst = 0
    /// How long to think before answering.
    var delayMilliseconds = 0
    /// Whether the answer ends with the Claude Code options it was given (`yes`/`no`).
    var echoOptions = false
    /// The arguments left for the protocol.
    var rest: [String] = []

    /// Reads the leading `--stand-in-…` options; the first other argument starts the rest.
    /// Returns a message for people when an option is unknown or lacks a good value.
    static func parse(_ args: [String]) -> Result<StandInOptions, UsageError> {
        var o = StandInOptions()
        var i = 0
        while i < args.count, args[i].hasPrefix("--stand-in-") {
            let name = args[i]
            guard i + 1 < args.count else { return .failure(UsageError("\(name) needs a value")) }
            let value = args[i + 1]
            i += 2
            switch name {
            case "--stand-in-state": o.statePath = value
            case "--stand-in-answer": o.answer = value
            case "--stand-in-echo-options":
                guard value == "yes" || value == "no" else { return .failure(UsageError("--stand-in-echo-options takes yes or no, not '\(value)'")) }
                o.echoOptions = value == "yes"
            case "--stand-in-failure":
                guard let style = FailureStyle(rawValue: value) else {
                    return .failure(UsageError("--stand-in-failure takes one of \(FailureStyle.allCases.map(\.rawValue).joined(separator: ", ")), not '\(value)'"))
                }
                o.failure = style
            case "--stand-in-fail", "--stand-in-bad-json-first", "--stand-in-delay":
                guard let n = Int(value), n >= 0 else { return .failure(UsageError("\(name) takes a whole number ≥ 0, not '\(value)'")) }
                switch name {
                case "--stand-in-fail": o.failCount = n
                case "--stand-in-bad-json-first": o.badJSONFirst = n
                default: o.delayMilliseconds = n
                }
            default:
                return .failure(UsageError("unknown option \(name)"))
            }
        }
        o.rest = Array(args[i...])
        return .success(o)
    }
}

/// A command line the stand-in cannot follow.
struct UsageError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
