import ArgumentParser
import Plan

#if canImport(Glibc)
import Glibc
#endif

/// `aiwvm`: the lean VM that verifies and runs compiled plans. It links no front-end module.
///
/// `exec`, `resume`, `runs` and `verify` are here; `serve` arrives with the services stage
/// (docs/vm.md).
struct Aiwvm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aiwvm",
        abstract: "The AIWorkflow VM: verifies and runs compiled plans.",
        discussion: """
        Plans come from `aiwc compile`. Exit status: 0 ok, 1 the run failed, 2 bad command line or \
        inputs, 3 plan refused, 130/143 interrupted (docs/cli.md).
        """,
        version: "0.1.0",
        subcommands: [Exec.self, Resume.self, Runs.self, Verify.self]
    )
}

/// `aiwvm verify PLAN…`: every check the VM makes before running a plan.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check plans as the VM does before running them (exit 3 when one is refused)."
    )

    @Argument(help: "Plan files.")
    var plans: [String]

    @Option(name: .long, help: ArgumentHelp("A file of public keys: each plan must be signed by one of them.", valueName: "FILE"))
    var trustedKeys: String?

    mutating func run() throws {
        var keys: [[UInt8]]?
        if let trustedKeys {
            guard let text = VMFiles.read(trustedKeys) else { throw ExitCode(2) }
            let (parsed, badLine) = PlanSigning.publicKeys(from: String(decoding: text, as: UTF8.self))
            guard let parsed else {
                VMFiles.error("aiwvm: error: \(trustedKeys):\(badLine): not a public key from `aiwc keygen`")
                throw ExitCode(2)
            }
            keys = parsed
        }
        var refused = false
        for path in plans {
            guard let bytes = VMFiles.read(path) else { throw ExitCode(2) }
            do throws(PlanError) {
                let plan = try PlanVerifier.verify(bytes)
                if let keys { try PlanSigning.check(plan, trusted: keys) }
                print("\(path): ok")
            } catch {
                VMFiles.error("\(path): plan refused: \(error)")
                refused = true
            }
        }
        if refused { throw ExitCode(3) }
    }
}

/// File reads and error output (the VM links no Foundation).
enum VMFiles {
    /// A whole file, or nil after saying why on standard error.
    static func read(_ path: String) -> [UInt8]? {
        do throws(PlanFileReading.Failure) {
            return try PlanFileReading.read(path)
        } catch {
            self.error("aiwvm: error: cannot read \(error)")
            return nil
        }
    }

    /// A line on standard error.
    static func error(_ message: String) {
        let bytes = Array((message + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}

extension Aiwvm {
    /// Runs an asynchronous command (`exec`, `resume`).
    static func runAsync(_ command: inout any AsyncParsableCommand) async throws {
        try await command.run()
    }
}

// A reader that goes away (`aiwvm exec … --events - | head -1`, an agent that exits before
// reading its prompt) must make a write fail with EPIPE, not end aiwvm mid-run with
// SIGPIPE. Children get the default back (swift-subprocess resets signals when it spawns).
signal(SIGPIPE, SIG_IGN)

// Exit statuses (docs/cli.md): a bad command line is 2, not ArgumentParser's 64.
do {
    if let request = ExecFastPath.request(Array(CommandLine.arguments.dropFirst())) {
        try await request.run()
    } else {
        var command = try Aiwvm.parseAsRoot()
        if var asynchronous = command as? any AsyncParsableCommand {
            try await Aiwvm.runAsync(&asynchronous)
        } else {
            try command.run()
        }
    }
} catch let exitCode as ExitCode {
    exit(exitCode.rawValue)
} catch {
    if Aiwvm.exitCode(for: error) == .success {
        print(Aiwvm.fullMessage(for: error))
        exit(0)
    }
    VMFiles.error(Aiwvm.fullMessage(for: error))
    exit(2)
}
