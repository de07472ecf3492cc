// libFuzzer entry point over the VM's JSON reader (agent answers, `--inputs` files and
// `fromJSON` arguments are untrusted): whatever the bytes, reading ends in a value or an
// error, never a crash; a value read writes back to text that reads as the same value,
// and writing that value again gives the same text. Built only with AIW_FUZZ=1 and
// `-sanitize=fuzzer` (see scripts/fuzz).
import VM

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let value = try? JSONReader.read(bytes) else { return 0 }
    let text = JSONWriter.write(value)
    let again: Value
    do {
        again = try JSONReader.read(text)
    } catch {
        fatalError("the writer's text does not read back: \(error)\n\(text)")
    }
    guard again == value else { fatalError("the text reads back as another value:\n\(text)") }
    guard JSONWriter.write(again) == text else { fatalError("writing the same value twice differs:\n\(text)") }
    return 0
}

// SwiftPM links debug executables with `--defsym main=FuzzJSON_main` (so tests can import
// them), which hides libFuzzer's own `main`; this entry point hands control back to it.
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzJSON_main")
public func fuzzMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var argc = argc
    var argv = argv
    return runDriver(&argc, &argv) { fuzz($0, $1) }
}
