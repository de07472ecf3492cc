import Plan
import ToolProcesses

/// One call of a tool by its implementation (docs/tools.md §4): `exec` as a child process
/// with the arguments as JSON on standard input, MCP through the run's session with the
/// tool's server, OpenAPI as an HTTP request made from the binding. Each gives a value or
/// a typed failure, and, for the attempt's folder, what the tool answered.
struct ToolCallOutcome {
    var value: Value = .null
    var failure: AttemptFailure?
    /// The child process, for `exec`.
    var process: ChildProcess.Outcome?
    /// What the tool answered, as it answered it (MCP and OpenAPI).
    var answer: [UInt8]?
}

extension Machine {
    /// The environment of a tool's process: the pass-through variables and the secrets its
    /// implementation names (`secrets` in the registry), then its `env`; no others.
    func toolEnvironment(_ binding: ToolBinding) -> [String: String] {
        ToolEnvironment.make(from: setup.environment, secrets: binding.secrets, fixed: binding.environment)
    }

    func callExec(_ binding: ToolBinding, tool index: Int, operation: String, arguments: Value, timeout: UInt64) async -> ToolCallOutcome {
        let name = tables.string(tables.tools[index].id)
        let request = ChildProcess.Request(arguments: binding.command + [operation], environment: toolEnvironment(binding),
                                           input: Array(JSONWriter.write(arguments).utf8), timeoutMilliseconds: timeout, outputCap: setup.outputCap)
        var outcome = ToolCallOutcome()
        switch await ChildProcess.run(request) {
        case .failure(let f): outcome.failure = f
        case .success(let p):
            outcome.process = p
            if p.timedOut {
                outcome.failure = AttemptFailure(.timeout, "ran past its time limit of \(Self.seconds(Int64(clamping: timeout))); its process group was killed")
            } else if !p.end.succeeded {
                outcome.failure = AttemptFailure(.exit, "tool '\(name)' (exec) ended \(operation) with \(p.end)\(Self.tail(p.stderr))")
            } else if p.stdoutDropped > 0 {
                outcome.failure = AttemptFailure(.invalidOutput, "its output passed the \(setup.outputCap)-byte cap")
            } else {
                do throws(JSONError) {
                    outcome.value = try JSONReader.read(Self.trimmingNewlines(p.stdout))
                } catch {
                    outcome.failure = AttemptFailure(.invalidOutput, "its output is not JSON (\(error))")
                }
            }
        }
        return outcome
    }

    func callMCP(_ binding: ToolBinding, tool index: Int, operation: String, arguments: Value, timeout: UInt64, wantsJSON: Bool) async -> ToolCallOutcome {
        var outcome = ToolCallOutcome()
        let name = tables.string(tables.tools[index].id)
        guard !binding.command.isEmpty else {
            outcome.failure = AttemptFailure(.unavailable, "tool '\(name)' is a remote MCP server (url), which this VM does not call yet; run it locally with `command`")
            return outcome
        }
        // Starting the server and the call share the attempt's time limit.
        let started = ContinuousClock.now
        let session: MCPBridgeSession
        if let kept = toolRuntime.session(index) {
            session = kept
        } else {
            guard let bridge = HelperLocation.find("aiwvm-mcp", override: setup.environment["AIWVM_MCP"], path: setup.environment["PATH"]) else {
                outcome.failure = AttemptFailure(.unavailable, "tool '\(name)' needs aiwvm-mcp, the VM's MCP bridge, which is not beside aiwvm nor on PATH: install it beside aiwvm (it is built with it), or set AIWVM_MCP to its path")
                return outcome
            }
            do throws(ToolClientError) {
                session = try await MCPBridgeSession.start(bridge: bridge, command: binding.command, environment: toolEnvironment(binding), timeoutMilliseconds: timeout)
            } catch {
                outcome.failure = Self.failure(error, starting: true)
                return outcome
            }
            toolRuntime.keep(session, for: index)
        }
        let spent = started.duration(to: .now).components
        let left = max(1, Int64(clamping: timeout) - (spent.seconds * 1000 + spent.attoseconds / 1_000_000_000_000_000))
        let result: MCPCallResult
        do throws(ToolClientError) {
            result = try await session.call(operation, arguments: JSONWriter.write(arguments), timeoutMilliseconds: UInt64(left))
        } catch {
            // A server that hung or broke is not trusted with the next attempt; one that
            // refused the request with a JSON-RPC error is.
            if case .serverError = error {} else { toolRuntime.drop(index) }
            outcome.failure = Self.failure(error, starting: false)
            return outcome
        }
        outcome.answer = Array((result.structured ?? result.text).utf8)
        if result.isError {
            outcome.failure = AttemptFailure(.toolError, "tool '\(name)' answered with an error: \(AgentOutput.capped(Substring(result.text)))")
            return outcome
        }
        if let structured = result.structured {
            do throws(JSONError) {
                outcome.value = try JSONReader.read(structured)
            } catch {
                outcome.failure = AttemptFailure(.invalidOutput, "its structured content is not JSON (\(error))")
            }
        } else if wantsJSON {
            do throws(JSONError) {
                outcome.value = try JSONReader.read(result.text)
            } catch {
                outcome.failure = AttemptFailure(.invalidOutput, "it sent no structured content, and its text is not JSON (\(error))")
            }
        } else {
            outcome.value = .string(result.text)
        }
        return outcome
    }

    static func failure(_ error: ToolClientError, starting: Bool) -> AttemptFailure {
        switch error {
        case .cannotStart(let m): AttemptFailure(.unavailable, "the MCP server could not be started: \(m)")
        case .ended(let m): AttemptFailure(.unavailable, "the MCP server ended: \(m)")
        case .protocolError(let m): AttemptFailure(.invalidOutput, starting ? "the MCP handshake failed: \(m)" : m)
        case .timeout(let m): AttemptFailure(.timeout, "\(m); the server was stopped")
        case .tooLarge(let m): AttemptFailure(.invalidOutput, m)
        case .serverError(let m): AttemptFailure(.toolError, m)
        }
    }
}
