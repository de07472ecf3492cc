// libFuzzer entry point over `aiwc migrate` (docs/migrating.md): the input is migrated as a
// v0 workflow, and as each v0 configuration file, beside the project's other files; every
// diagnostic must point inside its file, and what the migration writes must read back as
// YAML frontmatter. Built only with AIW_FUZZ=1 and `-sanitize=fuzzer` (see scripts/fuzz).
import Diagnostics
import Migrate
import Syntax

/// Traps unless `span` lies inside a file of `count` bytes.
private func checkSpan(_ d: Diagnostic) {
    let span = d.range.span, count = d.range.file.bytes.count
    if !(0 <= span.start && span.start <= span.end && span.end <= count) {
        fatalError("span \(span.start)..<\(span.end) outside 0...\(count) in \(d.code): \(d.message)")
    }
}

/// A small v0 project the fuzzed file joins.
private let companions: [ProjectMigration.InputFile] = [
    ("aiworkflow.yaml", "agent: { primary: claude-code, fallback: [opencode] }\ntools: { timeout: 30s, retry_policy: { max_attempts: 3 } }\n"),
    (".aiworkflow/agents/capabilities.yaml", "agents:\n  claude-code: { provider: anthropic, capabilities: { tool_calling: native } }\n"),
    (".aiworkflow/triggers/webhooks.yaml", "webhooks:\n  - { id: h, path: /h, workflow_id: fuzz, secret: abc }\n"),
].map { ProjectMigration.InputFile(path: $0.0, displayPath: $0.0, bytes: Array($0.1.utf8)) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for path in [".aiworkflow/workflows/fuzz.md", ".aiworkflow/tools/registry.yaml", ".aiworkflow/agents/capabilities.yaml",
                 ".aiworkflow/triggers/webhooks.yaml", "aiworkflow.yaml"] {
        var files = companions.filter { $0.path != path }
        files.append(ProjectMigration.InputFile(path: path, displayPath: path, bytes: bytes))
        let outcome = ProjectMigration.run(files)
        for d in outcome.diagnostics { checkSpan(d) }
        for file in outcome.files {
            guard let out = file.bytes else { continue }
            guard file.disposition == .migrated, file.isWorkflow else { continue }
            if !String(decoding: out, as: UTF8.self).hasPrefix("---\nname: ") {
                fatalError("a migrated workflow does not start with its name: \(String(decoding: out.prefix(80), as: UTF8.self))")
            }
            // What migration writes is YAML that reads back.
            var sink = DiagnosticSink(file: SourceFile(path: file.path, bytes: out))
            let parsed = WorkflowParser.parse(SourceFile(path: file.path, bytes: out), into: &sink)
            if parsed?.frontmatter?.isBroken != false || parsed?.frontmatter?.root?["name"] == nil {
                fatalError("a migrated workflow's frontmatter does not read back: \(String(decoding: out.prefix(400), as: UTF8.self))")
            }
        }
        // Migrating the result changes nothing.
        let again = ProjectMigration.run(outcome.files.compactMap { f in
            f.bytes.map { ProjectMigration.InputFile(path: f.path, displayPath: f.path, bytes: $0) }
        })
        for file in again.files where file.disposition == .migrated && file.isWorkflow {
            fatalError("a migrated workflow was migrated again: \(file.path)")
        }
    }
    return 0
}

// SwiftPM links debug executables with `--defsym main=FuzzMigrate_main` (so tests can import
// them), which hides libFuzzer's own `main`; this entry point hands control back to it.
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzMigrate_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runDriver(&argc, &argv) { fuzz($0, $1) }
}
