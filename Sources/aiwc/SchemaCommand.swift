import ArgumentParser
import Sema

/// `aiwc schema`: the JSON Schema of the frontmatter, for editors.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of workflow frontmatter (Grammar/frontmatter.schema.json)."
    )

    func execute(_ env: CLIEnvironment) -> Int32 {
        env.stdout(JSONSchemaExport.frontmatter().serialized(indent: 2) + "\n")
        return ExitStatus.success
    }
}
