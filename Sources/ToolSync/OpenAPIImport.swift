import Diagnostics
import Foundation
import OpenAPIKit
import Sema
import Syntax

/// The operations of an OpenAPI document (3.0 or 3.1, JSON or YAML) as lock entries: each
/// operationId with one input schema for all its arguments, the schema of its success
/// response, and how to make the call (`http`: method, path, where each argument goes).
///
/// Arguments are flat under `with`: the parameters by name, and the fields of a JSON
/// object body beside them; a body that is not an object with fields, or whose field
/// names clash with a parameter, is the one argument `body`.
enum OpenAPIImport {
    /// Reads a spec file's text into a document.
    static func document(_ bytes: [UInt8], path: String) throws(SyncFailure) -> OpenAPI.Document {
        let json: Data
        let trimmed = bytes.drop { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }
        if trimmed.first == UInt8(ascii: "{") {
            json = Data(bytes)
        } else {
            var sink = DiagnosticSink(file: SourceFile(path: path, bytes: bytes))
            var limits = YAMLLimits()
            limits.maxDepth = 256
            limits.maxNodes = 5_000_000
            guard case .success(let root?) = YAMLDocument.parse(SourceFile(path: path, bytes: bytes), into: &sink, limits: limits) else {
                let first = sink.diagnostics.first.map { ": line \($0.range.start.line): \($0.message)" } ?? ""
                throw SyncFailure("\(path) is neither JSON nor YAML\(first)")
            }
            json = Data(ToolLock.json(root, sortingKeys: true).serialized().utf8)
        }
        let version = (try? JSONDecoder().decode(VersionOnly.self, from: json))?.openapi ?? ""
        do {
            if version.hasPrefix("3.0") {
                return try OpenAPI30.document(json)
            }
            return try JSONDecoder().decode(OpenAPI.Document.self, from: json)
        } catch {
            throw SyncFailure("\(path) is not an OpenAPI 3.0 or 3.1 document: \(Self.describe(error))")
        }
    }

    /// The document's operations, by operationId; endpoints without one are listed apart.
    static func operations(_ document: OpenAPI.Document, path: String) throws(SyncFailure) -> (operations: [(String, JSONValue)], skipped: [String]) {
        let resolved: ResolvedDocument
        do {
            resolved = try document.locallyDereferenced().resolved()
        } catch {
            throw SyncFailure("\(path): a reference cannot be resolved: \(Self.describe(error))")
        }
        var found: [(String, JSONValue)] = []
        var skipped: [String] = []
        for endpoint in resolved.endpoints {
            let method = endpoint.method.rawValue.uppercased()
            guard let id = endpoint.operationId, !id.isEmpty else {
                skipped.append("\(method) \(endpoint.path.rawValue)")
                continue
            }
            found.append((id, operation(endpoint, method: method)))
        }
        return (found.sorted { $0.0 < $1.0 }, skipped)
    }

    private static func operation(_ endpoint: ResolvedEndpoint, method: String) -> JSONValue {
        var properties: [(String, JSONValue)] = []
        var required: [String] = []
        var parameters: [JSONValue] = []
        for p in endpoint.parameters {
            let name = p.name
            var schema = p.schemaOrContent.a.map { encode($0.schema.jsonSchema) } ?? .object([])
            if let description = p.underlyingParameter.description, LockJSON.member(schema, "description") == nil, case .object(var fields) = schema {
                fields.append(("description", .string(description)))
                schema = LockJSON.sorted(.object(fields))
            }
            properties.append((name, schema))
            if p.required { required.append(name) }
            parameters.append(.object([("in", .string(p.location.rawValue)), ("name", .string(name))]))
        }
        var body: JSONValue?
        if let request = endpoint.requestBody {
            let content = request.content[.json] ?? request.content.first?.value
            let schema = content?.schema.map { encode($0.jsonSchema) } ?? .object([])
            let fields: [(String, JSONValue)]? = if case .object(let f)? = LockJSON.member(schema, "properties") { f } else { nil }
            let taken = Set(properties.map(\.0))
            if let fields, !fields.isEmpty, fields.allSatisfy({ !taken.contains($0.0) }) {
                properties += fields
                if request.underlyingRequest.required, case .array(let names)? = LockJSON.member(schema, "required") {
                    required += names.compactMap { if case .string(let s) = $0 { s } else { nil } }
                }
                body = .object([("fields", .array(fields.map { .string($0.0) }))])
            } else {
                properties.append(("body", schema))
                if request.underlyingRequest.required { required.append("body") }
                body = .object([("argument", .string("body"))])
            }
        }
        var input: [(String, JSONValue)] = [("additionalProperties", .bool(false)), ("properties", .object(properties.sorted { $0.0 < $1.0 })), ("type", .string("object"))]
        if !required.isEmpty { input.append(("required", .array(required.sorted().map(JSONValue.string)))) }
        var http: [(String, JSONValue)] = [("method", .string(method)), ("parameters", .array(parameters)), ("path", .string(endpoint.path.rawValue))]
        if let body { http.insert(("body", body), at: 0) }
        var op: [(String, JSONValue)] = []
        let description = endpoint.endpointSummary ?? endpoint.endpointDescription ?? ""
        if !description.isEmpty { op.append(("description", .string(description))) }
        op.append(("http", .object(http)))
        op.append(("input_schema", LockJSON.sorted(.object(input))))
        if let output = successSchema(endpoint) { op.append(("output_schema", output)) }
        return .object(op)
    }

    /// The JSON schema of the first success response (2xx, lowest first; then `2XX`).
    private static func successSchema(_ endpoint: ResolvedEndpoint) -> JSONValue? {
        let successes = endpoint.responses.filter { $0.key.isSuccess }.sorted { $0.key.rawValue < $1.key.rawValue }
        for (_, response) in successes {
            if let schema = (response.content[.json] ?? response.content.first?.value)?.schema {
                return encode(schema.jsonSchema)
            }
        }
        return nil
    }

    /// A schema as JSON, keys sorted.
    private static func encode(_ schema: JSONSchema) -> JSONValue {
        guard let data = try? JSONEncoder().encode(schema), let value = LockJSON.parse(String(decoding: data, as: UTF8.self)) else {
            return .object([])
        }
        return LockJSON.sortingRequired(value)
    }

    /// A decoding error in a line: OpenAPIKit's errors carry a coding path.
    static func describe(_ error: any Error) -> String {
        if let e = error as? DecodingError {
            switch e {
            case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c):
                let at = c.codingPath.map(\.stringValue).joined(separator: ".")
                return at.isEmpty ? c.debugDescription : "at \(at): \(c.debugDescription)"
            @unknown default: break
            }
        }
        return String(describing: error).prefix(400).description
    }

    private struct VersionOnly: Decodable {
        var openapi: String?
    }
}

/// Why one tool could not be synced.
struct SyncFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
