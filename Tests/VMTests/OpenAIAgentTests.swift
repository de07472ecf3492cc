import Foundation
import Testing
@testable import VM

/// `openai` agents and URL health checks against a real loopback server (the Python stub in
/// Tests/Support): what the VM sends, and how each kind of answer or silence is classed.
@Suite struct OpenAIAgentTests {
    static let keyVariable = "AIW_TEST_OPENAI_KEY"
    static let environment = [keyVariable: "test-key"]
    static let cap = ChildProcess.defaultOutputCap
    static let schema = Value.object([
        Value.Field("type", .string("object")),
        Value.Field("properties", .object([
            Value.Field("urgent", .object([Value.Field("type", .string("integer"))])),
            Value.Field("label", .object([Value.Field("enum", .array([.string("work"), .string("home")]))])),
        ])),
        Value.Field("required", .array([.string("urgent")])),
    ])

    static func invocation(_ stub: OpenAIStub, model: String, key: String? = keyVariable, schema: Value? = nil) -> AgentInvocation {
        AgentInvocation(kind: "openai", endpoint: stub.endpoint, model: model, apiKeyVariable: key,
                        prompt: "Sort these mails by urgency", responseSchema: schema)
    }

    static func run(_ stub: OpenAIStub, model: String, key: String? = keyVariable, schema: Value? = nil,
                    environment: [String: String] = environment, timeout: UInt64 = 30_000) async -> AttemptOutcome {
        await invocation(stub, model: model, key: key, schema: schema).run(environment: environment, timeout: timeout, outputCap: cap)
    }

    @Test func answersWithUsageAndSendsTheDocumentedRequest() async throws {
        try await OpenAIStub.with { stub in
            let outcome = await Self.run(stub, model: "ok")
            #expect(outcome.failure == nil)
            #expect(outcome.process == nil)
            #expect(outcome.reply == AgentReply(text: "Hello from the stub.",
                                                usage: AgentUsage(sessionID: "chatcmpl-stub-1", inputTokens: 11, outputTokens: 5)))
            let requests = try stub.requests()
            try #require(requests.count == 1)
            let r = requests[0]
            #expect(r[field: "method"] == .string("POST"))
            #expect(r[field: "path"] == .string("/v1/chat/completions"))
            #expect(r[field: "headers"]?[field: "authorization"] == .string("Bearer test-key"))
            #expect(r[field: "headers"]?[field: "content-type"] == .string("application/json"))
            #expect(r[field: "body"] == .object([
                Value.Field("model", .string("ok")),
                Value.Field("messages", .array([.object([
                    Value.Field("role", .string("user")), Value.Field("content", .string("Sort these mails by urgency")),
                ])])),
            ]))
        }
    }

    @Test func structuredOutputSendsTheSchema() async throws {
        try await OpenAIStub.with { stub in
            let outcome = await Self.run(stub, model: "json", schema: Self.schema)
            let reply = try #require(outcome.reply)
            #expect(try JSONReader.read(reply.text) == .object([
                Value.Field("urgent", .integer(1)), Value.Field("label", .string("work")),
            ]))
            let body = try #require(try stub.requests().first?[field: "body"])
            #expect(body[field: "response_format"] == .object([
                Value.Field("type", .string("json_schema")),
                Value.Field("json_schema", .object([
                    Value.Field("name", .string("output")), Value.Field("schema", Self.schema), Value.Field("strict", .boolean(false)),
                ])),
            ]))
        }
    }

    @Test func noKeyVariableSendsNoAuthorization() async throws {
        try await OpenAIStub.with { stub in
            let outcome = await Self.run(stub, model: "ok", key: nil, environment: [:])
            #expect(outcome.failure == nil)
            let requests = try stub.requests()
            #expect(requests.count == 1)
            #expect(requests.first?[field: "headers"]?[field: "authorization"] == nil)
        }
    }

    @Test func aMissingKeyIsUnavailableAndSendsNothing() async throws {
        try await OpenAIStub.with { stub in
            for environment in [[:], [Self.keyVariable: ""]] {
                let outcome = await Self.run(stub, model: "ok", environment: environment)
                #expect(outcome.failure == AttemptFailure(.unavailable, "the agent's API key variable \(Self.keyVariable) is not set"))
            }
            let requests = try stub.requests()
            #expect(requests.isEmpty)
        }
    }

    @Test func statusesAreClassed() async throws {
        try await OpenAIStub.with { stub in
            let limited = await Self.run(stub, model: "rate-limit")
            #expect(limited.failure == AttemptFailure(.rateLimited, "HTTP 429: Rate limit reached for requests. (Retry-After: 1)"))
            let broken = await Self.run(stub, model: "error-500")
            #expect(broken.failure == AttemptFailure(.unavailable, "HTTP 500: The server had an error while processing your request."))
            let refused = await Self.run(stub, model: "auth", environment: [Self.keyVariable: "wrong-key"])
            #expect(refused.failure == AttemptFailure(.agentError, "HTTP 401: Incorrect API key provided."))
            let admitted = await Self.run(stub, model: "auth")
            #expect(admitted.reply?.text == "Hello from the stub.")
            let unknown = await Self.run(stub, model: "no-such-model")
            #expect(unknown.failure == AttemptFailure(.agentError, "HTTP 404: The model `no-such-model` does not exist."))
        }
    }

    @Test func unreadableAnswersAreClassed() async throws {
        try await OpenAIStub.with { stub in
            let garbage = await Self.run(stub, model: "bad-json")
            #expect(garbage.failure?.kind == .invalidOutput)
            #expect(garbage.failure?.message.hasPrefix("the response is not JSON") == true)
            let empty = await Self.run(stub, model: "no-choices")
            #expect(empty.failure == AttemptFailure(.invalidOutput, "the response has no choices"))
            let refusal = await Self.run(stub, model: "refusal")
            #expect(refusal.failure == AttemptFailure(.agentError, "the model refused: I'm sorry, I can't help with that."))
            let error = await Self.run(stub, model: "error-in-200")
            #expect(error.failure == AttemptFailure(.agentError, "The upstream provider failed."))
            let parts = await Self.run(stub, model: "parts")
            #expect(parts.reply?.text == "Hello in parts.")
            let cut = await Self.run(stub, model: "length")
            #expect(cut.reply?.text == "Hello from the")
        }
    }

    @Test func aHugeBodyPassesTheCap() async throws {
        try await OpenAIStub.with { stub in
            let outcome = await Self.run(stub, model: "huge")
            #expect(outcome.failure == AttemptFailure(.invalidOutput, "the response passed the \(Self.cap)-byte cap"))
        }
    }

    @Test func aServerThatHangsTimesOut() async throws {
        try await OpenAIStub.with { stub in
            let outcome = await Self.run(stub, model: "hang", timeout: 500)
            #expect(outcome.failure == AttemptFailure(.timeout, "POST \(stub.endpoint)/chat/completions: no complete response within 0.5s"))
        }
    }

    /// A cancelled run stops its request at once rather than waiting out the stub's 60 s;
    /// with a time limit (the timer race) and without one (the client alone).
    @Test(arguments: [UInt64(0), 120_000])
    func cancellingStopsTheRequest(timeout: UInt64) async throws {
        try await OpenAIStub.with { stub in
            let invocation = Self.invocation(stub, model: "hang")
            let task = Task { await invocation.run(environment: Self.environment, timeout: timeout, outputCap: Self.cap) }
            // Cancel only once the request has reached the stub, so that it is in flight.
            var polls = 0
            while try stub.requests().isEmpty, polls < 1_000 {
                try await Task.sleep(for: .milliseconds(10))
                polls += 1
            }
            task.cancel()
            let outcome = await task.value
            #expect(outcome.reply == nil)
            #expect(outcome.failure?.kind == .unavailable)
        }
    }

    @Test func aClosedPortIsUnavailable() async throws {
        // The port of a stub that has stopped: nothing listens there any more.
        let stub = try await OpenAIStub.with { $0 }
        let outcome = await Self.run(stub, model: "ok")
        #expect(outcome.failure?.kind == .unavailable)
        #expect(outcome.failure?.message == "POST \(stub.endpoint)/chat/completions: Connection refused")
    }

    @Test func aBadEndpointIsUnavailable() async {
        let invocation = AgentInvocation(kind: "openai", endpoint: "not a url", model: "ok", prompt: "hi")
        let outcome = await invocation.run(environment: [:], timeout: 5_000, outputCap: Self.cap)
        #expect(outcome.failure?.kind == .unavailable)
    }

    @Test func dryRunsShowTheURL() {
        let invocation = AgentInvocation(kind: "openai", endpoint: "http://127.0.0.1:9/v1/", model: "ok", prompt: "hi")
        #expect(invocation.arguments == ["POST", "http://127.0.0.1:9/v1/chat/completions"])
        #expect(invocation.input == nil)
    }

    // MARK: URL health checks

    @Test func urlHealthChecks() async throws {
        try await OpenAIStub.with { stub in
            #expect(await HTTPAgent.check(url: stub.root + "/health", timeoutMilliseconds: 10_000) == nil)
            #expect(await HTTPAgent.check(url: stub.root + "/sick", timeoutMilliseconds: 10_000) == "GET \(stub.root)/sick answered HTTP 503")
            #expect(await HTTPAgent.check(url: stub.root + "/slow", timeoutMilliseconds: 500)
                == "GET \(stub.root)/slow: no complete response within 0.5s")
        }
    }

    @Test func commandAndURLMustBothPass() async throws {
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        try await OpenAIStub.with { stub in
            #expect(await HealthCheck.run(command: ["true"], url: stub.root + "/health", timeoutMilliseconds: 10_000, environment: environment) == nil)
            #expect(await HealthCheck.run(command: [], url: stub.root + "/health", timeoutMilliseconds: 10_000, environment: environment) == nil)
            #expect(await HealthCheck.run(command: ["false"], url: stub.root + "/health", timeoutMilliseconds: 10_000, environment: environment)
                == "exit status 1")
            #expect(await HealthCheck.run(command: ["true"], url: stub.root + "/sick", timeoutMilliseconds: 10_000, environment: environment)
                == "GET \(stub.root)/sick answered HTTP 503")
            // No timeout means no check, as for commands.
            #expect(await HealthCheck.run(command: [], url: stub.root + "/sick", timeoutMilliseconds: 0, environment: environment) == nil)
        }
    }
}
