import Glibc

/// The failure styles of `--stand-in-failure`, each as the protocol would show it.
enum Failing {
    /// Fails the call and returns the exit status (or does not return: `hang`, `crash`).
    static func fail(_ style: FailureStyle, _ proto: AgentProtocol, _ call: Call) -> Int32 {
        let what = "stand-in: call \(call.number) fails as asked (--stand-in-failure \(style.rawValue))"
        switch style {
        case .error:
            switch proto {
            case .claudeCode:
                POSIXIO.out(ClaudeReply.object(call, isError: true, subtype: "error_during_execution", result: what))
            case .openCode:
                POSIXIO.out(OpenCodeReply.error(call, name: "UnknownError", data: [("message", .string(what))]))
            case .cli:
                POSIXIO.err(what)
            }
            return 1
        case .rateLimit:
            let body = #"{"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit (stand-in)"}}"#
            switch proto {
            case .claudeCode:
                POSIXIO.out(ClaudeReply.object(call, isError: true, subtype: "success", result: "API Error: 429 " + body))
            case .openCode:
                POSIXIO.out(OpenCodeReply.error(call, name: "APIError", data: [
                    ("message", .string("Rate limit exceeded (stand-in)")), ("statusCode", .number("429")), ("isRetryable", .bool(true)),
                ]))
            case .cli:
                POSIXIO.err("Error: 429 Too Many Requests: rate limit exceeded (stand-in)")
            }
            return 1
        case .exit:
            POSIXIO.err(what)
            return 3
        case .garbage:
            // Neither JSON nor UTF-8, so that every protocol's reader refuses it.
            POSIXIO.writeAll(1, Array("stand-in garbage <not JSON> ".utf8) + [0xFF, 0xFE, 0x0A])
            return 0
        case .hang:
            POSIXIO.err(what)
            while true { pause() }
        case .huge:
            var line = [UInt8](repeating: UInt8(ascii: "x"), count: 1023)
            line.append(0x0A)
            let mebibyte = Array([[UInt8]](repeating: line, count: 1024).joined())
            for _ in 0..<64 {
                guard POSIXIO.writeAll(1, mebibyte) else { break }
            }
            return 0
        case .crash:
            POSIXIO.err(what)
            raise(SIGSEGV)
            abort()
        }
    }
}
