// libFuzzer entry point over what the VM reads from agents (their output is untrusted:
// garbage, truncated JSON, invalid UTF-8, huge numbers): the Claude Code, OpenCode and CLI
// protocol readers, and the redactor that every recorded byte passes through. Whatever the
// bytes, a reader ends in a reply or a typed failure, never a crash; a reply's message and
// a failure's message are bounded; redacting removes every occurrence of the secret.
// Built only with AIW_FUZZ=1 and `-sanitize=fuzzer` (see scripts/fuzz).
import VM

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    // The first byte picks the reader and how the process ended; the rest is its stdout,
    // split at the first NUL into stdout and stderr.
    let selector = data[0]
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let cut = body.firstIndex(of: 0) ?? body.count
    let stdout = Array(body[..<cut])
    let stderr = cut < body.count ? Array(body[(cut + 1)...]) : []
    let end: ProcessEnd = switch selector >> 4 {
    case 0...9: .exited(0)
    case 10...13: .exited(Int32(selector & 15))
    default: .signalled(Int32(selector & 15) + 1)
    }
    let reply: Result<AgentReply, AttemptFailure> = switch selector % 4 {
    case 0: ClaudeCodeProtocol.reply(stdout: stdout, end: end, stderr: stderr)
    case 1: OpenCodeProtocol.reply(stdout: stdout, end: end, stderr: stderr)
    case 2: CLIAgentProtocol.reply(stdout: stdout, end: end, stderr: stderr)
    default: .failure(AttemptFailure(.exit, ""))
    }
    switch reply {
    case .success(let r):
        // Only a process that exited 0 gives an answer.
        guard end == .exited(0) else { fatalError("a reply from a process that ended with \(end)") }
        _ = r.text.utf8.count
    case .failure(let f):
        guard f.message.utf8.count <= 4096 else { fatalError("a failure message of \(f.message.utf8.count) bytes") }
    }
    if selector % 4 == 3 {
        // Redaction: the stderr part is the secret, stdout the text it is hidden in.
        let secret = String(decoding: stderr.prefix(64), as: UTF8.self)
        let text = String(decoding: stdout, as: UTF8.self)
        let hidden = Redactor([secret]).apply(text)
        if !secret.isEmpty, hidden.utf8.count >= secret.utf8.count {
            let h = Array(hidden.utf8), s = Array(secret.utf8)
            for k in 0...(h.count - s.count) where Array(h[k..<(k + s.count)]) == s {
                // The mask itself may spell the secret ("*", "**", "***"…).
                guard s.allSatisfy({ $0 == UInt8(ascii: "*") }) else { fatalError("the secret survives redaction at byte \(k)") }
            }
        }
    }
    return 0
}

// SwiftPM links debug executables with `--defsym main=FuzzAgents_main` (so tests can import
// them), which hides libFuzzer's own `main`; this entry point hands control back to it.
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzAgents_main")
public func fuzzMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var argc = argc
    var argv = argv
    return runDriver(&argc, &argv) { fuzz($0, $1) }
}
