#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a command touches outside itself besides files, injected so that tests run the CLI
/// in-process: the output streams, whether output is a terminal, and the environment.
struct CLIEnvironment {
    /// Writes to standard output.
    var stdout: (String) -> Void
    /// Writes to standard error.
    var stderr: (String) -> Void
    /// Whether standard output is a terminal (colour is used only then).
    var stdoutIsTerminal: Bool
    /// Environment variables (NO_COLOR is honoured).
    var variables: [String: String]

    /// The real process: file descriptors 1 and 2.
    static func process() -> CLIEnvironment {
        var vars: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") { vars[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return CLIEnvironment(
            stdout: { FileIO.write($0, to: 1) },
            stderr: { FileIO.write($0, to: 2) },
            stdoutIsTerminal: isatty(1) == 1,
            variables: vars)
    }
}
