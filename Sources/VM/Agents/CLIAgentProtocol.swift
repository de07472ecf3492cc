/// How the VM runs any other command-line agent (`kind: cli`): the prompt on standard input
/// or as the last argument, the answer as plain text on standard output.
public enum CLIAgentProtocol {
    /// The arguments that follow the agent's command.
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
