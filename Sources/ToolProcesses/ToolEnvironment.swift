/// The environment a tool's process gets, the same at `aiwc tools sync` and in the VM: the
/// variables a program needs to find itself and its user's files, the secrets its
/// implementation names, then its own `env` (set last, so it wins). Nothing else of the
/// caller's environment reaches it.
public enum ToolEnvironment {
    /// The variables every child gets from its parent's environment.
    public static let passedThrough = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "TERM"]

    /// A tool process's whole environment.
    /// - Parameters:
    ///   - parent: The caller's environment, where pass-through variables and secrets are read.
    ///   - secrets: The implementation's `secrets`.
    ///   - fixed: The implementation's `env`.
    public static func make(from parent: [String: String], secrets: [String], fixed: [(name: String, value: String)]) -> [String: String] {
        var env: [String: String] = [:]
        for name in passedThrough + secrets {
            if let v = parent[name] { env[name] = v }
        }
        for (name, value) in fixed { env[name] = value }
        return env
    }
}
