/// Finds the workflow files `aiwc check` is asked about.
///
/// A file is taken as named; `-` is standard input. A folder that is a project (it holds `.aiworkflow/`) gives only
/// the Markdown files under its `.aiworkflow/workflows` (not its README or docs); any other
/// folder is searched for Markdown files, treating the projects inside it the same way and
/// skipping hidden folders.
enum WorkflowFiles {
    /// The files, in the order given, folders expanded in sorted order, each path once.
    static func collect(_ paths: [String]) throws(FileIO.Failure) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        for path in paths {
            if path == "-" {
                if seen.insert(path).inserted { out.append(path) }
                continue
            }
            switch FileIO.kind(path) {
            case .file:
                if seen.insert(path).inserted { out.append(path) }
            case .directory:
                var found: [String] = []
                try walk(path, depth: 0, into: &found)
                for f in found where seen.insert(f).inserted { out.append(f) }
            case .missing:
                throw FileIO.Failure(path: path, reason: "no such file or folder", missing: true)
            case .unreadable:
                throw FileIO.Failure(path: path, reason: "cannot be examined")
            case .other:
                throw FileIO.Failure(path: path, reason: "not a regular file or folder", missing: true)
            }
        }
        return out
    }

    private static func join(_ a: String, _ b: String) -> String {
        a == "." ? b : a.hasSuffix("/") ? a + b : a + "/" + b
    }

    private static func walk(_ folder: String, depth: Int, into out: inout [String]) throws(FileIO.Failure) {
        guard depth < 32 else { return }
        let project = join(folder, ".aiworkflow")
        if FileIO.kind(project) == .directory {
            let workflows = join(project, "workflows")
            if FileIO.kind(workflows) == .directory { try markdown(under: workflows, depth: depth, into: &out) }
            return
        }
        for name in try FileIO.list(folder) where !name.hasPrefix(".") && name != "node_modules" {
            let path = join(folder, name)
            switch FileIO.kind(path) {
            case .directory: try walk(path, depth: depth + 1, into: &out)
            case .file where name.hasSuffix(".md"): out.append(path)
            default: break
            }
        }
    }

    private static func markdown(under folder: String, depth: Int, into out: inout [String]) throws(FileIO.Failure) {
        guard depth < 32 else { return }
        for name in try FileIO.list(folder) where !name.hasPrefix(".") && name != "node_modules" {
            let path = join(folder, name)
            switch FileIO.kind(path) {
            case .directory: try markdown(under: path, depth: depth + 1, into: &out)
            case .file where name.hasSuffix(".md"): out.append(path)
            default: break
            }
        }
    }
}
