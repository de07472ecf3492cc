import Plan

/// An OpenAPI operation called over HTTP: the request made from the binding and the
/// arguments, and the answer read into a value or a typed failure (docs/tools.md §4).
extension Machine {
    /// The largest answer read: 16 MiB.
    static let toolAnswerCap = 16 << 20

    func callOpenAPI(_ binding: ToolBinding, tool index: Int, operation: String, arguments: Value, timeout: UInt64) async -> ToolCallOutcome {
        var outcome = ToolCallOutcome()
        let name = tables.string(tables.tools[index].id)
        guard let op = binding.operations[operation] else {
            outcome.failure = AttemptFailure(.unavailable, "the plan has no binding for operation '\(operation)' of tool '\(name)': run `aiwc tools sync`, then compile again")
            return outcome
        }
        guard let base = binding.url else {
            outcome.failure = AttemptFailure(.unavailable, "tool '\(name)' has no base_url")
            return outcome
        }
        let request: AgentHTTPRequest
        switch Self.request(op, base: base, arguments: arguments) {
        case .failure(let f):
            outcome.failure = f
            return outcome
        case .success(var r):
            switch binding.authType {
            case "bearer"?, "api_key"?:
                guard let secret = binding.authSecret, let value = setup.environment[secret], !value.isEmpty else {
                    outcome.failure = AttemptFailure(.unavailable, "tool '\(name)' authenticates with secret \(binding.authSecret ?? "?"), which is not set")
                    return outcome
                }
                if binding.authType == "bearer" {
                    r.headers["Authorization"] = "Bearer \(value)"
                } else if let query = binding.authQuery {
                    r.url += (r.url.contains("?") ? "&" : "?") + "\(Self.percentEncoded(query))=\(Self.percentEncoded(value))"
                } else {
                    r.headers[binding.authHeader ?? "X-API-Key"] = value
                }
            default: break
            }
            request = r
        }
        let response: AgentHTTPResponse
        switch await HTTPAgent.send(request, timeoutMilliseconds: timeout, bodyCap: Self.toolAnswerCap) {
        case .failure(let f):
            outcome.failure = f
            return outcome
        case .success(let r): response = r
        }
        outcome.answer = response.body
        let excerpt = AgentOutput.capped(Substring(String(decoding: response.body.prefix(600), as: UTF8.self)))
        let retryAfter = Self.retryAfterMilliseconds(response.header("Retry-After"))
        switch response.status {
        case 200..<300:
            if let cap = response.passedCap {
                outcome.failure = AttemptFailure(.invalidOutput, "the answer passed the \(cap)-byte cap")
            } else if response.body.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) {
                outcome.value = .null
            } else {
                do throws(JSONError) {
                    outcome.value = try JSONReader.read(response.body)
                } catch {
                    outcome.failure = AttemptFailure(.invalidOutput, "the answer is not JSON (\(error))")
                }
            }
        case 429:
            outcome.failure = AttemptFailure(.rateLimited, "\(op.method) \(op.path) answered 429\(retryAfter.map { " (retry after \($0 / 1000) s)" } ?? ""): \(excerpt)", retryAfterMilliseconds: retryAfter)
        case 408, 500...599:
            outcome.failure = AttemptFailure(.unavailable, "\(op.method) \(op.path) answered \(response.status): \(excerpt)", retryAfterMilliseconds: retryAfter)
        default:
            outcome.failure = AttemptFailure(.toolError, "\(op.method) \(op.path) answered \(response.status): \(excerpt)")
        }
        return outcome
    }

    /// The request for an operation: path parameters in the path, query parameters in the
    /// query, header parameters as headers, the body as JSON.
    static func request(_ op: ToolBinding.HTTPOperation, base: String, arguments: Value) -> Result<AgentHTTPRequest, AttemptFailure> {
        var path = op.path
        var query: [String] = []
        var headers: [String: String] = ["Accept": "application/json"]
        for p in op.parameters {
            guard let value = arguments[field: p.name], value != .null else {
                if p.location == "path" { return .failure(AttemptFailure(.toolError, "path parameter '\(p.name)' has no value")) }
                continue
            }
            switch p.location {
            case "path": path = path.replacing("{\(p.name)}", with: percentEncoded(text(value)))
            case "query":
                let values: [Value] = if case .array(let items) = value { items } else { [value] }
                for v in values { query.append("\(percentEncoded(p.name))=\(percentEncoded(text(v)))") }
            case "header": headers[p.name] = text(value).filter { $0 != "\r" && $0 != "\n" }
            case "cookie": headers["Cookie", default: ""] += (headers["Cookie"] == nil ? "" : "; ") + "\(p.name)=\(percentEncoded(text(value)))"
            default: break
            }
        }
        var body: [UInt8]?
        if let fields = op.bodyFields {
            let present = fields.compactMap { f in arguments[field: f].map { Value.Field(f, $0) } }
            body = Array(JSONWriter.write(.object(present)).utf8)
        } else if let argument = op.bodyArgument, let value = arguments[field: argument] {
            body = Array(JSONWriter.write(value).utf8)
        }
        if body != nil { headers["Content-Type"] = "application/json" }
        var url = base.hasSuffix("/") ? String(base.dropLast()) : base
        url += path
        if !query.isEmpty { url += "?" + query.joined(separator: "&") }
        return .success(AgentHTTPRequest(method: op.method, url: url, headers: headers, body: body))
    }

    /// A `Retry-After` header in whole seconds as milliseconds, at most a day (a larger
    /// value would overflow; the retry waits at most five minutes anyway); nil for a date
    /// or anything else.
    static func retryAfterMilliseconds(_ header: String?) -> Int64? {
        guard let header else { return nil }
        let digits = header.trimmingPrefix(" ")
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return (Int64(digits).map { min($0, 86_400) } ?? 86_400) * 1000
    }

    /// A value as parameter text: strings as they are, other scalars as JSON.
    static func text(_ value: Value) -> String {
        if case .string(let s) = value { return s }
        return JSONWriter.write(value)
    }

    /// RFC 3986 percent-encoding of everything but the unreserved characters.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
