import ArgumentParser
import Plan

#if canImport(Glibc)
import Glibc
#endif

/// `aiwc keygen NAME`: a new Ed25519 key pair for signing plans.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create a key pair for signing plans: NAME.key (keep it secret) and NAME.pub (give it to aiwvm)."
    )

    @Argument(help: "The key files' name, without extension.")
    var name: String

    func execute(_ env: CLIEnvironment) -> Int32 {
        let (privateKey, publicKey) = PlanSigning.generateKeyPair()
        do throws(FileIO.Failure) {
            // Never overwrites: a lost private key cannot be made again.
            try FileIO.create(name + ".key", contents: privateKey)
            try FileIO.create(name + ".pub", contents: publicKey)
        } catch {
            env.stderr("aiwc: error: cannot create \(error)\n")
            return ExitStatus.internalError
        }
        env.stdout("wrote \(name).key (private) and \(name).pub (public)\n")
        return ExitStatus.success
    }
}

/// `aiwc sign PLAN --key FILE`: signs a plan in place (or into -o).
struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a plan with a private key from `aiwc keygen` (an earlier signature is replaced)."
    )

    @Argument(help: "The plan file.")
    var plan: String

    @Option(name: .long, help: ArgumentHelp("The private key file.", valueName: "FILE"))
    var key: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the signed plan (default: over the plan).", valueName: "PLAN"))
    var output: String?

    func execute(_ env: CLIEnvironment) -> Int32 {
        let keyText: [UInt8]
        let bytes: [UInt8]
        do throws(FileIO.Failure) {
            keyText = try FileIO.read(key)
            bytes = try FileIO.read(plan)
        } catch {
            env.stderr("aiwc: error: cannot read \(error)\n")
            return ExitStatus.usage
        }
        guard let privateKey = PlanSigning.privateKey(from: String(decoding: keyText, as: UTF8.self)) else {
            env.stderr("aiwc: error: \(key) is not a private key from `aiwc keygen`\n")
            return ExitStatus.usage
        }
        let signed: [UInt8]
        do throws(PlanError) {
            signed = try PlanSigning.sign(bytes, with: privateKey)
        } catch {
            env.stderr("\(plan): plan refused: \(error)\n")
            return ExitStatus.problemsFound
        }
        do throws(FileIO.Failure) {
            try FileIO.replace(output ?? plan, with: signed)
        } catch {
            env.stderr("aiwc: error: cannot write \(error)\n")
            return ExitStatus.internalError
        }
        return ExitStatus.success
    }
}

/// `aiwc graph WORKFLOW|PLAN`: the step graph as Mermaid or dot.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the step graph of a workflow or plan as Mermaid or Graphviz dot.",
        discussion: "An edge goes from a step to each later step that reads its results."
    )

    @Argument(help: "A workflow (.md) or a plan file.")
    var path: String

    @Option(name: .long, help: "mermaid or dot.")
    var format: PlanGraph.Format = .mermaid

    func execute(_ env: CLIEnvironment) -> Int32 {
        var planPath = path
        var temporary: String?
        if path.hasSuffix(".md") {
            // A workflow is compiled first, quietly, to a temporary plan.
            let target = "/tmp/aiwc-graph-\(getpid()).plan"
            guard let compile = try? CompileCommand.parse([path, "-o", target]) else { return ExitStatus.usage }
            let status = compile.execute(env)
            guard status == ExitStatus.success else { return status }
            planPath = target
            temporary = target
        }
        defer { if let temporary { unlink(temporary) } }
        switch PlanFile.load(planPath) {
        case .success(let plan):
            env.stdout(PlanGraph.render(plan.contents, format: format))
            return ExitStatus.success
        case .failure(let problem):
            env.stderr("\(problem)\n")
            return problem.status
        }
    }
}

extension PlanGraph.Format: ExpressibleByArgument {}
