import ArgumentParser

/// `aiwvm`: the lean VM that verifies and runs compiled plans. It links no front-end module.
///
/// This stage builds only the front end; `exec`, `resume`, `runs` and `serve` arrive
/// with the plan format and the VM (docs/vm.md). Until then the executable exists so that the
/// package's shape and its dependency rule (no Syntax, no Sema) hold from the start.
struct Aiwvm: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aiwvm",
        abstract: "The AIWorkflow VM: verifies and runs compiled plans (plan.bin).",
        discussion: "Plans come from `aiwc compile`; the VM commands arrive with the plan format.",
        version: "0.1.0"
    )
}

#if canImport(Glibc)
import Glibc
#endif

// Exit statuses follow aiwc's (docs/cli.md): a bad command line is 2, not ArgumentParser's 64.
do {
    var command = try Aiwvm.parseAsRoot()
    try command.run()
} catch {
    let message = Aiwvm.fullMessage(for: error)
    if Aiwvm.exitCode(for: error) == .success {
        print(message)
        exit(0)
    }
    let bytes = Array((message + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}
