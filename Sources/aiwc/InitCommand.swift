import ArgumentParser

/// `aiwc init [DIR]`: scaffolds `.aiworkflow/` with agents, tools and a first workflow.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create .aiworkflow/ with an agents file, a tool registry and a hello workflow.",
        discussion: "Refuses to overwrite: when any of the files exists, nothing is written."
    )

    @Argument(help: "The project folder (created if missing).")
    var directory: String = "."

    func execute(_ env: CLIEnvironment) -> Int32 {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let targets = Scaffold.files.map { (path: base == "." ? $0.path : base + "/" + $0.path, contents: $0.contents) }
        let existing = targets.filter { FileIO.kind($0.path) != .missing }
        if !existing.isEmpty {
            for t in existing { env.stderr("aiwc: error: \(t.path) already exists; not overwriting it\n") }
            env.stderr("aiwc: nothing was written\n")
            return ExitStatus.problemsFound
        }
        do {
            for t in targets {
                if let slash = t.path.lastIndex(of: "/") { try FileIO.makeDirectories(String(t.path[..<slash])) }
                try FileIO.create(t.path, contents: t.contents)
                env.stdout("created \(t.path)\n")
            }
        } catch {
            env.stderr("aiwc: error: \(error)\n")
            return ExitStatus.internalError
        }
        env.stdout("next: aiwc check \(base == "." ? "" : base)\n".replacing(" \n", with: "\n"))
        return ExitStatus.success
    }
}
