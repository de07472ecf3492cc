import ArgumentParser
import Diagnostics
import Sema

/// `aiwc tools sync`: writes `.aiworkflow/tools/tools.lock.json` from the tools themselves.
struct ToolsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools",
        abstract: "Work with the project's tools (docs/tools.md).",
        subcommands: [ToolsSyncCommand.self]
    )
}

/// `aiwc tools sync [TOOL…] [--config DIR] [--check] [--timeout DURATION]`.
struct ToolsSyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Ask every registered tool for its operations and schemas, and write the tools lock.",
        discussion: """
            MCP servers are started and asked tools/list, OpenAPI specs are read, exec \
            programs are run with --describe. The lock (.aiworkflow/tools/tools.lock.json) is \
            sorted and holds no time, path or secret: commit it. An implementation that cannot \
            be reached keeps its previous entry and makes the exit status 1. With --check \
            nothing is written: the status is 1 when the lock is not what a sync would write.
            """
    )

    @Argument(help: "Tools to sync (default: all); the others keep their entries.")
    var tools: [String] = []

    @Option(name: .long, help: ArgumentHelp("The project folder (default: the nearest folder holding .aiworkflow).", valueName: "DIR"))
    var config: String?

    @Flag(name: .long, help: "Write nothing; exit 1 when the lock is out of date.")
    var check = false

    @Option(name: .long, help: ArgumentHelp("The longest one server or program may take to answer.", valueName: "DURATION"))
    var timeout: String = "60s"

    func execute(_ env: CLIEnvironment) -> Int32 {
        guard case .success(let limit) = Duration.parse(timeout), limit.milliseconds > 0 else {
            env.stderr("aiwc: error: --timeout '\(timeout)' is not a duration (30s, 2m)\n")
            return ExitStatus.usage
        }
        var projects = ProjectConfig()
        let folder: String
        do throws(FileIO.Failure) {
            let explicit: String? = if let config { try ProjectConfig.explicitFolder(config) } else { nil }
            let nearest: String? = explicit == nil ? try projects.folder(for: "workflow.md") : nil
            guard let found = explicit ?? nearest else {
                env.stderr("aiwc: error: no .aiworkflow folder here or above; run `aiwc init` or give --config\n")
                return ExitStatus.usage
            }
            folder = found
            try projects.load([folder])
        } catch {
            env.stderr("aiwc: error: \(error)\n")
            return ExitStatus.usage
        }
        guard let loaded = projects.loaded[folder], loaded.registry.toolsFile != nil else {
            env.stderr("aiwc: error: \(folder)/tools/registry.yaml does not exist: there are no tools to sync\n")
            return ExitStatus.usage
        }
        // Only the tool registry's own errors stop a sync (not the agents file's, nor the
        // lock's, which the sync replaces).
        let registryProblems = loaded.diagnostics.filter { $0.severity == .error && $0.range.file.path == loaded.registry.toolsFile?.path }
        if !registryProblems.isEmpty {
            env.stdout(OutputFormat.human.render(registryProblems, color: false, toolVersion: AiwcCLI.version))
            env.stderr("aiwc: the tool registry has errors; fix them, then sync\n")
            return ExitStatus.problemsFound
        }
        let unknown = tools.filter { loaded.registry.tools[$0] == nil }
        if !unknown.isEmpty {
            env.stderr("aiwc: error: not in the tool registry: \(unknown.joined(separator: ", "))\n")
            return ExitStatus.usage
        }
        let lockPath = folder + "/" + ToolLock.path
        let previous = (try? FileIO.read(lockPath)).map { String(decoding: $0, as: UTF8.self) }
        // `.aiworkflow` found in the working folder comes back as a bare relative name.
        let project = folder.contains("/") ? ProjectConfig.parent(of: folder) : "."
        let outcome: ToolsHelper.Outcome
        do throws(ToolsHelper.Failure) {
            outcome = try ToolsHelper.sync(folder: folder, project: project, only: tools,
                                           timeoutMilliseconds: limit.milliseconds, variables: env.variables)
        } catch {
            env.stderr("aiwc: error: \(error)\n")
            return ExitStatus.internalError
        }
        for line in outcome.synced { env.stdout("synced \(line)\n") }
        for line in outcome.notes { env.stdout("note: \(line)\n") }
        for line in outcome.failures { env.stderr("aiwc: error: cannot sync \(line)\n") }
        if check {
            guard previous == outcome.lockText else {
                env.stderr("aiwc: \(lockPath) is out of date: run `aiwc tools sync`\n")
                return ExitStatus.problemsFound
            }
            env.stdout("\(lockPath) is up to date\n")
            return outcome.failures.isEmpty ? ExitStatus.success : ExitStatus.problemsFound
        }
        if previous != outcome.lockText {
            do throws(FileIO.Failure) {
                try FileIO.replace(lockPath, with: Array(outcome.lockText.utf8))
            } catch {
                env.stderr("aiwc: error: cannot write \(error)\n")
                return ExitStatus.internalError
            }
            env.stdout("wrote \(lockPath)\n")
        } else {
            env.stdout("\(lockPath) unchanged\n")
        }
        return outcome.failures.isEmpty ? ExitStatus.success : ExitStatus.problemsFound
    }
}
