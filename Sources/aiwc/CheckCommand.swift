import ArgumentParser
import Diagnostics
import Dispatch
import Sema

/// `aiwc check [PATH…]`: every structural check on workflow files.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check workflow files and report problems.",
        discussion: """
            PATH is a workflow file or a folder. A project folder (one holding .aiworkflow/) \
            contributes the Markdown files under .aiworkflow/workflows; other folders are \
            searched for Markdown files. `-` reads standard input (for editors and \
            pre-commit hooks; name it with --stdin-name). Without PATH: .aiworkflow/workflows.
            """
    )

    @Argument(help: "Workflow files or folders.")
    var paths: [String] = []

    @Option(name: .long, help: "Output format: human, json, sarif or github.")
    var format: OutputFormat = .human

    @Flag(name: .long, help: "Treat warnings as errors.")
    var werror = false

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Do not report this code (repeatable).", valueName: "CODE"))
    var ignore: [String] = []

    @Option(name: .long, help: "Colour in human output: auto, always or never.")
    var color: ColorChoice = .auto

    @Option(name: .long, help: ArgumentHelp("The file name to report for `-` (standard input).", valueName: "NAME"))
    var stdinName = "<stdin>"

    @Option(name: .long, help: ArgumentHelp("The project folder (or its .aiworkflow folder) whose agents and tools to check against, instead of the one found above each file.", valueName: "DIR"))
    var config: String?

    @Flag(name: .long, help: "Print every expression's type and every name's definition before the diagnostics (a debug view).")
    var dumpTypes = false

    @Flag(name: .long, help: "Print, for each workflow, which implementation of each tool the plan would use and why, and what the tools lock says of it.")
    var explainTools = false

    @Flag(name: .long, help: ArgumentHelp("Run only the structural checks (to measure the front end alone).", visibility: .hidden))
    var noSemantics = false

    /// The options that take a value (`--format json`), so that the value is not taken for a
    /// path when paths are split off before parsing (``AiwcCLI/splitCheckPaths(_:)``).
    static let optionsWithValues: Set<String> = ["--format", "--ignore", "--color", "--stdin-name", "--config"]

    func validate() throws {
        for code in ignore where DiagnosticCode(parsing: code)?.entry == nil {
            throw ValidationError("unknown diagnostic code '\(code)' for --ignore (see `aiwc explain --list`)")
        }
    }

    func execute(_ env: CLIEnvironment) -> Int32 {
        let files: [String]
        do {
            files = try WorkflowFiles.collect(paths.isEmpty ? [".aiworkflow/workflows"] : paths)
        } catch {
            env.stderr("aiwc: error: \(error)\n")
            return error.missing ? ExitStatus.usage : ExitStatus.internalError
        }
        if files.isEmpty {
            env.stderr("aiwc: error: no workflow files found in \(paths.isEmpty ? ".aiworkflow/workflows" : paths.joined(separator: ", "))\n")
            return ExitStatus.usage
        }
        let ignored = Set(ignore.compactMap { DiagnosticCode(parsing: $0) })
        var diagnostics: [Diagnostic] = []
        var registries: [ProjectRegistry?] = Array(repeating: nil, count: files.count)
        // Registries are semantic analysis; the front end alone does not read them.
        if !noSemantics {
            do throws(FileIO.Failure) {
                (registries, diagnostics) = try Self.registries(for: files, config: config, stdinName: stdinName)
            } catch {
                env.stderr("aiwc: error: \(error)\n")
                return error.missing ? ExitStatus.usage : ExitStatus.internalError
            }
        }
        let outcomes = CheckRun.check(
            files, stdinName: stdinName, checker: Checker(semantics: !noSemantics), registries: registries, dumpTypes: dumpTypes, explainTools: explainTools)
        var failures: [String] = []
        for outcome in outcomes {
            switch outcome {
            case .checked(let ds, let dump):
                diagnostics += ds
                if let dump { env.stdout(dump) }
            case .unreadable(let failure): failures.append(failure.description)
            }
        }
        diagnostics.removeAll { ignored.contains($0.code) }
        if werror {
            for i in diagnostics.indices where diagnostics[i].severity == .warning { diagnostics[i].severity = .error }
        }
        let useColor = switch color {
        case .always: true
        case .never: false
        case .auto: env.stdoutIsTerminal && env.variables["NO_COLOR"] == nil
        }
        let text = format.render(diagnostics, color: useColor, toolVersion: AiwcCLI.version)
        if !text.isEmpty { env.stdout(text) }
        for failure in failures { env.stderr("aiwc: error: cannot read \(failure)\n") }
        if !failures.isEmpty { return ExitStatus.internalError }
        return diagnostics.contains { $0.severity == .error } ? ExitStatus.problemsFound : ExitStatus.success
    }
}

extension CheckCommand {
    /// The registries of each file's project (found by walking up, or given with
    /// `--config`), each project read once, and the diagnostics of their files.
    static func registries(for files: [String], config: String?, stdinName: String) throws(FileIO.Failure) -> ([ProjectRegistry?], [Diagnostic]) {
        let found = try projects(for: files, config: config, stdinName: stdinName)
        return (found.registries, found.diagnostics)
    }

    /// Each file's configuration folder, the projects read, their registries and the
    /// diagnostics of the registry files.
    static func projects(for files: [String], config: String?, stdinName: String) throws(FileIO.Failure) -> FoundProjects {
        var projects = ProjectConfig()
        var folders: [String?] = []
        if let config {
            let folder = try ProjectConfig.explicitFolder(config)
            folders = Array(repeating: folder, count: files.count)
        } else {
            for file in files {
                // Standard input belongs to the project of the name it is given, if any, or
                // of the working folder.
                let path = file != "-" ? file : stdinName.hasPrefix("<") ? "stdin" : stdinName
                folders.append(try projects.folder(for: path))
            }
        }
        try projects.load(folders.compactMap { $0 })
        let registries = folders.map { $0.flatMap { projects.loaded[$0]?.registry } }
        let diagnostics = projects.loaded.keys.sorted().flatMap { projects.loaded[$0]?.diagnostics ?? [] }
        return (registries, diagnostics, folders, projects)
    }
}

/// Each file's configuration folder (nil: none), the projects read, each file's registries
/// and the diagnostics of the registry files.
typealias FoundProjects = (registries: [ProjectRegistry?], diagnostics: [Diagnostic], folders: [String?], projects: ProjectConfig)

/// When to colour human output.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

extension OutputFormat: ExpressibleByArgument {}

/// Reads and checks files on every core.
enum CheckRun {
    /// What happened to one file.
    enum Outcome: Sendable {
        /// It was checked; with `--dump-types`, the dump of its types.
        case checked([Diagnostic], dump: String?)
        /// It could not be read.
        case unreadable(FileIO.Failure)
    }

    /// Checks the files in parallel; the results are in the files' order.
    static func check(_ paths: [String], stdinName: String, checker: Checker, registries: [ProjectRegistry?] = [], dumpTypes: Bool = false,
                      explainTools: Bool = false) -> [Outcome] {
        var results = [Outcome](repeating: .checked([], dump: nil), count: paths.count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes only its own slot, so the writes never overlap.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: paths.count) { i in
                do throws(FileIO.Failure) {
                    let isStdin = paths[i] == "-"
                    let bytes = try FileIO.read(isStdin ? "/dev/stdin" : paths[i])
                    let file = SourceFile(path: isStdin ? stdinName : paths[i], bytes: bytes)
                    let registry = i < registries.count ? registries[i] : nil
                    if explainTools {
                        let (diagnostics, workflow) = checker.checkKeepingSyntax(file, registry: registry)
                        slots[i] = .checked(diagnostics, dump: workflow.map { ToolExplanation.render($0, registry: registry, file: file) })
                    } else if dumpTypes {
                        let (diagnostics, model) = checker.analyze(file, registry: registry)
                        slots[i] = .checked(diagnostics, dump: TypeDump.render(model, file: file))
                    } else {
                        slots[i] = .checked(checker.check(file, registry: registry), dump: nil)
                    }
                } catch {
                    slots[i] = .unreadable(error)
                }
            }
        }
        return results
    }
}
