import ArgumentParser

/// The `aiwc` command line as a function of its arguments and environment, returning the
/// exit status, so tests run it in-process.
enum AiwcCLI {
    /// The compiler's version.
    static let version = "0.1.0"

    /// Parses the arguments and runs the command.
    static func run(_ arguments: [String], environment env: CLIEnvironment) -> Int32 {
        do {
            var command = try Aiwc.parseAsRoot(arguments)
            switch command {
            case let c as CheckCommand: return c.execute(env)
            case let c as ExplainCommand: return c.execute(env)
            case let c as InitCommand: return c.execute(env)
            case let c as SchemaCommand: return c.execute(env)
            default:
                // `aiwc help check` parses to ArgumentParser's own help command, which
                // reports the help it wants shown by throwing.
                try command.run()
                return ExitStatus.success
            }
        } catch {
            // Help and version requests arrive as errors with a success status.
            var message = Aiwc.fullMessage(for: error)
            while message.hasSuffix("\n") { message.removeLast() }
            if Aiwc.exitCode(for: error) == .success {
                env.stdout(message + "\n")
                return ExitStatus.success
            }
            env.stderr(message + "\n")
            return ExitStatus.usage
        }
    }
}

/// The root command: subcommands only.
struct Aiwc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aiwc",
        abstract: "The AIWorkflow compiler: checks workflow files and explains diagnostics.",
        discussion: """
            Exit status: 0 no errors, 1 problems found, 2 bad command line, 3 internal error.
            Documentation: docs/cli.md, docs/language.md, docs/diagnostics.md.
            """,
        version: AiwcCLI.version,
        subcommands: [CheckCommand.self, ExplainCommand.self, InitCommand.self, SchemaCommand.self]
    )
}
