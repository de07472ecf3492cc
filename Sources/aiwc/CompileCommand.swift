import ArgumentParser
import Diagnostics
import Dispatch
import Lowering
import Plan
import Sema
import Syntax

/// `aiwc compile WORKFLOW… [-o PLAN | --out-dir DIR]`: check, then write a plan per workflow.
struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Check workflows and write their plans.",
        discussion: """
            Each workflow is checked as by `aiwc check`; when any has an error, no plan is \
            written. A plan is named after its workflow file (`mail.md` → `mail.plan`) in \
            --out-dir (default: the working folder), or -o for a single workflow. Plans are \
            the same bytes from any working folder: they hold no absolute path, no time and \
            no secret value.
            """
    )

    @Argument(help: "Workflow files or folders (as for `aiwc check`).")
    var paths: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("The plan file to write (one workflow only).", valueName: "PLAN"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("The folder to write plans into.", valueName: "DIR"))
    var outDir: String?

    @Option(name: .long, help: "Output format of diagnostics: human, json, sarif or github.")
    var format: OutputFormat = .human

    @Option(name: .long, help: ArgumentHelp("The project folder whose agents and tools to use.", valueName: "DIR"))
    var config: String?

    func validate() throws {
        if output != nil, outDir != nil { throw ValidationError("give -o or --out-dir, not both") }
    }

    func execute(_ env: CLIEnvironment) -> Int32 {
        let files: [String]
        do {
            files = try WorkflowFiles.collect(paths.isEmpty ? [".aiworkflow/workflows"] : paths).filter { $0 != "-" }
        } catch {
            env.stderr("aiwc: error: \(error)\n")
            return error.missing ? ExitStatus.usage : ExitStatus.internalError
        }
        guard !files.isEmpty else {
            env.stderr("aiwc: error: no workflow files to compile\n")
            return ExitStatus.usage
        }
        if output != nil, files.count > 1 {
            env.stderr("aiwc: error: -o names one plan, but \(files.count) workflows were given; use --out-dir\n")
            return ExitStatus.usage
        }
        let found: FoundProjects
        do throws(FileIO.Failure) {
            found = try CheckCommand.projects(for: files, config: config, stdinName: "<stdin>")
        } catch {
            env.stderr("aiwc: error: \(error)\n")
            return error.missing ? ExitStatus.usage : ExitStatus.internalError
        }
        // Each file is read, checked and, when clean, lowered and encoded on its own core;
        // plans are written only once every file is known to be clean.
        let results = Self.build(files, found: found)
        var diagnostics = found.diagnostics
        for result in results {
            switch result {
            case .checked(let ds, _): diagnostics += ds
            case .unreadable(let failure):
                env.stderr("aiwc: error: cannot read \(failure)\n")
                return ExitStatus.internalError
            case .notLowered(let message):
                env.stderr(message + "\n")
                return ExitStatus.problemsFound
            case .refused(let message):
                // The writer verifies what it writes: a refusal here is a compiler bug.
                env.stderr(message + "\n")
                return ExitStatus.internalError
            }
        }
        let text = format.render(diagnostics, color: false, toolVersion: AiwcCLI.version)
        if !text.isEmpty { env.stdout(text) }
        guard !diagnostics.contains(where: { $0.severity == .error }) else {
            env.stderr("aiwc: no plan written: fix the errors above\n")
            return ExitStatus.problemsFound
        }
        if let outDir {
            do throws(FileIO.Failure) {
                try FileIO.makeDirectories(outDir)
            } catch {
                env.stderr("aiwc: error: cannot create \(error)\n")
                return ExitStatus.internalError
            }
        }
        for (i, result) in results.enumerated() {
            guard case .checked(_, let plan?) = result else { continue }
            do throws(FileIO.Failure) {
                try FileIO.replace(planPath(for: files[i]), with: plan)
            } catch {
                env.stderr("aiwc: error: cannot write \(error)\n")
                return ExitStatus.internalError
            }
        }
        return ExitStatus.success
    }

    /// What became of one file.
    enum Outcome: Sendable {
        /// Checked; the plan when the file has no error.
        case checked([Diagnostic], plan: [UInt8]?)
        case unreadable(FileIO.Failure)
        /// Checked clean, but lowering found something the plan cannot hold.
        case notLowered(String)
        /// The writer's own verification refused the plan (a compiler bug).
        case refused(String)
    }

    /// Checks, lowers and encodes the files in parallel; results in the files' order.
    static func build(_ files: [String], found: FoundProjects) -> [Outcome] {
        var results = [Outcome](repeating: .checked([], plan: nil), count: files.count)
        let checker = Checker()
        results.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes only its own slot.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: files.count) { i in
                do throws(FileIO.Failure) {
                    let file = SourceFile(path: files[i], bytes: try FileIO.read(files[i]))
                    let (diagnostics, workflow) = checker.checkKeepingSyntax(file, registry: found.registries[i])
                    guard let workflow, !diagnostics.contains(where: { $0.severity == .error }) else {
                        slots[i] = .checked(diagnostics, plan: nil)
                        return
                    }
                    do {
                        let plan = try Self.plan(for: workflow, registry: found.registries[i], folder: found.folders[i], projects: found.projects)
                        slots[i] = .checked(diagnostics, plan: plan)
                    } catch let error as LoweringError {
                        let at = file.location(at: error.span.start)
                        slots[i] = .notLowered("\(file.path):\(at.line):\(at.column): error: cannot compile: \(error.message)")
                    } catch {
                        slots[i] = .refused("aiwc: internal error: the plan for \(file.path) was refused: \(error)")
                    }
                } catch {
                    slots[i] = .unreadable(error)
                }
            }
        }
        return results
    }

    /// The plan of a checked workflow.
    static func plan(for workflow: WorkflowSyntax, registry: ProjectRegistry?, folder: String?, projects: ProjectConfig) throws -> [UInt8] {
        let file = workflow.file
        // The lock too: it decides the tools' bindings and the tool steps' schemas.
        let registryFiles = [registry?.agentsFile, registry?.toolsFile, registry?.lock?.file].compactMap { $0 }.map {
            (path: projects.projectPath(of: $0.path, folder: folder), bytes: $0.bytes)
        }
        let input = LoweringInput(
            workflow: workflow, registry: registry, path: projects.projectPath(of: file.path, folder: folder),
            registryFiles: registryFiles, compilerVersion: AiwcCLI.version)
        return try PlanWriter.encode(try Lowering.lower(input))
    }

    func planPath(for workflow: String) -> String {
        if let output { return output }
        var name = String(workflow.split(separator: "/").last ?? "workflow")
        if name.hasSuffix(".md") { name.removeLast(3) }
        return ProjectConfig.join(outDir ?? ".", name + ".plan")
    }
}

/// `aiwc verify PLAN…`: the VM's checks, without running anything.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check plan files as the VM does before running them.",
        discussion: "Exit status 0 when every plan passes, 1 when one is refused (the message names the section and byte)."
    )

    @Argument(help: "Plan files.")
    var plans: [String]

    @Option(name: .long, help: ArgumentHelp("A file of public keys (from `aiwc keygen`): each plan must be signed by one of them.", valueName: "FILE"))
    var trustedKeys: String?

    func execute(_ env: CLIEnvironment) -> Int32 {
        var status = ExitStatus.success
        var keys: [[UInt8]]?
        if let trustedKeys {
            switch PlanFile.trustedKeys(trustedKeys) {
            case .success(let k): keys = k
            case .failure(let problem):
                env.stderr("\(problem)\n")
                return problem.status
            }
        }
        for path in plans {
            switch PlanFile.load(path, trusted: keys) {
            case .success(let plan):
                let instructions = plan.instructionCount(block: 0) + plan.instructionCount(block: 1)
                env.stdout("\(path): ok (format \(plan.version.major).\(plan.version.minor), \(plan.stepCount) steps, \(instructions) instructions)\n")
            case .failure(let problem):
                env.stderr("\(problem)\n")
                status = max(status, problem.status)
            }
        }
        return status
    }
}

/// `aiwc disasm PLAN`: a readable listing.
struct DisasmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disasm",
        abstract: "List a plan: its sections, then every instruction with its source position."
    )

    @Argument(help: "The plan file.")
    var plan: String?

    @Flag(name: .long, help: ArgumentHelp("Print the instruction set as Markdown (docs/isa.md) instead.", visibility: .hidden))
    var isaMarkdown = false

    func validate() throws {
        if plan == nil, !isaMarkdown { throw ValidationError("name the plan file to list") }
    }

    func execute(_ env: CLIEnvironment) -> Int32 {
        guard let plan else {
            env.stdout(InstructionSetDocument.markdown())
            return ExitStatus.success
        }
        switch PlanFile.load(plan) {
        case .success(let verified):
            env.stdout(PlanListing.render(verified))
            return ExitStatus.success
        case .failure(let problem):
            env.stderr("\(problem)\n")
            return problem.status
        }
    }
}

/// Reading and verifying a plan file, with the exit status each failure means.
enum PlanFile {
    /// Why a plan could not be used.
    struct Problem: Error, CustomStringConvertible {
        var description: String
        var status: Int32
    }

    /// Reads and verifies a plan; with trusted keys, also its signature.
    static func load(_ path: String, trusted keys: [[UInt8]]? = nil) -> Result<VerifiedPlan, Problem> {
        let bytes: [UInt8]
        do throws(FileIO.Failure) {
            bytes = try FileIO.read(path)
        } catch {
            return .failure(Problem(description: "aiwc: error: cannot read \(error)", status: ExitStatus.usage))
        }
        do throws(PlanError) {
            let plan = try PlanVerifier.verify(bytes)
            if let keys { try PlanSigning.check(plan, trusted: keys) }
            return .success(plan)
        } catch {
            return .failure(Problem(description: "\(path): plan refused: \(error)", status: ExitStatus.problemsFound))
        }
    }

    /// Reads a trusted-keys file.
    static func trustedKeys(_ path: String) -> Result<[[UInt8]], Problem> {
        do throws(FileIO.Failure) {
            let text = String(decoding: try FileIO.read(path), as: UTF8.self)
            let (keys, badLine) = PlanSigning.publicKeys(from: text)
            guard let keys else {
                return .failure(Problem(description: "aiwc: error: \(path):\(badLine): not a public key from `aiwc keygen`", status: ExitStatus.usage))
            }
            return .success(keys)
        } catch {
            return .failure(Problem(description: "aiwc: error: cannot read \(error)", status: ExitStatus.usage))
        }
    }
}
