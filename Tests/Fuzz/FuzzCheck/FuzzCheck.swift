// libFuzzer entry point over the whole `aiwc check` pipeline: parse, every check, and all
// four renderers. Built only with AIW_FUZZ=1 and `-sanitize=fuzzer` (see scripts/fuzz).
import Diagnostics
import Sema

/// Traps unless `span` lies inside a file of `count` bytes.
private func checkSpan(_ span: Span, _ count: Int, _ what: String, _ d: Diagnostic) {
    if !(0 <= span.start && span.start <= span.end && span.end <= count) {
        fatalError("\(what) span \(span.start)..<\(span.end) outside 0...\(count) in \(d.code): \(d.message)")
    }
}

/// The registry files fuzzed workflows and locks are checked with.
private let agentsFile = SourceFile(path: "agents.yaml", text: """
        agents:
          claude-code: { kind: claude-code, capabilities: [tool_use, mcp, structured_output, reasoning] }
          opencode: { kind: opencode, capabilities: [tool_use] }
          local: { kind: openai, endpoint: "http://127.0.0.1:1/v1", models: [m], api_key_env: LOCAL_KEY }
        """)
private let toolsFile = SourceFile(path: "tools.yaml", text: """
        tools:
          clock: { implementations: [{ type: mcp, command: [uvx, mcp-server-time] }] }
          github: { implementations: [{ type: openapi, spec: s.json, base_url: "https://x", auth: { type: bearer, secret: GH } }] }
        """)
/// A tools lock for them, so that tool calls are checked against operations too.
private let lockFile = SourceFile(path: "tools.lock.json", text: """
        {"version": 1, "digest": "sha256:fuzz", "tools": {"clock": {"implementations": [{"type": "mcp", "command": ["uvx", "mcp-server-time"],
          "operations": {"now": {"input_schema": {"type": "object", "properties": {"zone": {"type": "string", "enum": ["UTC", "CET"]}, "n": {"type": "integer"}}, "required": ["zone"]},
                                 "output_schema": {"type": "object", "properties": {"iso": {"type": "string"}, "parts": {"type": "array", "items": {"type": "integer"}}}}}}}]}}}
        """)

/// A registry to check fuzzed workflows against, so that the registry checks run too.
private let projectRegistry = ProjectRegistry.load(agents: agentsFile, tools: toolsFile, lock: lockFile).registry

/// A workflow that names agents and tools, checked against fuzzed registries.
private let registryUser = SourceFile(path: "user.md", text: """
    ---
    name: user
    version: 1.0.0
    agent: { preferred: claude-code, fallback: [opencode, local], requires: [tool_use] }
    secrets: [GH, LOCAL_KEY]
    tools: [clock, github]
    ---
    ## Steps
    ### a: A
    ```action
    tool: clock.now
    ```
    ### b: B
    Summarise {{ steps.a.output }}.
    ```action
    output: { type: object, properties: { x: { type: string } } }
    ```
    """)

/// Traps unless every span of every diagnostic lies inside the file it names.
private func checkAll(_ diags: [Diagnostic]) {
    for d in diags {
        checkSpan(d.range.span, d.file.bytes.count, "diagnostic", d)
        for note in d.notes {
            if let r = note.range { checkSpan(r.span, r.file.bytes.count, "note", d) }
        }
        for fix in d.fixIts {
            for edit in fix.edits { checkSpan(edit.span, d.file.bytes.count, "fix-it edit", d) }
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Input that reads like a registry file is fuzzed as both registry files, then a
    // workflow is checked against what could be read of them.
    if bytes.starts(with: Array("agents:".utf8)) || bytes.starts(with: Array("tools:".utf8)) || bytes.starts(with: Array("version:".utf8)) {
        let (registry, diagnostics) = ProjectRegistry.load(
            agents: SourceFile(path: "agents.yaml", bytes: bytes), tools: SourceFile(path: "tools.yaml", bytes: bytes))
        checkAll(diagnostics)
        checkAll(Checker().check(registryUser, registry: registry))
        _ = OutputFormat.human.render(diagnostics, color: false, toolVersion: "fuzz")
        return 0
    }
    // Input that reads like JSON is fuzzed as the tools lock.
    if bytes.first == UInt8(ascii: "{") {
        let (registry, diagnostics) = ProjectRegistry.load(agents: agentsFile, tools: toolsFile, lock: SourceFile(path: "tools.lock.json", bytes: bytes))
        checkAll(diagnostics)
        checkAll(Checker().check(registryUser, registry: registry))
        return 0
    }
    let file = SourceFile(path: "fuzz.md", bytes: bytes)
    // With the semantic model recorded, as the language server and --dump-types use it.
    let (diags, model) = Checker().analyze(file, registry: projectRegistry)
    checkAll(diags)
    for node in model.nodes where !(0 <= node.span.start && node.span.start <= node.span.end && node.span.end <= file.bytes.count) {
        fatalError("typed node span \(node.span.start)..<\(node.span.end) outside 0...\(file.bytes.count)")
    }
    for format in OutputFormat.allCases where format != .json {
        _ = format.render(diags, color: false, toolVersion: "fuzz")
    }
    let json = OutputFormat.json.render(diags, toolVersion: "fuzz")
    if String(validating: Array(json.utf8), as: UTF8.self) == nil {
        fatalError("JSON output is not valid UTF-8")
    }
    return 0
}

// SwiftPM links debug executables with `--defsym main=FuzzCheck_main` (so tests can import
// them), which hides libFuzzer's own `main`; this entry point hands control back to it.
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzCheck_main")
public func fuzzMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var argc = argc
    var argv = argv
    return runDriver(&argc, &argv) { fuzz($0, $1) }
}
