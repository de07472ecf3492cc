import Testing
@testable import VM

/// The `openai` protocol on literal requests and responses: the request's URL, headers and
/// body, and how each kind of response is read (docs/vm.md §6).
@Suite struct OpenAIProtocolTests {
    static func response(_ status: Int, _ body: String, headers: [String: String] = [:]) -> AgentHTTPResponse {
        AgentHTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    static func failure(_ r: Result<AgentReply, AttemptFailure>) -> AttemptFailure? {
        if case .failure(let f) = r { return f }
        return nil
    }

    @Test func urls() {
        #expect(OpenAIProtocol.url(endpoint: "http://127.0.0.1:8080/v1") == "http://127.0.0.1:8080/v1/chat/completions")
        #expect(OpenAIProtocol.url(endpoint: "http://127.0.0.1:8080/v1/") == "http://127.0.0.1:8080/v1/chat/completions")
        #expect(OpenAIProtocol.url(endpoint: "https://api.openai.com/v1//") == "https://api.openai.com/v1/chat/completions")
        #expect(OpenAIProtocol.url(endpoint: "https://x.test/v1/chat/completions/") == "https://x.test/v1/chat/completions")
    }

    @Test func requestHeaders() {
        let call = OpenAIProtocol.Call(endpoint: "http://h/v1", model: "m", prompt: "p")
        let keyed = OpenAIProtocol.request(call, apiKey: "sk-1")
        #expect(keyed.method == "POST")
        #expect(keyed.headers["Authorization"] == "Bearer sk-1")
        #expect(keyed.headers["Content-Type"] == "application/json")
        #expect(OpenAIProtocol.request(call, apiKey: nil).headers["Authorization"] == nil)
        #expect(keyed.body.map { String(decoding: $0, as: UTF8.self) }
            == #"{"model":"m","messages":[{"role":"user","content":"p"}]}"#)
    }

    @Test func responseFormatOnlyForObjectSchemas() {
        let object = Value.object([Value.Field("type", .string("object"))])
        let withSchema = OpenAIProtocol.body(OpenAIProtocol.Call(endpoint: "e", model: "m", prompt: "p", schema: object))
        #expect(withSchema[field: "response_format"]?[field: "json_schema"]?[field: "schema"] == object)
        #expect(withSchema[field: "response_format"]?[field: "type"] == .string("json_schema"))
        // A schema that accepts a string answer is kept as text: forcing JSON would quote it.
        for root in [Value.object([Value.Field("type", .string("string"))]), .object([Value.Field("type", .string("array"))]),
                     .object([Value.Field("enum", .array([.string("a")]))])] {
            let body = OpenAIProtocol.body(OpenAIProtocol.Call(endpoint: "e", model: "m", prompt: "p", schema: root))
            #expect(body[field: "response_format"] == nil)
        }
        let noModel = OpenAIProtocol.body(OpenAIProtocol.Call(endpoint: "e", model: nil, prompt: "p"))
        #expect(noModel[field: "model"] == nil)
    }

    @Test func success() throws {
        let body = #"{"id":"chatcmpl-1","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":7,"completion_tokens":2.0}}"#
        let reply = try OpenAIProtocol.reply(Self.response(200, body)).get()
        #expect(reply == AgentReply(text: "hi", usage: AgentUsage(sessionID: "chatcmpl-1", inputTokens: 7, outputTokens: 2)))
        let bare = try OpenAIProtocol.reply(Self.response(201, #"{"choices":[{"message":{"content":""}}]}"#)).get()
        #expect(bare == AgentReply(text: ""))
    }

    @Test func statusFailures() {
        let error = #"{"error":{"message":"Slow down.","type":"requests"}}"#
        #expect(Self.failure(OpenAIProtocol.reply(Self.response(429, error, headers: ["retry-after": "20"])))
            == AttemptFailure(.rateLimited, "HTTP 429: Slow down. (Retry-After: 20)"))
        #expect(Self.failure(OpenAIProtocol.reply(Self.response(429, ""))) == AttemptFailure(.rateLimited, "HTTP 429"))
        #expect(Self.failure(OpenAIProtocol.reply(Self.response(408, error)))?.kind == .unavailable)
        #expect(Self.failure(OpenAIProtocol.reply(Self.response(503, "<html>Service Unavailable</html>")))
            == AttemptFailure(.unavailable, "HTTP 503: <html>Service Unavailable</html>"))
        #expect(Self.failure(OpenAIProtocol.reply(Self.response(400, #"{"detail":"bad field"}"#)))
            == AttemptFailure(.agentError, "HTTP 400: bad field"))
        #expect(Self.failure(OpenAIProtocol.reply(Self.response(302, ""))) == AttemptFailure(.agentError, "HTTP 302"))
        // An error body past the cap still gives its status's kind.
        var cut = Self.response(500, "{\"error\":{\"message\":\"x")
        cut.passedCap = 10
        #expect(Self.failure(OpenAIProtocol.reply(cut))?.kind == .unavailable)
    }

    @Test func unreadableResponses() {
        var cut = Self.response(200, "{")
        cut.passedCap = 1
        #expect(Self.failure(OpenAIProtocol.reply(cut)) == AttemptFailure(.invalidOutput, "the response passed the 1-byte cap"))
        #expect(Self.failure(OpenAIProtocol.reply(Self.response(200, "")))?.kind == .invalidOutput)
        #expect(Self.failure(OpenAIProtocol.reply(Self.response(200, #"{"choices":{}}"#)))
            == AttemptFailure(.invalidOutput, "the response has no choices"))
        #expect(Self.failure(OpenAIProtocol.reply(Self.response(200, #"{"choices":[{"message":{"content":null},"finish_reason":"stop"}]}"#)))
            == AttemptFailure(.invalidOutput, "the response's first choice has no message content (finish_reason stop)"))
        #expect(Self.failure(OpenAIProtocol.reply(Self.response(200, #"{"choices":[{"message":{"content":"x"},"finish_reason":"content_filter"}]}"#)))
            == AttemptFailure(.agentError, "the provider's content filter stopped the answer"))
        #expect(Self.failure(OpenAIProtocol.reply(Self.response(200, #"{"choices":[{"message":{"content":null,"tool_calls":[{}]}}]}"#)))?.kind
            == .agentError)
        #expect(Self.failure(OpenAIProtocol.reply(Self.response(200, #"{"error":{"code":42}}"#)))
            == AttemptFailure(.agentError, #"{"code":42}"#))
    }
}
