/// Where a value sits in a YAML tree (`triggers[0].webhook.path`), for messages.
///
/// Checks push and pop components as they descend, and the text is built only when a
/// diagnostic needs it: building it eagerly for every node was a fifth of checking time.
struct SchemaPath: CustomStringConvertible {
    /// One step down the tree.
    enum Component {
        /// A mapping key.
        case key(String)
        /// A list index.
        case index(Int)
    }

    private(set) var components: [Component] = []

    /// Whether this is the root.
    var isEmpty: Bool { components.isEmpty }

    /// Descends one step.
    mutating func push(_ component: Component) { components.append(component) }

    /// Goes back up one step.
    mutating func pop() { components.removeLast() }

    /// The path one step up (copied, for messages only).
    var parent: SchemaPath {
        var copy = self
        if !copy.components.isEmpty { copy.pop() }
        return copy
    }

    /// This path one key further (for a message about a child that is not visited).
    func appending(_ key: String) -> SchemaPath {
        var copy = self
        copy.push(.key(key))
        return copy
    }

    /// `retry.max_attempts`, `triggers[0].webhook`.
    var description: String {
        var out = ""
        for c in components {
            switch c {
            case .key(let k): out += out.isEmpty ? k : "." + k
            case .index(let i): out += "[\(i)]"
            }
        }
        return out
    }
}
