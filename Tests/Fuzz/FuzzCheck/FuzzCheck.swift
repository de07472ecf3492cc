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

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = SourceFile(path: "fuzz.md", bytes: Array(UnsafeBufferPointer(start: data, count: size)))
    let diags = Checker().check(file)
    let count = file.bytes.count
    for d in diags {
        checkSpan(d.range.span, count, "diagnostic", d)
        for note in d.notes {
            if let r = note.range { checkSpan(r.span, r.file.bytes.count, "note", d) }
        }
        for fix in d.fixIts {
            for edit in fix.edits { checkSpan(edit.span, count, "fix-it edit", d) }
        }
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
