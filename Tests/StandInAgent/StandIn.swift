import Glibc

/// One run of the stand-in: read the options and the prompt, count the call, then answer
/// or fail as told, in the protocol the arguments speak.
enum StandIn {
    static let version = "aiw-agent-stand-in 1.0.0 (stand-in agent for AIWorkflow tests)"

    /// Runs a call and returns the exit status.
    static func main(_ arguments: [String]) -> Int32 {
        // A reader that goes away must not kill the stand-in mid-write: EPIPE is handled.
        signal(SIGPIPE, SIG_IGN)
        let started = POSIXIO.monotonicMilliseconds()
        let options: StandInOptions
        switch StandInOptions.parse(arguments) {
        case .success(let o): options = o
        case .failure(let e):
            POSIXIO.err("aiw-agent-stand-in: \(e.message)")
            return 2
        }
        if options.rest.first == "--version" || options.rest.first == "-v" {
            POSIXIO.out(version + "\n")
            return 0
        }
        let proto = AgentProtocol(options.rest)
        var claude = ClaudeArguments()
        if proto == .claudeCode {
            switch ClaudeArguments.parse(options.rest) {
            case .success(let parsed): claude = parsed
            case .failure(let e):
                POSIXIO.err(e.message)
                return 1
            }
        }
        let prompt = Prompt.read(proto, options.rest)
        let schema = options.answer == nil ? SchemaAnswer.schema(in: prompt) : nil

        var number = 1
        var outcome = Outcome.decide(call: nil, options, structured: schema != nil)
        if let path = options.statePath {
            let recorded = StateFile.record(path) { n in
                outcome = Outcome.decide(call: n, options, structured: schema != nil)
                let first = Prompt.firstLine(prompt).prefix(200).map { $0 == "\t" ? " " : $0 }
                return "\(n)\t\(proto.rawValue)\t\(outcome.rawValue)\tfeedback:\(Prompt.hasFeedback(prompt) ? "yes" : "no")\t\(String(first))"
            }
            switch recorded {
            case .success(let n): number = n
            case .failure(let e):
                POSIXIO.err("aiw-agent-stand-in: \(e.message)")
                return 2
            }
        }
        POSIXIO.sleep(milliseconds: options.delayMilliseconds)

        let answer = options.answer
            ?? schema.map { (outcome == .badJSON ? SchemaAnswer.counterexample($0) : SchemaAnswer.example($0)).text }
            ?? "stand-in answer (\(Prompt.wordCount(prompt)) words of prompt): \(Prompt.firstLine(prompt).prefix(80))\(options.echoOptions ? claude.note : "")"
        let call = Call(number: number, prompt: prompt, answer: answer, startedMilliseconds: started)
        if outcome == .fail { return Failing.fail(options.failure, proto, call) }
        switch proto {
        case .claudeCode: POSIXIO.out(ClaudeReply.object(call, isError: false, subtype: "success", result: answer))
        case .openCode: POSIXIO.out(OpenCodeReply.events(call))
        case .cli: POSIXIO.out(answer + "\n")
        }
        return 0
    }
}

/// What a call does.
enum Outcome: String {
    case ok
    /// Fails in the chosen style.
    case fail
    /// Answers a structured request with JSON the schema rejects.
    case badJSON = "bad-json"

    /// A call fails while within `--stand-in-fail`, then answers badly while within
    /// `--stand-in-bad-json-first`; without a state file (no count) every call is within.
    static func decide(call n: Int?, _ o: StandInOptions, structured: Bool) -> Outcome {
        func within(_ limit: Int) -> Bool { limit > 0 && (n.map { $0 <= limit } ?? true) }
        if within(o.failCount) { return .fail }
        if structured, within(o.badJSONFirst) { return .badJSON }
        return .ok
    }
}
