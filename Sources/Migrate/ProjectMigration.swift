import Diagnostics
import Sema
import Syntax

/// `aiwc migrate` on a whole project (docs/migrating.md): every v0 workflow and v0
/// configuration file, translated; files already in this format, unchanged. The caller
/// reads and writes the files; this is a function of their contents.
public enum ProjectMigration {
    /// A file of the project.
    public struct InputFile: Sendable {
        /// Its path relative to the project folder (`.aiworkflow/workflows/x.md`).
        public var path: String
        /// The path diagnostics name (as the user wrote the project folder).
        public var displayPath: String
        public var bytes: [UInt8]

        /// A file.
        public init(path: String, displayPath: String, bytes: [UInt8]) {
            self.path = path
            self.displayPath = displayPath
            self.bytes = bytes
        }
    }

    /// What becomes of a file.
    public enum Disposition: Sendable, Equatable {
        /// Translated from v0.
        case migrated
        /// Already in this format: copied byte for byte.
        case unchanged
        /// A v0 file folded into others (`aiworkflow.yaml`, `triggers/webhooks.yaml`): it has
        /// no file of its own in this format.
        case folded
    }

    /// A file of the migrated project.
    public struct OutputFile: Sendable {
        public var path: String
        public var disposition: Disposition
        /// The file as it was.
        public var original: [UInt8]
        /// The file as it is now (nil for a folded file).
        public var bytes: [UInt8]?
        /// Whether it is a workflow (else a configuration file).
        public var isWorkflow: Bool
        /// Its steps, for a migrated workflow.
        public var steps: Int
    }

    /// The outcome: the files, and the diagnostics of the migration (at v0 files' lines).
    public struct Outcome: Sendable {
        public var files: [OutputFile] = []
        public var diagnostics: [Diagnostic] = []
    }

    /// The paths of the configuration files migration reads.
    public static let agentsPath = ".aiworkflow/agents/capabilities.yaml"
    public static let toolsPath = ".aiworkflow/tools/registry.yaml"
    public static let webhooksPath = ".aiworkflow/triggers/webhooks.yaml"
    public static let settingsPath = "aiworkflow.yaml"

    /// Whether a path is one migration reads: a Markdown file, or a configuration file.
    public static func isCandidate(_ path: String) -> Bool {
        path.hasSuffix(".md") || [agentsPath, toolsPath, webhooksPath, settingsPath].contains(path)
    }

    /// Whether a file has a line starting `workflow:` (bytes, not text: it may not be UTF-8).
    static func mentionsWorkflowKey(_ bytes: [UInt8]) -> Bool {
        let key = Array("\nworkflow:".utf8)
        guard bytes.count >= key.count else { return false }
        return (0...(bytes.count - key.count)).contains { bytes[$0..<($0 + key.count)].elementsEqual(key) }
    }

    /// Migrates a project's files.
    public static func run(_ files: [InputFile]) -> Outcome {
        var outcome = Outcome()
        var context = ProjectContext()
        let byPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        func source(_ f: InputFile) -> SourceFile { SourceFile(path: f.displayPath, bytes: f.bytes) }
        // aiworkflow.yaml first: its defaults apply everywhere.
        var toolTimeout: String?
        if let settings = byPath[settingsPath] {
            var issues = MigrationIssues(file: source(settings))
            if let root = ConfigMigration.read(source(settings), &issues) {
                toolTimeout = ConfigMigration.defaults(root, into: &context, &issues)
            }
            outcome.diagnostics += issues.diagnostics
            outcome.files.append(OutputFile(path: settings.path, disposition: .folded, original: settings.bytes, bytes: nil, isWorkflow: false, steps: 0))
        }
        // The agents file: its ids are the agents workflows may keep.
        if let agents = byPath[agentsPath] {
            var issues = MigrationIssues(file: source(agents))
            let root = ConfigMigration.read(source(agents), &issues)
            context.agents = Set((root?["agents"]?.mapping ?? []).map(\.key))
            if V0Format.isAgentsFile(root), let root {
                let text = ConfigMigration.agents(root, &issues)
                outcome.files.append(OutputFile(path: agents.path, disposition: .migrated, original: agents.bytes, bytes: Array(text.utf8), isWorkflow: false, steps: 0))
            } else {
                outcome.files.append(OutputFile(path: agents.path, disposition: .unchanged, original: agents.bytes, bytes: agents.bytes, isWorkflow: false, steps: 0))
            }
            outcome.diagnostics += issues.diagnostics
        }
        if let registry = byPath[toolsPath] {
            var issues = MigrationIssues(file: source(registry))
            let root = ConfigMigration.read(source(registry), &issues)
            if V0Format.isToolRegistry(root), let root {
                let text = ConfigMigration.registry(root, timeout: toolTimeout, &issues)
                outcome.files.append(OutputFile(path: registry.path, disposition: .migrated, original: registry.bytes, bytes: Array(text.utf8), isWorkflow: false, steps: 0))
            } else {
                outcome.files.append(OutputFile(path: registry.path, disposition: .unchanged, original: registry.bytes, bytes: registry.bytes, isWorkflow: false, steps: 0))
            }
            outcome.diagnostics += issues.diagnostics
        }
        // The workflows: v0 ones are read once, for their ids (webhooks name them) and then
        // translated.
        var v0: [(InputFile, V0Document)] = []
        for file in files.sorted(by: { $0.path < $1.path }) where file.path.hasSuffix(".md") {
            let document = V0Document(file: source(file))
            if document.isV0 {
                v0.append((file, document))
            } else if document.root?["name"] != nil {
                outcome.files.append(OutputFile(path: file.path, disposition: .unchanged, original: file.bytes, bytes: file.bytes, isWorkflow: true, steps: 0))
            } else if document.root == nil, file.bytes.starts(with: Array("---".utf8)), Self.mentionsWorkflowKey(file.bytes) {
                // Text that is not UTF-8, or holds a NUL: not read, but not passed over in silence.
                var issues = MigrationIssues(file: source(file))
                issues.report(.v0Unreadable, "this looks like a v0 workflow (a `workflow:` line in its frontmatter), but it cannot be read: it is not UTF-8 text, or holds a NUL byte; it is left as it is",
                              at: Span.point(0))
                outcome.diagnostics += issues.diagnostics
            }
        }
        if let webhooks = byPath[webhooksPath] {
            var issues = MigrationIssues(file: source(webhooks))
            if let root = ConfigMigration.read(source(webhooks), &issues) {
                let ids = Set(v0.compactMap { $0.1.root?["workflow"]?["id"]?.scalar?.text })
                ConfigMigration.webhooks(root, workflows: ids, into: &context, &issues)
            }
            outcome.diagnostics += issues.diagnostics
            outcome.files.append(OutputFile(path: webhooks.path, disposition: .folded, original: webhooks.bytes, bytes: nil, isWorkflow: false, steps: 0))
        }
        for (file, document) in v0 {
            var migration = WorkflowMigration(document: document, project: context)
            let text = migration.run()
            outcome.diagnostics += migration.issues.diagnostics
            outcome.files.append(OutputFile(path: file.path, disposition: .migrated, original: file.bytes, bytes: Array(text.utf8), isWorkflow: true, steps: migration.stepCount))
        }
        outcome.files.sort { $0.path < $1.path }
        outcome.diagnostics.sort(by: Diagnostic.precedes)
        return outcome
    }
}
