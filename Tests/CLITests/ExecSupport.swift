import Foundation
import Testing

/// A throwaway project for `aiwvm exec` tests: agents that are the project's stand-in
/// agent (Tests/StandInAgent) with the options a test gives, workflows compiled by the real
/// `aiwc`, and a state folder of its own.
struct ExecProject {
    let root: URL
    var database: String { root.appendingPathComponent(".aiworkflow/state/aiwvm.db").path }
    var stateFolder: URL { root.appendingPathComponent(".aiworkflow/state") }
    var standIn: String { binDirectory.appendingPathComponent("aiw-agent-stand-in").path }

    /// A project whose agents file is `agents` (YAML under `agents:`; `STANDIN` is replaced
    /// by the stand-in's path, `ROOT` by the project's).
    init(agents: String = "") throws {
        root = try temporaryDirectory()
        let folder = root.appendingPathComponent(".aiworkflow/agents")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if !agents.isEmpty {
            let text = "agents:\n" + agents.replacingOccurrences(of: "STANDIN", with: standIn).replacingOccurrences(of: "ROOT", with: root.path)
            try text.write(to: folder.appendingPathComponent("capabilities.yaml"), atomically: true, encoding: .utf8)
        }
    }

    /// Writes a workflow (`ROOT` replaced by the project's path) and compiles it; gives the plan's path.
    func compile(_ name: String, _ source: String) throws -> String {
        let folder = root.appendingPathComponent(".aiworkflow/workflows")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("\(name).md")
        try source.replacingOccurrences(of: "ROOT", with: root.path).write(to: file, atomically: true, encoding: .utf8)
        let plan = root.appendingPathComponent("\(name).plan").path
        let r = try run(["compile", "-o", plan, file.path], in: root)
        #expect(r.status == 0, "aiwc compile: \(r.stderr)")
        return plan
    }

    /// Runs `aiwvm` in the project.
    func vm(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        try run(arguments, tool: "aiwvm", in: root, environment: environment)
    }

    /// The text of a file under the project.
    func read(_ relative: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)) ?? ""
    }

    /// The run id `aiwvm exec` announced on standard error.
    static func runID(_ stderr: String) -> String? {
        guard let range = stderr.range(of: "run ") else { return nil }
        let rest = stderr[range.upperBound...]
        return rest.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "\n" }).first.map(String.init)
    }

    /// `runs show --json` of a run, parsed.
    func show(_ id: String) throws -> [String: Any] {
        let r = try vm(["runs", "show", "--json", id])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    /// Every attempt of a run, from `runs show --json`.
    func attempts(_ id: String) throws -> [[String: Any]] {
        try show(id)["attempts"] as? [[String: Any]] ?? []
    }
}

/// A workflow's frontmatter and steps, for tests.
func workflowText(_ frontmatter: String, steps: String) -> String {
    "---\n\(frontmatter)\nversion: 1.0.0\n---\n\n# Test\n\nContext for every step.\n\n## Steps\n\n\(steps)\n"
}
