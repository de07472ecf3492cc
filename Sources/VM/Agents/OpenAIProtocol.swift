/// How the VM talks to an OpenAI-compatible chat-completions endpoint (`kind: openai`):
/// the request it sends and how it reads the answer. Pure: the HTTP exchange itself is
/// ``HTTPAgent``'s.
///
/// One attempt is one `POST {endpoint}/chat/completions` with `Content-Type:
/// application/json`, `Authorization: Bearer KEY` when the agent has a key, and the body
/// `{"model": M, "messages": [{"role": "user", "content": PROMPT}]}`. For a step whose
/// `output` schema is an object, the body also asks for Structured Outputs, in the shape of
/// OpenAI's API reference (`ResponseFormatJsonSchema`):
/// `"response_format": {"type": "json_schema", "json_schema": {"name": "output", "schema":
/// S, "strict": false}}`. Only then: OpenAI takes an object schema at the root, and forcing
/// JSON on a schema that accepts a string would quote an answer the VM keeps as text.
/// `strict` stays false because strict mode takes only a subset of JSON Schema (every
/// property required, no open objects) that a workflow's schema need not fit; the prompt
/// carries the schema anyway and the VM checks the answer against it.
///
/// The answer is `choices[0].message.content` (a string, or, from some compatible servers,
/// an array of `{"type": "text", "text": …}` parts, joined). `id` is kept as the session
/// id, `usage.prompt_tokens` and `usage.completion_tokens` as the token counts; no cost is
/// reported. A `finish_reason` of `length` still gives the text: the VM sets no token
/// limit, and a cut JSON answer fails the schema check.
public enum OpenAIProtocol {
    /// What one call asks: everything but the API key, which is read when the call is made.
    public struct Call: Sendable, Equatable {
        /// The API's base URL (`http://127.0.0.1:8080/v1`, `https://api.openai.com/v1`).
        public var endpoint: String
        /// The model; nil sends none (the server's default, where it has one).
        public var model: String?
        /// The prompt, sent as the one user message.
        public var prompt: String
        /// The step's `output` schema as JSON Schema, or nil.
        public var schema: Value?

        /// Creates a call.
        public init(endpoint: String, model: String?, prompt: String, schema: Value? = nil) {
            self.endpoint = endpoint
            self.model = model
            self.prompt = prompt
            self.schema = schema
        }
    }

    /// The chat-completions URL of an endpoint: `/chat/completions` after it, with one
    /// slash between; an endpoint that already ends so is taken as it is.
    public static func url(endpoint: String) -> String {
        var base = Substring(endpoint)
        while base.hasSuffix("/") { base = base.dropLast() }
        if base.hasSuffix("/chat/completions") { return String(base) }
        return base + "/chat/completions"
    }

    /// The HTTP request of a call.
    /// - Parameters:
    ///   - call: What to ask.
    ///   - apiKey: The key for `Authorization: Bearer`, or nil to send no credentials
    ///     (local servers often need none).
    /// - Returns: A `POST` with a JSON body.
    public static func request(_ call: Call, apiKey: String?) -> AgentHTTPRequest {
        var headers = ["Content-Type": "application/json", "Accept": "application/json"]
        if let apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
        return AgentHTTPRequest(method: "POST", url: url(endpoint: call.endpoint), headers: headers,
                                body: Array(JSONWriter.write(body(call)).utf8))
    }

    /// The JSON body of a call.
    public static func body(_ call: Call) -> Value {
        var fields: [Value.Field] = []
        if let model = call.model { fields.append(Value.Field("model", .string(model))) }
        let message = Value.object([Value.Field("role", .string("user")), Value.Field("content", .string(call.prompt))])
        fields.append(Value.Field("messages", .array([message])))
        if let schema = call.schema, let format = responseFormat(schema) {
            fields.append(Value.Field("response_format", format))
        }
        return .object(fields)
    }

    /// The `response_format` for a schema, or nil when the schema's root is not an object.
    static func responseFormat(_ schema: Value) -> Value? {
        guard AgentOutput.string(schema[field: "type"]) == "object" else { return nil }
        return .object([
            Value.Field("type", .string("json_schema")),
            Value.Field("json_schema", .object([
                Value.Field("name", .string("output")), Value.Field("schema", schema), Value.Field("strict", .boolean(false)),
            ])),
        ])
    }

    /// The reply in a server's response.
    /// - Parameter response: What the server answered.
    /// - Returns: The answer and usage; or `rate_limited` for HTTP 429 (with its
    ///   `Retry-After`), `unavailable` for 408 and 5xx, `agent_error` for another status
    ///   that is not 2xx (with the API's `error.message`), an `error` object in a 2xx body,
    ///   a refusal, or a content filter's stop; `invalid_output` for a body past the cap,
    ///   one that is not JSON, or one without an answer.
    public static func reply(_ response: AgentHTTPResponse) -> Result<AgentReply, AttemptFailure> {
        guard response.succeeded else { return .failure(failure(response)) }
        if let cap = response.passedCap {
            return .failure(AttemptFailure(.invalidOutput, "the response passed the \(cap)-byte cap"))
        }
        let json: Value
        do {
            json = try JSONReader.read(response.body)
        } catch {
            return .failure(AttemptFailure(.invalidOutput, "the response is not JSON (\(error))"))
        }
        // Some compatible servers (proxies, local runners) answer 200 with an error object.
        if let said = errorMessage(json) { return .failure(AttemptFailure(.agentError, said)) }
        guard case .array(let choices)? = json[field: "choices"], let choice = choices.first else {
            return .failure(AttemptFailure(.invalidOutput, "the response has no choices"))
        }
        let message = choice[field: "message"]
        let finish = AgentOutput.string(choice[field: "finish_reason"])
        if finish == "content_filter" {
            return .failure(AttemptFailure(.agentError, "the provider's content filter stopped the answer"))
        }
        if let text = content(message?[field: "content"]) {
            return .success(AgentReply(text: text, usage: usage(json)))
        }
        if let refusal = AgentOutput.string(message?[field: "refusal"]) {
            return .failure(AttemptFailure(.agentError, "the model refused: \(AgentOutput.capped(refusal))"))
        }
        if let calls = message?[field: "tool_calls"], calls != .null {
            return .failure(AttemptFailure(.agentError, "the model asked to call tools, and the VM offers it none"))
        }
        let reason = finish.map { " (finish_reason \(AgentOutput.capped($0)))" } ?? ""
        return .failure(AttemptFailure(.invalidOutput, "the response's first choice has no message content\(reason)"))
    }

    /// The failure for a status that is not 2xx.
    static func failure(_ response: AgentHTTPResponse) -> AttemptFailure {
        var text = "HTTP \(response.status)"
        if let said = errorText(response.body) { text += ": \(said)" }
        switch response.status {
        case 429:
            if let after = response.header("Retry-After") { text += " (Retry-After: \(AgentOutput.capped(after.prefix(64))))" }
            return AttemptFailure(.rateLimited, text)
        case 408, 500...599:
            return AttemptFailure(.unavailable, text)
        default:
            return AttemptFailure(.agentError, text)
        }
    }

    /// What an error body says: the API's message when the body is its JSON, else the
    /// body's text, capped; nil for an empty body.
    static func errorText(_ body: [UInt8]) -> String? {
        if let json = try? JSONReader.read(body), let said = errorMessage(json) { return said }
        // A proxy's HTML page or a plain-text line: its start says enough.
        let text = AgentOutput.capped(String(decoding: body.prefix(4 * AgentOutput.messageCap), as: UTF8.self))
        return text.isEmpty ? nil : text
    }

    /// `error.message` (OpenAI), a bare `error` string, or `detail` (FastAPI-based servers),
    /// capped; nil when the value holds none of them.
    static func errorMessage(_ json: Value) -> String? {
        let error = json[field: "error"]
        let said = AgentOutput.string(error?[field: "message"]) ?? AgentOutput.string(error) ?? AgentOutput.string(json[field: "detail"])
        if let said { return AgentOutput.capped(said) }
        // An error object without a message still is an error.
        if case .object? = error { return AgentOutput.capped(JSONWriter.write(error ?? .null)) }
        return nil
    }

    /// The text of a message's `content`: a string, or the `text` of its text parts joined.
    static func content(_ value: Value?) -> String? {
        switch value {
        case .string(let s)?: return s
        case .array(let parts)?:
            let texts = parts.compactMap { AgentOutput.string($0[field: "text"]) }
            return texts.isEmpty ? nil : texts.joined()
        default: return nil
        }
    }

    /// Session id and tokens.
    static func usage(_ json: Value) -> AgentUsage {
        let usage = json[field: "usage"]
        return AgentUsage(sessionID: AgentOutput.string(json[field: "id"]),
                          inputTokens: AgentOutput.count(usage?[field: "prompt_tokens"]),
                          outputTokens: AgentOutput.count(usage?[field: "completion_tokens"]))
    }
}
