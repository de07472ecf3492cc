import Plan

/// A tool's binding as the plan carries it (tool settings word 6, docs/plan-format.md §3),
/// read into what the calls need.
struct ToolBinding: Sendable {
    /// How one OpenAPI operation is called.
    struct HTTPOperation: Sendable {
        var method: String
        var path: String
        /// Each parameter's name and where it goes: `path`, `query`, `header` or `cookie`.
        var parameters: [(name: String, location: String)]
        /// The arguments that make up a JSON object body.
        var bodyFields: [String]?
        /// The argument that is the whole body.
        var bodyArgument: String?
    }

    /// `mcp`, `openapi` or `exec`.
    var type: String
    /// The tool's command (MCP over standard I/O, `exec`).
    var command: [String]
    /// The OpenAPI base URL or MCP endpoint.
    var url: String?
    /// Secrets passed to the tool's process as environment variables.
    var secrets: [String]
    /// Variables set for the tool's process (`env` in the registry).
    var environment: [(name: String, value: String)] = []
    /// `bearer`, `api_key` or `none`, with the secret and header.
    var authType: String?
    var authSecret: String?
    var authHeader: String?
    var authQuery: String?
    /// For `openapi`: the operations the workflow calls.
    var operations: [String: HTTPOperation]
    /// The tool's timeout per call, 0 for the step's.
    var timeoutMilliseconds: UInt64

    static func read(_ tool: PlanContents.Tool, tables: RunTables) -> Result<ToolBinding, AttemptFailure> {
        let id = tables.string(tool.id)
        var b = ToolBinding(
            type: tables.string(tool.implementation), command: tool.command.map { tables.string($0) },
            url: tool.url == PlanContents.none ? nil : tables.string(tool.url), secrets: [], operations: [:],
            timeoutMilliseconds: UInt64(tool.timeoutMilliseconds))
        guard tool.binding != PlanContents.none else {
            // A plan before format 0.5 carries no binding: an MCP or exec tool still works.
            return b.type == "openapi"
                ? .failure(AttemptFailure(.unavailable, "tool '\(id)' has no binding in the plan: compile the workflow again after `aiwc tools sync`"))
                : .success(b)
        }
        let value: Value
        do throws(JSONError) {
            value = try JSONReader.read(tables.string(tool.binding))
        } catch {
            return .failure(AttemptFailure(.unavailable, "tool '\(id)' has a binding that is not JSON (\(error)); compile the workflow again"))
        }
        if case .array(let s)? = value[field: "secrets"] { b.secrets = s.compactMap { if case .string(let t) = $0 { t } else { nil } } }
        if case .object(let e)? = value[field: "env"] { b.environment = e.compactMap { f in Self.text(f.value).map { (f.name, $0) } } }
        if let auth = value[field: "auth"] {
            b.authType = Self.text(auth[field: "type"])
            b.authSecret = Self.text(auth[field: "secret"])
            b.authHeader = Self.text(auth[field: "header"])
            b.authQuery = Self.text(auth[field: "query"])
        }
        if case .object(let ops)? = value[field: "operations"] {
            for op in ops {
                let parameters: [(String, String)] = if case .array(let ps)? = op.value[field: "parameters"] {
                    ps.compactMap { p in Self.text(p[field: "name"]).flatMap { n in Self.text(p[field: "in"]).map { (n, $0) } } }
                } else { [] }
                var fields: [String]?
                if case .array(let f)? = op.value[field: "body"]?[field: "fields"] { fields = f.compactMap(Self.text) }
                b.operations[op.name] = HTTPOperation(
                    method: Self.text(op.value[field: "method"]) ?? "GET", path: Self.text(op.value[field: "path"]) ?? "/",
                    parameters: parameters, bodyFields: fields, bodyArgument: Self.text(op.value[field: "body"]?[field: "argument"]))
            }
        }
        return .success(b)
    }

    static func text(_ v: Value?) -> String? {
        if case .string(let s)? = v { return s }
        return nil
    }
}
