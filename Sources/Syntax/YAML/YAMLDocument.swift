import Diagnostics

/// Reads a whole file as one YAML document: the project's registry files
/// (`.aiworkflow/agents/capabilities.yaml`, `.aiworkflow/tools/registry.yaml`).
///
/// The same reader and limits as a workflow's frontmatter, so a registry file gets the same
/// syntax diagnostics (1xx codes) with spans in the file itself.
public enum YAMLDocument {
    /// Why a file could not be read as YAML; the diagnostics are already in the sink.
    public enum Failure: Error, Sendable, Equatable {
        /// The bytes are not UTF-8 text (AIW101) or hold a NUL (AIW102).
        case encoding
        /// The YAML is broken or exceeds the limits (AIW105, AIW106, AIW108).
        case syntax
    }

    /// Parses a file as one YAML document, reporting problems to the sink.
    /// - Parameters:
    ///   - file: The file; a leading byte-order mark is skipped.
    ///   - sink: Where diagnostics go; its file should be `file`.
    ///   - limits: Nesting, alias and size limits.
    /// - Returns: The root node (nil for a file with no content but comments and blank
    ///   lines), or why the file could not be read.
    public static func parse(_ file: SourceFile, into sink: inout DiagnosticSink, limits: YAMLLimits = YAMLLimits()) -> Result<YAMLNode?, Failure> {
        guard TextValidation.reportProblem(in: file, into: &sink) else { return .failure(.encoding) }
        let b = file.bytes
        let start = b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0
        let input = Array(b[start...])
        let reader = YAMLReader(input: input, map: InputMap(input: input, fileStart: start, fileEnd: b.count), limits: limits)
        switch reader.read(into: &sink) {
        case .document(let root): return .success(root)
        case .failed: return .failure(.syntax)
        }
    }
}
