import Syntax

/// The fields of `trigger`, which depend on the kinds of trigger the workflow declares
/// (docs/language.md §9.5): a field exists when some declared kind provides it.
public enum TriggerFields {
    /// Each trigger kind's fields, with their types.
    public static let byKind: [(kind: String, fields: [(name: String, type: ValueType)])] = [
        ("manual", []),
        ("schedule", [("cron", .string), ("time", .string)]),
        ("watch", [("event", .string), ("path", .string)]),
        ("webhook", [
            ("body", .any), ("headers", .object(ObjectType([], rest: .string))), ("method", .string),
            ("path", .string), ("query", .object(ObjectType([], rest: .string))),
        ]),
    ]

    /// Fields every run has, whatever started it.
    public static let common: [(name: String, type: ValueType)] = [("kind", .string)]

    /// The trigger kinds a workflow declares (`manual` when it declares none).
    static func kinds(of frontmatter: YAMLNode?) -> Set<String> {
        var kinds: Set<String> = []
        for entry in frontmatter?["triggers"]?.sequence ?? [] {
            if let word = entry.scalar?.text { kinds.insert(word) }
            for pair in entry.mapping ?? [] { kinds.insert(pair.key) }
        }
        return kinds.isEmpty ? ["manual"] : kinds
    }

    /// The type of `trigger` for a set of kinds.
    static func type(for kinds: Set<String>) -> ObjectType {
        var fields = common.map { ObjectField($0.name, $0.type) }
        for entry in byKind where kinds.contains(entry.kind) {
            for (name, type) in entry.fields {
                if let i = fields.firstIndex(where: { $0.name == name }) {
                    fields[i].type = fields[i].type.joined(with: type)
                } else {
                    fields.append(ObjectField(name, type))
                }
            }
        }
        return ObjectType(fields, rest: nil)
    }

    /// The kinds that provide a field, for the help of an error.
    static func kinds(providing field: String) -> [String] {
        byKind.filter { $0.fields.contains { $0.name == field } }.map(\.kind)
    }
}
