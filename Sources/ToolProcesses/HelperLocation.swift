#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the toolchain's helper executables are: `aiwc-tools`, which `aiwc tools sync`
/// runs, and `aiwvm-mcp`, which the VM runs for MCP servers. They are built with aiwc and
/// aiwvm and installed beside them, so that the two main executables link no MCP SDK (it
/// brings Foundation's networking and libcurl, which load at every start).
public enum HelperLocation {
    /// The helper's path: `override` (an environment variable's value) when set, else the
    /// file beside the running executable (or beside the test runner, which swift build
    /// puts in the same folder), else the first one on `path`.
    /// - Parameters:
    ///   - name: The helper's file name.
    ///   - override: An explicit path, from the environment.
    ///   - path: The `PATH` to search last.
    public static func find(_ name: String, override: String?, path: String?) -> String? {
        if let override, !override.isEmpty { return override }
        if let own = runningExecutable() {
            let slash = own.lastIndex(of: "/") ?? own.startIndex
            let beside = String(own[..<slash]) + "/" + name
            if access(beside, X_OK) == 0 { return beside }
        }
        for folder in (path ?? "").split(separator: ":") where !folder.isEmpty {
            let candidate = folder + "/" + name
            if access(candidate, X_OK) == 0 { return String(candidate) }
        }
        return nil
    }

    /// The running executable's path: `/proc/self/exe` on Linux, the loader's answer on
    /// Darwin, else the command line's first word when it is a path.
    static func runningExecutable() -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        #if canImport(Darwin)
        var size = UInt32(buffer.count)
        if _NSGetExecutablePath(&buffer, &size) == 0 {
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        #else
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if n > 0 { return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        #endif
        let first = CommandLine.arguments.first ?? ""
        return first.contains("/") ? first : nil
    }
}
