import Diagnostics
@testable import Sema
import Testing

/// The scope's name tables and object types: small tables are scanned, large ones indexed,
/// and either way the first declaration of a name wins and order is kept.
@Suite struct NameTableTests {
    @Test(arguments: [3, NameTable<Int>.indexThreshold, NameTable<Int>.indexThreshold + 1, 200])
    func firstDeclarationWinsAtEverySize(count: Int) {
        var table = NameTable<Int>()
        for i in 0..<count {
            let added = table.insertIfAbsent("name\(i)", i)
            #expect(added)
        }
        // Repeats are refused and change nothing, before and after the index is made.
        let first = table.insertIfAbsent("name0", -1)
        let last = table.insertIfAbsent("name\(count - 1)", -1)
        #expect(!first && !last)
        #expect(table.count == count)
        #expect(table.keys == (0..<count).map { "name\($0)" })
        #expect(table.values == Array(0..<count))
        for i in 0..<count { #expect(table["name\(i)"] == i) }
        #expect(table["name\(count)"] == nil)
        #expect(!table.contains("name"))
        // A name of the same length as the others but different is not found.
        #expect(table["nameX"] == nil)
    }

    @Test func objectFieldsAreSortedAndTheFirstOfARepeatedNameIsKept() {
        let object = ObjectType(
            [ObjectField("b", .string), ObjectField("a", .integer), ObjectField("b", .boolean), ObjectField("a", .null), ObjectField("c", .number)],
            rest: nil)
        #expect(object.names == ["a", "b", "c"])
        #expect(object.field("a") == .integer)
        #expect(object.field("b") == .string)
        #expect(object.field("c") == .number)
        #expect(object.field("d") == nil)
        let sorted = ObjectType([ObjectField("a", .string), ObjectField("b", .integer)], rest: .any)
        #expect(sorted.names == ["a", "b"])
        #expect(sorted.field("zzz") == .any)
    }

    @Test func scopeKeepsDeclarationOrder() throws {
        let text = """
            ---
            name: order
            inputs:
              zeta: {type: string}
              alpha: {type: integer}
              zeta: {type: boolean}
            secrets: [B_KEY, A_KEY]
            ---

            ## Steps

            ### second: Second

            Use {{ inputs.zeta }} {{ inputs.alpha }}.

            ### first: First

            Again.

            """
        let (_, model) = Checker().analyze(SourceFile(path: "order.md", text: text))
        #expect(model.scope.inputs.keys == ["zeta", "alpha"])
        #expect(model.scope.inputs["zeta"]?.type == .string)
        #expect(model.scope.secrets.keys == ["B_KEY", "A_KEY"])
        #expect(model.scope.steps.keys == ["second", "first"])
        #expect(model.scope.steps["first"]?.index == 1)
    }
}
