import Diagnostics
import Syntax

/// `.aiworkflow/tools/tools.lock.json`: every operation of every registered tool
/// implementation with its schemas, as `aiwc tools sync` found them (docs/tools.md).
///
/// `aiwc check` and `compile` read only this file, never the tools themselves: the check is
/// offline and fast, and a change in a tool shows up as a change of the lock in review.
/// The file is JSON, read with the YAML reader (JSON is YAML), so that schemas are the same
/// nodes as a step's `output` schema and every problem has a line and column.
public struct ToolLock: Sendable {
    /// The lock format this version reads and writes.
    public static let version = 1
    /// Where the lock lives in a configuration folder.
    public static let path = "tools/tools.lock.json"

    /// One operation of an implementation.
    public struct Operation: Sendable {
        /// Its name: the MCP tool's name, the OpenAPI operationId, or the `exec` program's.
        public var name: String
        /// What it does.
        public var description: String
        /// The JSON Schema of its arguments (`with`), if it declares one.
        public var inputSchema: YAMLNode?
        /// The JSON Schema of its result, if it declares one.
        public var outputSchema: YAMLNode?
        /// For `openapi`: how the call is made (method, path, where each argument goes).
        public var http: YAMLNode?
    }

    /// What an implementation offered when it was synced, and what it was synced from.
    public struct Implementation: Sendable {
        /// `mcp`, `openapi` or `exec`.
        public var type: ImplementationType
        /// The registry settings it was synced from (`command`, `url`, `spec`, `base_url`):
        /// when they no longer match the registry, the lock is out of date.
        public var source: ImplementationSource
        /// Its operations, by name.
        public var operations: [String: Operation]
    }

    /// The tools, by id.
    public var tools: [String: [Implementation]] = [:]
    /// The lock file.
    public var file: SourceFile?

    /// Creates an empty lock.
    public init() {}

    /// The synced implementation that matches a registry implementation, if any.
    public func implementation(of tool: String, matching registered: ToolImplementation) -> Implementation? {
        tools[tool]?.first { $0.type == registered.type && $0.source == ImplementationSource(registered) }
    }

    /// Reads a lock file.
    /// - Returns: The lock (empty where unreadable) and its problems (AIW407).
    public static func read(_ file: SourceFile, limits: YAMLLimits = YAMLLimits()) -> (lock: ToolLock, diagnostics: [Diagnostic]) {
        var sink = DiagnosticSink(file: file)
        var lock = ToolLock()
        lock.file = file
        guard case .success(let parsed) = YAMLDocument.parse(file, into: &sink, limits: limits) else {
            return (lock, sink.diagnostics)
        }
        guard let root = parsed, root.mapping != nil else {
            sink.report(.invalidToolLock, "the tools lock must be a JSON object", at: parsed?.span ?? .point(0),
                        help: ["run `aiwc tools sync` to write it again"])
            return (lock, sink.diagnostics)
        }
        guard let v = root["version"]?.scalar, v.text == String(version) else {
            sink.report(.invalidToolLock, "the tools lock has no version \(version) (found \(root["version"]?.scalar?.text ?? "none"))",
                        at: root["version"]?.span ?? root.span, help: ["run `aiwc tools sync` with this version of aiwc"])
            return (lock, sink.diagnostics)
        }
        for tool in root["tools"]?.mapping ?? [] {
            var implementations: [Implementation] = []
            for node in tool.value["implementations"]?.sequence ?? [] {
                guard let typeText = node["type"]?.scalar?.text, let type = ImplementationType(rawValue: typeText) else {
                    sink.report(.invalidToolLock, "an implementation of tool '\(tool.key)' has no known type", at: node.span,
                                help: ["run `aiwc tools sync` to write the lock again"])
                    continue
                }
                var operations: [String: Operation] = [:]
                for op in node["operations"]?.mapping ?? [] {
                    operations[op.key] = Operation(
                        name: op.key, description: op.value["description"]?.scalar?.text ?? "",
                        inputSchema: op.value["input_schema"], outputSchema: op.value["output_schema"], http: op.value["http"])
                }
                implementations.append(Implementation(type: type, source: ImplementationSource(node), operations: operations))
            }
            lock.tools[tool.key] = implementations
        }
        return (lock, sink.diagnostics)
    }
}

extension ToolLock {
    /// A node of the lock (or of any YAML read as JSON) as a JSON value.
    /// - Parameter sortingKeys: Whether each object's keys are sorted (for bytes that do
    ///   not depend on how the source ordered them), or kept in the source's order.
    public static func json(_ node: YAMLNode, sortingKeys: Bool = false) -> JSONValue {
        switch node.kind {
        case .scalar(let s):
            switch s.resolved {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .int(let n): return n.map(JSONValue.int) ?? .string(s.text)
            case .float(let d): return .double(d)
            case .string: return .string(s.text)
            }
        case .sequence(let items): return .array(items.map { json($0, sortingKeys: sortingKeys) })
        case .mapping(let pairs):
            let ordered = sortingKeys ? pairs.sorted { $0.key < $1.key } : pairs
            return .object(ordered.map { ($0.key, json($0.value, sortingKeys: sortingKeys)) })
        }
    }
}

/// The registry settings that say what an implementation offers: what a lock entry was
/// synced from. An OpenAPI `base_url` is not among them: the same API is called on a test
/// server and in production, and the spec alone says what it offers.
public struct ImplementationSource: Sendable, Equatable {
    /// `command`.
    public var command: [String]
    /// `url`.
    public var url: String?
    /// `spec`.
    public var spec: String?

    /// The source of a registry implementation.
    public init(_ i: ToolImplementation) {
        command = i.command
        url = i.url
        spec = i.spec
    }

    /// The source recorded in a lock entry.
    init(_ node: YAMLNode) {
        command = (node["command"]?.sequence ?? []).compactMap { $0.scalar?.text }
        url = node["url"]?.scalar?.text
        spec = node["spec"]?.scalar?.text
    }
}
