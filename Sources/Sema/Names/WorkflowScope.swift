import Diagnostics
import Syntax

/// The names a workflow declares, where each is declared and what type it has: what `{{ }}`
/// expressions may refer to. Built once per file; the language server uses the same sites
/// for go-to-definition and the types for hover and completion.
public struct WorkflowScope: Sendable {
    /// A declared input.
    public struct Input: Sendable {
        /// Where its name is declared.
        public var span: Span
        /// Its declared type.
        public var type: ValueType
    }

    /// A step, as expressions see it.
    public struct Step: Sendable {
        /// Its position in the workflow.
        public var index: Int
        /// Where its id is.
        public var span: Span
        /// Where its `output` schema is, if it has one.
        public var schemaSpan: Span? { action?["output"]?.span }
        /// Its first action block, which says what its output is.
        let action: YAMLNode?
        /// For a tool step: the output schema of the operation it calls, by the tools lock.
        var toolOutput: YAMLNode?

        /// The type of `steps.ID.output`: what its schema accepts; text for an agent
        /// without a schema and for a command; anything for a tool; an array of those for
        /// a `foreach` step. (Made on each call; the checker keeps them in a `FileTypes`.)
        public var output: ValueType { WorkflowScope.outputType(of: action, toolOutput: toolOutput) }

        /// The type of `steps.ID`: its `output` and `status`.
        public var type: ValueType { Self.type(output: output) }

        /// The type of a step whose output has a type.
        static func type(output: ValueType) -> ValueType {
            .object(ObjectType([ObjectField("output", output), ObjectField("status", .string)], rest: nil))
        }
    }

    /// Inputs, by name.
    public var inputs = NameTable<Input>()
    /// Frontmatter `env` names.
    public var env = NameTable<Span>()
    /// Secret names.
    public var secrets = NameTable<Span>()
    /// Steps, by id.
    public var steps = NameTable<Step>()
    /// The sections of declarations that could be read: `inputs`, `env`, `secrets` and
    /// `triggers`, each absent or of the right shape. Names under a section of the wrong
    /// shape (already reported) are not reported again as unknown.
    public var readable: Sections = .all

    /// Sections of the frontmatter that declare names. (A set of flags: the scope is made
    /// for every file checked, and a set of strings would hash each name to build it.)
    public struct Sections: OptionSet, Sendable {
        public let rawValue: UInt8
        /// Creates a set from its raw value.
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// `inputs`.
        public static let inputs = Sections(rawValue: 1)
        /// `env`.
        public static let env = Sections(rawValue: 2)
        /// `secrets`.
        public static let secrets = Sections(rawValue: 4)
        /// `triggers`.
        public static let triggers = Sections(rawValue: 8)
        /// Every section.
        public static let all: Sections = [.inputs, .env, .secrets, .triggers]
    }
    /// The trigger kinds the workflow declares (`manual` when none).
    public var triggerKinds: Set<String> = ["manual"]
    /// The type of `trigger`, from ``triggerKinds`` (made when an expression reads it).
    public var triggerType: ValueType {
        readable.contains(.triggers) ? .object(TriggerFields.type(for: triggerKinds)) : .anyObject
    }

    /// The roots of every path.
    public static let roots = ["env", "index", "inputs", "item", "run", "secrets", "steps", "trigger", "workflow"]
    /// The values of `steps.ID.status`: the step succeeded, failed (and the run went on,
    /// with `continue_on_error`), or did not run (its `if` was false).
    public static let statuses = ["failure", "skipped", "success"]
    /// The type of `run`.
    public static let run = ObjectType([ObjectField("id", .string), ObjectField("started_at", .string)], rest: nil)
    /// The type of `workflow`.
    public static let workflow = ObjectType([ObjectField("name", .string), ObjectField("version", .string)], rest: nil)

    /// An empty scope.
    public init() {}

    /// The scope of a parsed workflow (duplicates keep the first declaration, which the
    /// structural checks report).
    /// - Parameters:
    ///   - workflow: The parsed workflow.
    ///   - toolOutputs: The output schemas of the operations tool steps call, by step index
    ///     (from the tools lock): what `steps.ID.output` of such a step is.
    public init(_ workflow: WorkflowSyntax, toolOutputs: [Int: YAMLNode] = [:]) {
        let root = workflow.frontmatter?.root
        // Left empty (`inputs:`) is an empty section, not a broken one.
        func broken(_ node: YAMLNode?, list: Bool) -> Bool {
            guard let node, node.scalar?.resolved != .null else { return false }
            return list ? node.sequence == nil : node.mapping == nil
        }
        // One pass over the frontmatter's keys (each lookup by key would scan them again), by
        // index: binding each pair would copy its value.
        let pairs = root?.mapping ?? []
        for i in pairs.indices {
            switch pairs[i].key {
            case "inputs":
                let pair = pairs[i]
                if broken(pair.value, list: false) { readable.remove(.inputs) }
                for input in pair.value.mapping ?? [] {
                    inputs.insertIfAbsent(input.key, Input(span: input.keySpan, type: DeclaredTypes.input(input.value)))
                }
            case "env":
                let pair = pairs[i]
                if broken(pair.value, list: false) { readable.remove(.env) }
                for variable in pair.value.mapping ?? [] { env.insertIfAbsent(variable.key, variable.keySpan) }
            case "secrets":
                let pair = pairs[i]
                if broken(pair.value, list: true) { readable.remove(.secrets) }
                for item in pair.value.sequence ?? [] {
                    if let name = item.scalar?.text { secrets.insertIfAbsent(name, item.span) }
                }
            case "triggers":
                if broken(pairs[i].value, list: true) { readable.remove(.triggers) }
                triggerKinds = TriggerFields.kinds(of: root)
            default:
                break
            }
        }
        steps.reserveCapacity(workflow.steps.count)
        // By index: binding each step would copy all its fields.
        for i in workflow.steps.indices {
            steps.insertIfAbsent(workflow.steps[i].id, Step(index: i, span: workflow.steps[i].idSpan, action: workflow.steps[i].actions.first?.root, toolOutput: toolOutputs[i]))
        }
    }

    /// A step's output type, from its action block.
    static func outputType(of action: YAMLNode?, toolOutput: YAMLNode? = nil) -> ValueType {
        // One pass over the block's keys, by index and length (three lookups would scan
        // them three times and copy what they find).
        var outputAt: Int?, hasTool = false, hasForeach = false
        if case .mapping(let pairs)? = action?.kind {
            for i in pairs.indices {
                let key = pairs[i].key
                switch key.utf8.count {
                case 4: if key == "tool" { hasTool = true }
                case 6: if key == "output", outputAt == nil { outputAt = i }
                case 7: if key == "foreach" { hasForeach = true }
                default: break
                }
            }
            let one: ValueType =
                if let outputAt { DeclaredTypes.schema(pairs[outputAt].value) }
                else if hasTool { toolOutput.map { DeclaredTypes.schema($0) } ?? .any }
                else { .string }
            return hasForeach ? .array(one) : one
        }
        return .string
    }
}
