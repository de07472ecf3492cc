import Diagnostics

/// What semantic analysis learnt about a file's expressions: every node's type and every
/// name's definition. The language server answers hover, go-to-definition and completion
/// from it; `aiwc check --dump-types` prints it.
public struct SemanticModel: Sendable {
    /// One expression node and its type.
    public struct TypedNode: Sendable {
        /// The node's bytes in the file.
        public var span: Span
        /// Its type.
        public var type: ValueType
        /// How deep the node is in its expression (0 for the whole expression).
        public var depth: Int
    }

    /// A name and where it is declared.
    public struct Reference: Sendable {
        /// What kind of thing the name is.
        public enum Kind: String, Sendable {
            /// An input.
            case input
            /// A step.
            case step
            /// A secret.
            case secret
            /// An environment variable.
            case env
            /// A library function (declared by the language, not the file).
            case function
        }

        /// Where the name is used.
        public var span: Span
        /// The name.
        public var name: String
        /// What it is.
        public var kind: Kind
        /// Where it is declared in the file; nil for library functions.
        public var definition: Span?
    }

    /// Every expression node, in the order the checker typed them (outer before inner).
    public var nodes: [TypedNode] = []
    /// Every resolved name.
    public var references: [Reference] = []
    /// The file's scope: declared names and their types.
    public var scope = WorkflowScope()

    /// An empty model.
    public init() {}

    /// The innermost typed node that contains a position (for hover).
    public func node(at offset: Int) -> TypedNode? {
        nodes.filter { $0.span.start <= offset && offset < $0.span.end }.max { $0.depth < $1.depth }
    }

    /// The reference at a position (for go-to-definition).
    public func reference(at offset: Int) -> Reference? {
        references.first { $0.span.start <= offset && offset < $0.span.end }
    }
}
