import Foundation
import Subprocess
@testable import VM

/// The stand-in OpenAI-compatible server (Tests/Support/openai_stub.py) run as a real child
/// process on a loopback port of its own, and what it recorded of each request.
///
/// Started through Subprocess rather than Foundation's `Process`: Subprocess closes every
/// other descriptor in the child, so the stub cannot hold the write end of another test's
/// pipe (which kept the stand-in agent tests waiting for an end of file), and waiting for
/// the port does not block a thread of the small cooperative pool.
struct OpenAIStub: Sendable {
    /// Why the stub could not be started.
    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    let port: Int
    let record: URL

    /// The base URL an `openai` agent names.
    var endpoint: String { "http://127.0.0.1:\(port)/v1" }
    /// The server's root, for health URLs.
    var root: String { "http://127.0.0.1:\(port)" }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Support/openai_stub.py")

    /// The requests recorded so far, in order: `{method, path, headers, body}`.
    func requests() throws -> [Value] {
        guard let data = try? Data(contentsOf: record) else { return [] }
        var out: [Value] = []
        for line in data.split(separator: 10) { out.append(try JSONReader.read(Array(line))) }
        return out
    }

    /// Runs `body` with a fresh stub, which is stopped and its record removed afterwards,
    /// whatever happens.
    /// - Parameter script: The stub to run (the OpenAPI tools' stub shares the protocol:
    ///   its port on the first line, a record file of requests).
    static func with<R: Sendable>(script: URL = Self.script, _ body: (OpenAIStub) async throws -> R) async throws -> R {
        let record = FileManager.default.temporaryDirectory.appendingPathComponent("aiw-\(script.deletingPathExtension().lastPathComponent)-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: record) }
        // The lifetime bounds a stub whose test process died before it could stop it.
        let result = try await Subprocess.run(.name("python3"), arguments: [script.path, record.path, "--lifetime", "300"],
                                              input: .none, output: .sequence, error: .discarded) { execution in
            defer { try? execution.send(signal: .terminate) }
            var line: [UInt8] = []
            for try await buffer in execution.standardOutput {
                buffer.withUnsafeBytes { line.append(contentsOf: $0) }
                if line.contains(10) { break }
            }
            let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let port = Int(text) else { throw StartError(description: "the stub printed no port (\(text.debugDescription))") }
            return try await body(OpenAIStub(port: port, record: record))
        }
        return result.closureResult
    }
}
