/// How the VM runs any other command-line agent (`kind: cli`): the prompt on standard input,
/// as the last argument, or where the command's argument template says (`{prompt}`); the
/// answer as plain text on standard output.
public enum CLIAgentProtocol {
    /// The placeholder that an argument of a `cli` agent's `command` may hold.
    public static let placeholder = "{prompt}"

    /// The whole command line for a prompt, and whether the prompt also goes on standard
    /// input. An argument holding ``placeholder`` gets the prompt in its place (every
    /// occurrence, in every such argument: `--message={prompt}`), and the prompt goes
    /// nowhere else; without one, ``arguments(prompt:inArgument:)`` decides.
    /// - Parameters:
    ///   - command: The agents file's `command`: program and argument template.
    ///   - prompt: The prompt.
    ///   - inArgument: `prompt: argument` in the agents file.
    public static func commandLine(_ command: [String], prompt: String, inArgument: Bool) -> (arguments: [String], promptOnStandardInput: Bool) {
        // The program itself is never a template: a prompt must not choose what runs.
        guard command.dropFirst().contains(where: { $0.contains(placeholder) }) else {
            return (command + arguments(prompt: prompt, inArgument: inArgument), !inArgument)
        }
        let filled = command.enumerated().map { i, word in
            i == 0 || !word.contains(placeholder) ? word : Text.replace(word, placeholder, with: prompt)
        }
        return (filled, false)
    }

    /// The arguments that follow the agent's command when it holds no placeholder.
    /// - Parameters:
    ///   - prompt: The prompt.
    ///   - inArgument: Whether the agent takes the prompt as its last argument (`prompt:
    ///     argument` in the registry) rather than on standard input.
    /// - Returns: `[prompt]` when `inArgument`, else nothing.
    public static func arguments(prompt: String, inArgument: Bool) -> [String] {
        inArgument ? [prompt] : []
    }

    /// The reply of a finished agent process: its standard output as UTF-8 text, less one
    /// trailing newline (the one that ends the last line, which nobody means as part of the
    /// answer).
    /// - Parameters:
    ///   - stdout: Everything it wrote on standard output.
    ///   - end: How it ended.
    ///   - stderr: Everything it wrote on standard error (for messages only).
    /// - Returns: The answer; or `exit` with the last line of standard error when the
    ///   process did not exit with status 0; `invalid_output` when the output is not UTF-8
    ///   or holds nothing but white space.
    public static func reply(stdout: [UInt8], end: ProcessEnd, stderr: [UInt8]) -> Result<AgentReply, AttemptFailure> {
        guard end.succeeded else { return .failure(AgentOutput.exitFailure(end, stderr: stderr)) }
        if let bad = AgentOutput.firstInvalidUTF8(stdout) {
            return .failure(AttemptFailure(.invalidOutput, "standard output is not UTF-8 (byte \(bad))"))
        }
        var count = stdout.count
        if count > 0, stdout[count - 1] == 0x0A {
            count -= 1
            if count > 0, stdout[count - 1] == 0x0D { count -= 1 }
        }
        guard !AgentOutput.trimmed(stdout, 0..<count).isEmpty else {
            let what = stdout.isEmpty ? "the agent wrote nothing on standard output" : "the agent wrote only white space on standard output"
            return .failure(AttemptFailure(.invalidOutput, what))
        }
        return .success(AgentReply(text: String(decoding: stdout[0..<count], as: UTF8.self)))
    }
}
