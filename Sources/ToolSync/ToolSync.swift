import Crypto
import Diagnostics
import Foundation
import Sema
import Syntax
import ToolClients
import ToolProcesses

/// `aiwc tools sync`: asks every implementation of every registered tool what it offers
/// and writes `.aiworkflow/tools/tools.lock.json` (docs/tools.md).
///
/// MCP servers are started and asked `tools/list`; OpenAPI documents are read from their
/// files; `exec` programs are run with `--describe`. The lock is deterministic: keys
/// sorted, no time, no absolute path, no secret; its `digest` is the SHA-256 of the compact
/// `tools` value. An implementation that cannot be reached keeps its previous entry, if it
/// had one, and is reported: nothing already known is lost.
public enum ToolSync {
    /// What one sync did.
    public struct Outcome: Sendable {
        /// The lock file's new text.
        public var lockText: String
        /// One line per implementation synced: tool, type, how many operations.
        public var synced: [String] = []
        /// Implementations that could not be synced, with why.
        public var failures: [String] = []
        /// Notes that are not failures (an OpenAPI endpoint without an operationId).
        public var notes: [String] = []
    }

    /// Syncs every tool of a registry.
    /// - Parameters:
    ///   - registry: The project's registry (its lock, if any, supplies entries for
    ///     implementations that cannot be reached).
    ///   - previousLock: The current lock file's text, if any.
    ///   - projectFolder: The folder that holds `.aiworkflow` (spec paths are relative to it).
    ///   - environment: aiwc's environment (pass-through variables and secrets).
    ///   - only: Tool ids to sync (empty: all); the others keep their entries.
    ///   - timeoutMilliseconds: How long one server or program may take to answer.
    public static func run(
        registry: ProjectRegistry, previousLock: String?, projectFolder: String, environment: [String: String],
        only: [String] = [], timeoutMilliseconds: UInt64 = 60_000
    ) async -> Outcome {
        let previous = previousLock.flatMap(LockJSON.parse)
        var outcome = Outcome(lockText: "")
        var tools: [(String, JSONValue)] = []
        for id in registry.tools.keys.sorted() {
            guard let tool = registry.tools[id] else { continue }
            var entries: [JSONValue] = []
            for implementation in tool.implementations {
                let keep = previousEntry(previous, tool: id, implementation)
                if !only.isEmpty, !only.contains(id) {
                    if let keep { entries.append(keep) }
                    continue
                }
                do throws(SyncFailure) {
                    let (operations, notes) = try await operations(of: implementation, projectFolder: projectFolder, environment: environment, timeout: timeoutMilliseconds)
                    entries.append(entry(implementation, operations: operations))
                    outcome.synced.append("\(id): \(implementation.type.rawValue), \(operations.count) operation\(operations.count == 1 ? "" : "s")")
                    outcome.notes += notes.map { "\(id): \($0)" }
                } catch {
                    outcome.failures.append("\(id) (\(implementation.type.rawValue)): \(error.message)\(keep == nil ? "" : "; its previous entry is kept")")
                    if let keep { entries.append(keep) }
                }
            }
            if !entries.isEmpty { tools.append((id, .object([("implementations", .array(entries))]))) }
        }
        let toolsValue = JSONValue.object(tools)
        let digest = SHA256.hash(data: Array(toolsValue.serialized().utf8)).map { String(format: "%02x", $0) }.joined()
        let lock = JSONValue.object([
            ("version", .int(ToolLock.version)),
            ("digest", .string("sha256:\(digest)")),
            ("tools", toolsValue),
        ])
        outcome.lockText = lock.serialized(indent: 2) + "\n"
        return outcome
    }

    /// A lock entry: the implementation's source settings and its operations.
    static func entry(_ i: ToolImplementation, operations: [(String, JSONValue)]) -> JSONValue {
        var fields: [(String, JSONValue)] = [("type", .string(i.type.rawValue))]
        fields += source(i)
        fields.append(("operations", .object(operations.sorted { $0.0 < $1.0 })))
        return .object(fields)
    }

    /// The settings an entry was synced from (``ImplementationSource``).
    static func source(_ i: ToolImplementation) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = []
        if !i.command.isEmpty { fields.append(("command", .array(i.command.map(JSONValue.string)))) }
        if let url = i.url { fields.append(("url", .string(url))) }
        if let spec = i.spec { fields.append(("spec", .string(spec))) }
        return fields
    }

    /// The previous lock's entry for an implementation with the same source, if any, with
    /// its keys in the order a sync writes them (the lock is read back with sorted keys).
    static func previousEntry(_ lock: JSONValue?, tool: String, _ i: ToolImplementation) -> JSONValue? {
        guard case .array(let entries)? = LockJSON.member(LockJSON.member(LockJSON.member(lock, "tools"), tool), "implementations") else { return nil }
        let wanted = source(i)
        let found = entries.first { entry in
            guard LockJSON.member(entry, "type") == .string(i.type.rawValue) else { return false }
            return ["command", "url", "spec"].allSatisfy { key in
                LockJSON.member(entry, key) == wanted.first { $0.0 == key }?.1
            }
        }
        guard case .object(let operations)? = LockJSON.member(found, "operations") else { return nil }
        return entry(i, operations: operations)
    }

    /// Asks one implementation for its operations.
    static func operations(of i: ToolImplementation, projectFolder: String, environment: [String: String], timeout: UInt64) async throws(SyncFailure) -> ([(String, JSONValue)], [String]) {
        let env = ToolEnvironment.make(from: environment, secrets: i.secrets, fixed: i.environment)
        switch i.type {
        case .mcp:
            guard !i.command.isEmpty else {
                throw SyncFailure("remote MCP servers (`url`) cannot be synced yet; run the server locally with `command`")
            }
            return (try await mcpOperations(i.command, env, timeout), [])
        case .exec:
            return (try execOperations(i.command, env, timeout), [])
        case .openapi:
            guard let spec = i.spec else { throw SyncFailure("no `spec`") }
            if spec.hasPrefix("http://") || spec.hasPrefix("https://") {
                throw SyncFailure("specs are read from files; download \(spec) into the project and name the file in `spec`")
            }
            let path = spec.hasPrefix("/") ? spec : projectFolder + "/" + spec
            guard let data = FileManager.default.contents(atPath: path) else { throw SyncFailure("cannot read the spec \(spec)") }
            let document = try OpenAPIImport.document(Array(data), path: spec)
            let (ops, skipped) = try OpenAPIImport.operations(document, path: spec)
            return (ops, skipped.map { "\($0) has no operationId, so workflows cannot call it" })
        }
    }

    static func mcpOperations(_ command: [String], _ env: [String: String], _ timeout: UInt64) async throws(SyncFailure) -> [(String, JSONValue)] {
        do throws(ToolClientError) {
            let session = try await MCPSession.start(command: command, environment: env, timeoutMilliseconds: timeout)
            defer { session.close() }
            let listed = try await session.operations(timeoutMilliseconds: timeout)
            return listed.map { op in
                var fields: [(String, JSONValue)] = []
                if !op.description.isEmpty { fields.append(("description", .string(op.description))) }
                fields.append(("input_schema", LockJSON.parse(op.inputSchema) ?? .object([])))
                if let output = op.outputSchema.flatMap(LockJSON.parse) { fields.append(("output_schema", output)) }
                return (op.name, .object(fields))
            }
        } catch {
            throw SyncFailure(error.message)
        }
    }

    /// Runs `COMMAND --describe` and reads `{"operations": {NAME: {description,
    /// input_schema, output_schema}}}` from its output.
    static func execOperations(_ command: [String], _ env: [String: String], _ timeout: UInt64) throws(SyncFailure) -> [(String, JSONValue)] {
        let output: String
        do throws(ToolClientError) {
            output = try ProgramRun.output(of: command + ["--describe"], environment: env, timeoutMilliseconds: timeout)
        } catch {
            throw SyncFailure(error.message)
        }
        guard let described = LockJSON.parse(output) else {
            throw SyncFailure("`\(command.joined(separator: " ")) --describe` did not print a JSON object")
        }
        guard case .object(let operations)? = LockJSON.member(described, "operations") else {
            throw SyncFailure("`--describe` printed no `operations` object")
        }
        return operations.map { name, op in
            var fields: [(String, JSONValue)] = []
            if case .string(let d)? = LockJSON.member(op, "description") { fields.append(("description", .string(d))) }
            fields.append(("input_schema", LockJSON.member(op, "input_schema") ?? .object([])))
            if let output = LockJSON.member(op, "output_schema") { fields.append(("output_schema", output)) }
            return (name, .object(fields))
        }
    }
}
