import ArgumentParser

/// The `aiwc` command line as a function of its arguments and environment, returning the
/// exit status, so tests run it in-process.
enum AiwcCLI {
    /// The compiler's version.
    static let version = "0.1.0"

    /// Parses the arguments and runs the command.
    static func run(_ arguments: [String], environment env: CLIEnvironment) -> Int32 {
        do {
            let (options, paths) = splitCheckPaths(arguments)
            var command = try Aiwc.parseAsRoot(options)
            switch command {
            case var c as CheckCommand:
                c.paths += paths
                return c.execute(env)
            case let c as ExplainCommand: return c.execute(env)
            case let c as InitCommand: return c.execute(env)
            case let c as SchemaCommand: return c.execute(env)
            case let c as CompileCommand: return c.execute(env)
            case let c as VerifyCommand: return c.execute(env)
            case let c as DisasmCommand: return c.execute(env)
            case let c as KeygenCommand: return c.execute(env)
            case let c as SignCommand: return c.execute(env)
            case let c as GraphCommand: return c.execute(env)
            case let c as ToolsSyncCommand: return c.execute(env)
            case let c as MigrateCommand: return c.execute(env)
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

extension AiwcCLI {
    /// Takes the paths of `aiwc check` out of its arguments. ArgumentParser's work grows with
    /// the square of the number of positional values (each copies those before it), and
    /// `aiwc check` is routinely given thousands of files.
    /// - Returns: The arguments to parse, and the paths (empty for other commands).
    static func splitCheckPaths(_ arguments: [String]) -> (options: [String], paths: [String]) {
        guard arguments.first == "check" else { return (arguments, []) }
        var options = ["check"]
        var paths: [String] = []
        var i = 1
        while i < arguments.count {
            let arg = arguments[i]
            if arg == "--" {
                paths += arguments[(i + 1)...]
                break
            }
            if arg.hasPrefix("-"), arg != "-" {
                options.append(arg)
                if CheckCommand.optionsWithValues.contains(arg), i + 1 < arguments.count {
                    options.append(arguments[i + 1])
                    i += 1
                }
            } else {
                paths.append(arg)
            }
            i += 1
        }
        return (options, paths)
    }
}

/// The root command: subcommands only.
struct Aiwc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aiwc",
        abstract: "The AIWorkflow compiler: checks workflows, compiles them to plans and explains diagnostics.",
        discussion: """
            Exit status: 0 no errors, 1 problems found, 2 bad command line, 3 internal error.
            Documentation: docs/cli.md, docs/language.md, docs/diagnostics.md.
            """,
        version: AiwcCLI.version,
        subcommands: [
            CheckCommand.self, CompileCommand.self, VerifyCommand.self, DisasmCommand.self, GraphCommand.self,
            KeygenCommand.self, SignCommand.self,
            ExplainCommand.self, InitCommand.self, SchemaCommand.self, ToolsCommand.self, MigrateCommand.self,
        ]
    )
}
