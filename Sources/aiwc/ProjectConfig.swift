#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics
import Dispatch
import Sema

/// Finds the `.aiworkflow/` folder whose registries govern a workflow file, and loads each
/// such folder once: the nearest ancestor folder of the file that holds `.aiworkflow/`, or
/// the folder given with `--config`.
struct ProjectConfig {
    /// One loaded configuration folder.
    struct Loaded: Sendable {
        /// The registries.
        var registry: ProjectRegistry
        /// The diagnostics of its files.
        var diagnostics: [Diagnostic]
    }

    /// The working folder, absolute, for walking up from relative paths.
    private let cwd: String
    /// Loaded folders, by path.
    private(set) var loaded: [String: Loaded] = [:]
    /// Which folder each walked-up directory resolved to (nil: none), so sibling files
    /// do not repeat the walk.
    private var resolved: [String: String?] = [:]
    /// The answer of ``folder(for:)`` by the folder part of the path as given.
    private var byWrittenFolder: [String: String?] = [:]

    init() {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let physical = getcwd(&buffer, buffer.count) != nil
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "/"
        // The walk up is lexical (a workflow reached through a link belongs to the project the
        // link is in), so the working folder is the one the shell names ($PWD) when that is
        // the same folder, not the physical path getcwd gives.
        if let pwd = getenv("PWD").map({ String(cString: $0) }), pwd.hasPrefix("/"), Self.sameFolder(pwd, physical) {
            cwd = pwd
        } else {
            cwd = physical
        }
    }

    private static func sameFolder(_ a: String, _ b: String) -> Bool {
        var x = stat()
        var y = stat()
        return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino
    }

    /// The `.aiworkflow` folder for `--config DIR`: DIR itself, or DIR/.aiworkflow.
    static func explicitFolder(_ dir: String) throws(FileIO.Failure) -> String {
        let nested = join(dir, ".aiworkflow")
        if FileIO.kind(nested) == .directory { return nested }
        guard FileIO.kind(dir) == .directory else {
            throw FileIO.Failure(path: dir, reason: "no such folder (--config names a project folder or its .aiworkflow folder)", missing: true)
        }
        guard FileIO.kind(join(dir, "agents")) == .directory || FileIO.kind(join(dir, "tools")) == .directory else {
            throw FileIO.Failure(path: dir, reason: "holds neither .aiworkflow/ nor agents/ or tools/ (--config names a project folder or its .aiworkflow folder)", missing: true)
        }
        return dir
    }

    /// The configuration folder of a workflow file, if any (``load(_:)`` reads it).
    /// - Parameter path: The workflow file; for standard input, a path in the folder to search from.
    mutating func folder(for path: String) throws(FileIO.Failure) -> String? {
        // Files of one folder (the usual case: thousands of files from a few folders) are
        // resolved once, by the folder as written.
        let written = Self.parent(of: path.hasPrefix("/") ? path : "./" + path)
        if let known = byWrittenFolder[written] { return known }
        let found = try walk(from: Self.parent(of: absolute(path)))
        byWrittenFolder[written] = found
        return found
    }

    private mutating func walk(from start: String) throws(FileIO.Failure) -> String? {
        var dir = start
        var walked: [String] = []
        var found: String?
        while true {
            if let known = resolved[dir] {
                found = known
                break
            }
            walked.append(dir)
            let candidate = Self.join(dir, ".aiworkflow")
            if FileIO.kind(candidate) == .directory {
                found = candidate
                break
            }
            guard dir != "/" else { break }
            dir = Self.parent(of: dir)
        }
        for d in walked { resolved[d] = found }
        return found.map(relative)
    }

    /// Loads configuration folders' registry files (each once), the folders in parallel.
    mutating func load(_ folders: [String]) throws(FileIO.Failure) {
        let pending = Set(folders).filter { loaded[$0] == nil }.sorted()
        var results = [Result<Loaded, FileIO.Failure>?](repeating: nil, count: pending.count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes only its own slot.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: pending.count) { i in
                slots[i] = Result { () throws(FileIO.Failure) in try Self.loadFolder(pending[i]) }
            }
        }
        for (folder, result) in zip(pending, results) {
            guard let result else { continue }
            loaded[folder] = try result.get()
        }
    }

    private static func loadFolder(_ folder: String) throws(FileIO.Failure) -> Loaded {
        let agents = try read(join(folder, "agents/capabilities.yaml"))
        let tools = try read(join(folder, "tools/registry.yaml"))
        let lock = try read(join(folder, ToolLock.path))
        let (registry, diagnostics) = ProjectRegistry.load(agents: agents, tools: tools, lock: lock)
        return Loaded(registry: registry, diagnostics: diagnostics)
    }

    private static func read(_ path: String) throws(FileIO.Failure) -> SourceFile? {
        switch FileIO.kind(path) {
        case .missing: return nil
        case .directory, .other:
            // A mistake in the project, not in aiwc: a usage error (status 2), like a bad --config.
            throw FileIO.Failure(path: path, reason: "is not a regular file (a registry file must be YAML text)", missing: true)
        default: break
        }
        return SourceFile(path: path, bytes: try FileIO.read(path))
    }

    // MARK: Paths

    /// A file's path relative to the project that a configuration folder belongs to (the
    /// folder holding `.aiworkflow`), or its bare name when it lies outside: plans hold no
    /// absolute path, so they are the same bytes from any working folder.
    func projectPath(of file: String, folder: String?) -> String {
        let path = absolute(file)
        if let folder {
            let project = Self.parent(of: absolute(folder))
            let prefix = project.hasSuffix("/") ? project : project + "/"
            if path.hasPrefix(prefix) { return String(path.dropFirst(prefix.count)) }
        }
        return String(path.split(separator: "/").last ?? "workflow.md")
    }

    private func absolute(_ path: String) -> String {
        Self.normalize(path.hasPrefix("/") ? path : Self.join(cwd, path))
    }

    /// A path under the working folder is shown relative to it, as the user typed paths.
    private func relative(_ path: String) -> String {
        if path == cwd { return "." }
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    static func join(_ a: String, _ b: String) -> String {
        a == "." ? b : a.hasSuffix("/") ? a + b : a + "/" + b
    }

    /// Removes `.`, `..` and repeated slashes from an absolute path (lexically: a workflow
    /// reached through a symbolic link belongs to the project the link is in).
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func parent(of path: String) -> String {
        // On the UTF-8 bytes: this runs once per file checked.
        let bytes = path.utf8
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "/" }
        return slash == bytes.startIndex ? "/" : String(decoding: bytes[..<slash], as: UTF8.self)
    }
}
