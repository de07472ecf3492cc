import Diagnostics
import Sema

/// The JSON text a plan carries for each tool (tool settings word 6, docs/plan-format.md
/// §3): what the VM needs to call the chosen implementation beyond its command or URL.
///
/// `{"type", "secrets": [...], "env": {NAME: value}, "auth": {"type", "secret", "header"}, "operations":
/// {NAME: {"method", "path", "parameters": [{"name", "in"}], "body": {"fields": [...]} or
/// {"argument": "body"}}}}`: `auth`, `secrets` and `env` only when the registry gives them;
/// `operations` only for `openapi`, and only those the workflow calls, as the tools lock
/// describes them.
enum ToolBinding {
    static func text(_ i: ToolImplementation, synced: ToolLock.Implementation?, operations called: [String]) -> String {
        var fields: [(String, JSONValue)] = [("type", .string(i.type.rawValue))]
        if !i.secrets.isEmpty { fields.append(("secrets", .array(i.secrets.map(JSONValue.string)))) }
        if !i.environment.isEmpty { fields.append(("env", .object(i.environment.map { ($0.name, .string($0.value)) }))) }
        if let auth = i.auth {
            var a: [(String, JSONValue)] = [("type", .string(auth.kind.rawValue))]
            if let secret = auth.secret { a.append(("secret", .string(secret))) }
            if let header = auth.header { a.append(("header", .string(header))) }
            if let query = auth.query { a.append(("query", .string(query))) }
            fields.append(("auth", .object(a)))
        }
        if i.type == .openapi, let synced {
            var ops: [(String, JSONValue)] = []
            for name in Set(called).sorted() {
                guard let http = synced.operations[name]?.http else { continue }
                ops.append((name, ToolLock.json(http)))
            }
            fields.append(("operations", .object(ops)))
        }
        return JSONValue.object(fields).serialized()
    }
}
