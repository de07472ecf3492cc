import Diagnostics
import Foundation
import MCP

/// JSON values for the lock: read from any JSON text or YAML node, written with sorted keys
/// so that the same tools give the same bytes.
enum LockJSON {
    /// Parses JSON text (through the MCP SDK's value type, which keeps integers apart
    /// from numbers and booleans apart from both).
    static func parse(_ text: String) -> JSONValue? {
        guard let value = try? JSONDecoder().decode(MCP.Value.self, from: Data(text.utf8)) else { return nil }
        return convert(value)
    }

    /// An MCP value as a JSON value, object keys sorted.
    static func convert(_ value: MCP.Value) -> JSONValue {
        switch value {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .double(let d): d.rounded() == d && abs(d) < 1e15 ? .int(Int(d)) : .double(d)
        case .string(let s): .string(s)
        case .data(let mime, let data): .string("data:\(mime ?? "application/octet-stream");base64,\(data.base64EncodedString())")
        case .array(let items): .array(items.map(convert))
        case .object(let fields): .object(fields.keys.sorted().map { ($0, convert(fields[$0]!)) })
        }
    }

    /// The value with every object's keys sorted, at every depth.
    static func sorted(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items): .array(items.map(sorted))
        case .object(let fields): .object(fields.sorted { $0.0 < $1.0 }.map { ($0.0, sorted($0.1)) })
        default: value
        }
    }

    /// The value with every `required` list sorted: OpenAPIKit keeps the required
    /// properties of a schema in a set, so their order changes from one run to the next.
    static func sortingRequired(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items): return .array(items.map(sortingRequired))
        case .object(let fields):
            return .object(fields.map { key, v in
                if key == "required", case .array(let names) = v, names.allSatisfy({ if case .string = $0 { true } else { false } }) {
                    return (key, .array(names.sorted { $0.serialized() < $1.serialized() }))
                }
                return (key, sortingRequired(v))
            })
        default: return value
        }
    }

    /// A member of an object.
    static func member(_ value: JSONValue?, _ key: String) -> JSONValue? {
        guard case .object(let fields)? = value else { return nil }
        return fields.first { $0.0 == key }?.1
    }
}
