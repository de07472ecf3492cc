/// A v0 step heading: `Step N: Title`, `Step N.M: Title` or `N. Title` (levels 2–4).
struct V0StepHeading: Equatable {
    /// The number's parts: `[3]`, or `[3, 1]` for 3.1.
    var number: [Int]
    var title: String
    /// Whether the heading had the `Step` word (the regular form).
    var hasStepWord: Bool

    /// The step id v0 gave it: `step_3`, `step_3_1`.
    var id: String { "step_" + number.map(String.init).joined(separator: "_") }

    /// Reads a heading's text, or nil when it is not a step heading.
    static func parse(_ text: String) -> V0StepHeading? {
        var rest = Substring(text.trimmingBlanks)
        var hasStepWord = false
        if rest.lowercased().hasPrefix("step"), let after = rest.dropFirst(4).first, after == " " || after == "\t" {
            rest = rest.dropFirst(4)
            rest = rest.drop { $0 == " " || $0 == "\t" }
            hasStepWord = true
        }
        var number: [Int] = []
        while true {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 6, let n = Int(digits) else { break }
            number.append(n)
            rest = rest.dropFirst(digits.count)
            // `3.1` goes on; `3. Title` and `3.` end the number.
            if rest.first == ".", let next = rest.dropFirst().first, next.isASCII, next.isNumber {
                rest = rest.dropFirst()
                continue
            }
            break
        }
        guard !number.isEmpty else { return nil }
        if hasStepWord {
            // `Step 3: Title`, `Step 3 - Title`, `Step 3. Title`, `Step 3`.
            rest = rest.drop { $0 == " " || $0 == "\t" }
            if let c = rest.first, ":.-–—".contains(c) { rest = rest.dropFirst() }
        } else {
            // `3. Title` needs its dot (or `3.1 Title`, whose number has one) and a blank.
            if rest.first == "." { rest = rest.dropFirst() } else if number.count == 1 { return nil }
            guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        }
        let title = rest.trimmingBlanks
        return V0StepHeading(number: number, title: title, hasStepWord: hasStepWord)
    }
}
