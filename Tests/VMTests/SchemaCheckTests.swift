import Plan
import Testing
@testable import VM

/// Step outputs against their compiled schemas (docs/vm.md §5), with the schema compiled by
/// the real compiler from a step's `output`.
@Suite struct SchemaCheckTests {
    static let plan: VerifiedPlan? = try? ExpressionTests.compile("""
        ---
        name: triage
        version: 1.0.0
        ---

        # Triage

        ## Steps

        ### classify: Classify
        Sort the mail.
        ```action
        output:
          type: object
          required: [labels, count]
          additionalProperties: false
          properties:
            labels: { type: array, items: { type: string, enum: [urgent, billing, "two words"] } }
            count: { type: integer }
            score: { type: number }
            note: { type: [string, "null"] }
            meta: { type: object, additionalProperties: { type: boolean } }
        ```
        """)

    func problems(_ json: String) throws -> [String] {
        let plan = try #require(Self.plan)
        return SchemaCheck.problems(try JSONReader.read(json), plan.step(0).schema, in: plan)
    }

    @Test func conformingOutputsHaveNoProblem() throws {
        #expect(try problems(#"{"labels": ["urgent"], "count": 2}"#) == [])
        // An integer is a number; a number with no fraction is an integer; null where allowed.
        #expect(try problems(#"{"labels": [], "count": 2.0, "score": 3, "note": null, "meta": {"a": true}}"#) == [])
    }

    @Test func everyProblemIsNamedWithItsPath() throws {
        #expect(try problems(#"{"labels": ["urgent", 3, "spam"], "count": "2", "extra": 1, "meta": {"a b": 1}}"#) == [
            "$.labels[1]: must be a string, not an integer",
            #"$.labels[2]: must be one of "urgent", "billing", "two words", not "spam""#,
            "$.count: must be an integer, not a string",
            #"$.meta["a b"]: must be a boolean, not an integer"#,
            "$.extra: no such field is allowed (the schema lists 'labels', 'count', 'score', 'note', 'meta')",
        ])
        #expect(try problems(#"{"count": 1.5, "note": 2}"#) == [
            "$: the required field 'labels' is missing",
            "$.count: must be an integer, not a number",
            "$.note: must be a string or null, not an integer",
        ])
        #expect(try problems("[1]") == ["$: must be an object, not an array"])
    }

    @Test func problemsAreCappedAndCounted() throws {
        let labels = (0..<30).map { _ in "1" }.joined(separator: ",")
        let found = try problems(#"{"labels": [\#(labels)], "count": 1}"#)
        #expect(found.count == SchemaCheck.maxProblems + 1)
        #expect(found.last == "… and 10 more")
    }
}
