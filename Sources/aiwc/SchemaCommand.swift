import ArgumentParser
import Sema

/// `aiwc schema`: the JSON Schema of the frontmatter or of a registry file, for editors.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of workflow frontmatter or of a registry file (Grammar/*.schema.json)."
    )

    /// Which file a schema describes.
    enum Subject: String, ExpressibleByArgument, CaseIterable {
        case frontmatter, agents, tools
    }

    @Argument(help: "Which schema: agents is .aiworkflow/agents/capabilities.yaml, tools is .aiworkflow/tools/registry.yaml.")
    var subject: Subject = .frontmatter

    func execute(_ env: CLIEnvironment) -> Int32 {
        let schema = switch subject {
        case .frontmatter: JSONSchemaExport.frontmatter()
        case .agents: JSONSchemaExport.agents()
        case .tools: JSONSchemaExport.tools()
        }
        env.stdout(schema.serialized(indent: 2) + "\n")
        return ExitStatus.success
    }
}
