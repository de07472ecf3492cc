#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Diagnostics
import Migrate
import Sema

/// `aiwc migrate [PATH] (--out DIR | --in-place | --dry-run)`: a project of the earlier
/// Python aiworkflow (v0) in this format (docs/migrating.md).
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Translate a project written for aiworkflow 0.1 (v0) into this format.",
        discussion: """
            Every v0 workflow under PATH, and its aiworkflow.yaml, agents file, tool registry \
            and webhooks file, are translated; files already in this format are copied \
            unchanged. Every choice that loses or changes meaning is a diagnostic at the v0 \
            file's line (AIW7xx); the migrated workflows are then checked, and what remains \
            is reported. Exit status: 0 migrated and clean, 1 errors remain, 2 bad command \
            line, 3 a file could not be read or written.
            """
    )

    @Argument(help: "The project folder (default: the working folder).")
    var path: String = "."

    @Option(name: .long, help: ArgumentHelp("Write the migrated project into this new (or empty) folder.", valueName: "DIR"))
    var out: String?

    @Flag(name: .long, help: "Rewrite the files where they are, keeping each v0 original as FILE.v0.")
    var inPlace = false

    @Flag(name: .long, help: "Write nothing; print what would change as a unified diff.")
    var dryRun = false

    @Option(name: .long, help: "Colour in human output: auto, always or never.")
    var color: ColorChoice = .auto

    func execute(_ env: CLIEnvironment) -> Int32 {
        guard (out != nil) != inPlace || (dryRun && out == nil && !inPlace) else {
            env.stderr(out != nil && inPlace
                ? "aiwc: error: --out and --in-place exclude each other\n"
                : "aiwc: error: say where the migrated project goes: --out DIR or --in-place (or --dry-run to see the changes)\n")
            return ExitStatus.usage
        }
        guard FileIO.kind(path) == .directory else {
            env.stderr("aiwc: error: \(path) is not a folder (aiwc migrate takes a project folder)\n")
            return ExitStatus.usage
        }
        let root = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        var inputs: [ProjectMigration.InputFile] = []
        do throws(FileIO.Failure) {
            for relative in try Self.candidates(root, "", depth: 0) {
                let full = Self.join(root, relative)
                inputs.append(ProjectMigration.InputFile(path: relative, displayPath: full, bytes: try FileIO.read(full)))
            }
        } catch {
            env.stderr("aiwc: error: cannot read \(error)\n")
            return ExitStatus.internalError
        }
        let outcome = ProjectMigration.run(inputs)
        // What would stop a real run stops a dry run too, so that it predicts the status.
        if let out, FileIO.kind(out) == .directory, let entries = try? FileIO.list(out), !entries.isEmpty {
            env.stderr("aiwc: error: \(out) is not empty; give a new or empty folder to --out, or use --in-place\n")
            return ExitStatus.usage
        }
        guard outcome.files.contains(where: { $0.disposition != .unchanged }) || !outcome.diagnostics.isEmpty else {
            env.stdout("aiwc migrate: nothing to migrate in \(root): no v0 workflow or configuration file\n")
            if let out, !dryRun { return write(outcome, from: root, to: out, env) ?? ExitStatus.success }
            return ExitStatus.success
        }
        let target = out ?? root
        if inPlace {
            let clashes = Self.backupClashes(outcome, in: root)
            if !clashes.isEmpty {
                for clash in clashes { env.stderr("aiwc: error: \(clash) already exists; not overwriting a backup\n") }
                env.stderr("aiwc: nothing was written\n")
                return ExitStatus.usage
            }
        }
        if dryRun {
            for file in outcome.files where file.disposition != .unchanged {
                env.stdout(UnifiedDiff.make(old: String(decoding: file.original, as: UTF8.self), new: file.bytes.map { String(decoding: $0, as: UTF8.self) },
                                            from: "a/\(file.path)", to: "b/\(file.path)"))
            }
        } else if let out {
            if let failed = write(outcome, from: root, to: out, env) { return failed }
        } else if let failed = rewrite(outcome, in: root, env) {
            return failed
        }
        // What remains: the migrated files, checked as `aiwc check` would check them.
        // In a dry run the new text is nowhere on disk: its diagnostics name it as the diff
        // does (`b/PATH`), not as the v0 file at that path.
        let remaining = check(outcome, at: dryRun ? nil : target, lockFolder: root)
        let all = (outcome.diagnostics + remaining).sorted(by: Diagnostic.precedes)
        let useColor = switch color {
        case .always: true
        case .never: false
        case .auto: env.stdoutIsTerminal && env.variables["NO_COLOR"] == nil
        }
        let text = OutputFormat.human.render(all, color: useColor, toolVersion: AiwcCLI.version)
        if !text.isEmpty { env.stdout(text) }
        let workflows = outcome.files.filter { $0.isWorkflow && $0.disposition == .migrated }
        let configs = outcome.files.filter { !$0.isWorkflow && $0.disposition != .unchanged }
        let unchanged = outcome.files.filter { $0.disposition == .unchanged }
        let warnings = all.filter { $0.severity == .warning }.count
        let errors = all.filter { $0.severity == .error }.count
        let steps = workflows.reduce(0) { $0 + $1.steps }
        env.stdout("aiwc migrate: \(Self.count(workflows.count, "workflow")) (\(Self.count(steps, "step"))) and \(Self.count(configs.count, "configuration file")) "
            + "\(dryRun ? "would be " : "")migrated, \(Self.count(unchanged.count, "file")) unchanged\(dryRun ? "" : " into \(target)"); "
            + "\(Self.count(warnings, "warning")), \(Self.count(errors, "error")) remaining\n")
        return errors > 0 ? ExitStatus.problemsFound : ExitStatus.success
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    static func join(_ a: String, _ b: String) -> String {
        b.isEmpty ? a : a == "." ? b : a.hasSuffix("/") ? a + b : a + "/" + b
    }

    /// The files migration reads under a folder, relative to the project: Markdown files and
    /// the v0 configuration files, skipping hidden folders other than `.aiworkflow`, build
    /// folders and `node_modules`.
    static func candidates(_ root: String, _ relative: String, depth: Int) throws(FileIO.Failure) -> [String] {
        guard depth < 32 else { return [] }
        var out: [String] = []
        for name in try FileIO.list(join(root, relative)) {
            let child = relative.isEmpty ? name : relative + "/" + name
            switch FileIO.kind(join(root, child)) {
            case .directory:
                // A linked folder is not walked: a link to `.` or above would loop.
                guard name == ".aiworkflow" || (!name.hasPrefix(".") && name != "node_modules"), !FileIO.isLink(join(root, child)) else { continue }
                out += try candidates(root, child, depth: depth + 1)
            case .file where ProjectMigration.isCandidate(child):
                out.append(child)
            default: break
            }
        }
        return out
    }

    /// Every regular file under a folder, relative to the project, but for version-control
    /// and build folders, `node_modules`, and the folder being written (when it is inside).
    static func otherFiles(_ root: String, _ relative: String, skipping target: String, depth: Int) throws(FileIO.Failure) -> [String] {
        guard depth < 32 else { return [] }
        var out: [String] = []
        for name in try FileIO.list(join(root, relative)) {
            let child = relative.isEmpty ? name : relative + "/" + name
            let path = join(root, child)
            switch FileIO.kind(path) {
            case .directory:
                guard ![".git", ".hg", ".svn", ".build", "node_modules"].contains(name), !name.hasPrefix(".build-"), !FileIO.isLink(path),
                      ProjectConfig.normalize(absolutePath(path)) != ProjectConfig.normalize(absolutePath(target)) else { continue }
                out += try otherFiles(root, child, skipping: target, depth: depth + 1)
            case .file:
                out.append(child)
            default: break
            }
        }
        return out
    }

    private static func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: 4097)
        let cwd = getcwd(&buffer, buffer.count) != nil ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "/"
        return cwd + "/" + path
    }

    /// Writes the migrated project into a new folder.
    /// - Returns: A failing exit status, or nil.
    private func write(_ outcome: ProjectMigration.Outcome, from root: String, to folder: String, _ env: CLIEnvironment) -> Int32? {
        do throws(FileIO.Failure) {
            for file in outcome.files {
                guard let bytes = file.bytes else { continue }
                let path = Self.join(folder, file.path)
                if let slash = path.lastIndex(of: "/") { try FileIO.makeDirectories(String(path[..<slash])) }
                try FileIO.replace(path, with: bytes)
                if let mode = FileIO.mode(Self.join(root, file.path)) { try FileIO.setMode(path, mode) }
            }
            // The rest of the project comes along as it is (specs, adapters, the tools lock,
            // READMEs), so that the new folder is a whole project whose paths still resolve.
            let handled = Set(outcome.files.map(\.path))
            var copied = 0
            for relative in try Self.otherFiles(root, "", skipping: folder, depth: 0) where !handled.contains(relative) {
                let path = Self.join(folder, relative)
                if let slash = path.lastIndex(of: "/") { try FileIO.makeDirectories(String(path[..<slash])) }
                try FileIO.copy(Self.join(root, relative), to: path)
                copied += 1
            }
            if copied > 0 { env.stdout("aiwc migrate: \(Self.count(copied, "other file")) of the project copied as \(copied == 1 ? "it is" : "they are")\n") }
        } catch {
            env.stderr("aiwc: error: cannot write \(error)\n")
            return ExitStatus.internalError
        }
        return nil
    }

    /// Rewrites the files where they are, each v0 original kept as `FILE.v0` (a folded file
    /// is only moved there). Nothing is written when a backup already exists.
    private func rewrite(_ outcome: ProjectMigration.Outcome, in root: String, _ env: CLIEnvironment) -> Int32? {
        let changed = outcome.files.filter { $0.disposition != .unchanged }
        do throws(FileIO.Failure) {
            for file in changed {
                let path = Self.join(root, file.path)
                // The original itself becomes the backup (its mode too: a webhooks file
                // holding secrets stays private), then the new text takes its place and mode.
                let mode = FileIO.mode(path) ?? 0o644
                try FileIO.move(path, to: path + ".v0")
                if let bytes = file.bytes {
                    try FileIO.replace(path, with: bytes)
                    try FileIO.setMode(path, mode)
                }
            }
        } catch {
            env.stderr("aiwc: error: cannot write \(error)\n")
            return ExitStatus.internalError
        }
        return nil
    }

    /// The backups an in-place migration would write that exist already.
    static func backupClashes(_ outcome: ProjectMigration.Outcome, in root: String) -> [String] {
        outcome.files.filter { $0.disposition != .unchanged }.map { join(root, $0.path) + ".v0" }.filter { FileIO.kind($0) != .missing || FileIO.isLink($0) }
    }

    /// The diagnostics of `aiwc check` on the migrated workflows and configuration files,
    /// at their new paths.
    private func check(_ outcome: ProjectMigration.Outcome, at folder: String?, lockFolder: String) -> [Diagnostic] {
        func shown(_ path: String) -> String { folder.map { Self.join($0, path) } ?? "b/" + path }
        func file(_ path: String) -> SourceFile? {
            guard let f = outcome.files.first(where: { $0.path == path }), let bytes = f.bytes else { return nil }
            return SourceFile(path: shown(path), bytes: bytes)
        }
        let lockPath = Self.join(lockFolder, ".aiworkflow/" + ToolLock.path)
        let lock = (try? FileIO.read(lockPath)).map { SourceFile(path: lockPath, bytes: $0) }
        let agents = file(ProjectMigration.agentsPath), tools = file(ProjectMigration.toolsPath)
        let (registry, registryDiagnostics) = ProjectRegistry.load(agents: agents, tools: tools, lock: lock)
        let hasRegistry = agents != nil || tools != nil
        var found = registryDiagnostics.filter { d in
            outcome.files.contains { $0.disposition == .migrated && shown($0.path) == d.range.file.path }
        }
        let checker = Checker()
        for migrated in outcome.files where migrated.isWorkflow && migrated.disposition == .migrated {
            guard let source = file(migrated.path) else { continue }
            found += checker.check(source, registry: hasRegistry ? registry : nil)
        }
        return found
    }
}
