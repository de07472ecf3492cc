/// A stable diagnostic code: `AIW` and a number grouped by stage (1xx syntax, 2xx
/// frontmatter and steps, 3xx names and types, 4xx registries and capabilities, 5xx plans,
/// 6xx runtime, 7xx the v0 format and its migration). Codes never change meaning once released; suppression and `--werror` work
/// by code, never by message text.
public struct DiagnosticCode: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The number after `AIW`.
    public let number: Int

    /// Creates a code from its number.
    public init(_ number: Int) {
        self.number = number
    }

    /// Parses `AIW201` (any case) or `201`.
    public init?(parsing text: String) {
        var digits = Substring(text)
        if digits.uppercased().hasPrefix("AIW") { digits = digits.dropFirst(3) }
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits) else { return nil }
        self.number = n
    }

    /// `AIW201`.
    public var description: String { "AIW\(number)" }

    /// The code's catalog entry (every code used anywhere has one; a test checks it).
    public var entry: CatalogEntry? { Catalog.entry(for: self) }

    /// The severity the code is reported with unless configuration changes it.
    public var defaultSeverity: Severity { entry?.severity ?? .error }

    public static func < (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.number < b.number }
}

// The codes by name. Each is documented in ``Catalog``; numbers are never reused.
extension DiagnosticCode {
    /// The file is not valid UTF-8.
    public static let invalidUTF8 = DiagnosticCode(101)
    /// The file contains a NUL byte.
    public static let nulByte = DiagnosticCode(102)
    /// The file does not begin with a `---` frontmatter block.
    public static let missingFrontmatter = DiagnosticCode(103)
    /// The frontmatter has no closing `---`.
    public static let unterminatedFrontmatter = DiagnosticCode(104)
    /// YAML syntax error (from libyaml).
    public static let yamlSyntax = DiagnosticCode(105)
    /// YAML nested too deeply or expanding too many aliases.
    public static let yamlTooComplex = DiagnosticCode(106)
    /// A mapping key appears twice.
    public static let duplicateKey = DiagnosticCode(107)
    /// A YAML feature workflows do not accept (tags, non-scalar keys, several documents).
    public static let unsupportedYAML = DiagnosticCode(108)
    /// So many problems in one file that the rest are not reported.
    public static let tooManyProblems = DiagnosticCode(109)
    /// An `action` block whose fence is never closed.
    public static let unclosedActionBlock = DiagnosticCode(110)

    /// A key that is not part of the language.
    public static let unknownKey = DiagnosticCode(201)
    /// A required key is missing.
    public static let missingKey = DiagnosticCode(202)
    /// A value of the wrong type.
    public static let typeMismatch = DiagnosticCode(203)
    /// The workflow name is not a slug.
    public static let invalidName = DiagnosticCode(204)
    /// The version is not a semantic version.
    public static let invalidVersion = DiagnosticCode(205)
    /// A malformed duration.
    public static let invalidDuration = DiagnosticCode(206)
    /// A malformed cron expression.
    public static let invalidCron = DiagnosticCode(207)
    /// A value outside a fixed set of choices.
    public static let invalidChoice = DiagnosticCode(208)
    /// A number outside its allowed range.
    public static let outOfRange = DiagnosticCode(209)
    /// The body has no `## Steps` section.
    public static let missingSteps = DiagnosticCode(210)
    /// The `## Steps` section holds no step.
    public static let emptySteps = DiagnosticCode(211)
    /// Two steps share an id.
    public static let duplicateStepID = DiagnosticCode(212)
    /// A step id is not a valid identifier.
    public static let invalidStepID = DiagnosticCode(213)
    /// A step with neither prompt nor action.
    public static let emptyStep = DiagnosticCode(214)
    /// `run` written as one string instead of an argument vector.
    public static let runNotList = DiagnosticCode(215)
    /// More than one `action` block in a step.
    public static let multipleActionBlocks = DiagnosticCode(216)
    /// A step that is several kinds at once (`tool` and `run`, `agent` and `tool`…).
    public static let conflictingStepKinds = DiagnosticCode(217)
    /// `with` on a step that calls no tool.
    public static let withWithoutTool = DiagnosticCode(218)
    /// A trigger entry with no kind or several.
    public static let invalidTrigger = DiagnosticCode(219)
    /// The same entry listed twice.
    public static let duplicateEntry = DiagnosticCode(220)
    /// An `action` block outside any step.
    public static let actionOutsideStep = DiagnosticCode(221)
    /// An `output` schema outside the supported JSON Schema subset.
    public static let invalidSchema = DiagnosticCode(222)
    /// A webhook path that is not an absolute URL path.
    public static let invalidWebhookPath = DiagnosticCode(223)
    /// A malformed input, secret or environment variable name.
    public static let invalidIdentifier = DiagnosticCode(224)
    /// A time zone the system does not know.
    public static let unknownTimeZone = DiagnosticCode(225)
    /// A second `## Steps` section.
    public static let duplicateStepsSection = DiagnosticCode(226)
    /// An empty value where one is needed (an empty `run`, an empty string).
    public static let emptyValue = DiagnosticCode(227)
    /// A `{{ }}` expression that does not parse.
    public static let expressionSyntax = DiagnosticCode(301)
    /// A `{{` without its `}}`.
    public static let unclosedExpression = DiagnosticCode(302)
    /// `{{ }}` with nothing inside.
    public static let emptyExpression = DiagnosticCode(303)
    /// A name that is not a root of the language (`input.x`).
    public static let unknownName = DiagnosticCode(310)
    /// `inputs.NAME` for an undeclared input.
    public static let unknownInput = DiagnosticCode(311)
    /// `steps.ID` for a step that does not exist.
    public static let unknownStep = DiagnosticCode(312)
    /// `steps.ID` for this step or a later one.
    public static let stepNotYetRun = DiagnosticCode(313)
    /// `secrets.NAME` for a secret not in `secrets`.
    public static let undeclaredSecret = DiagnosticCode(314)
    /// `env.NAME` for a variable not in `env`.
    public static let undeclaredEnv = DiagnosticCode(315)
    /// A field that `steps.ID`, `run` or `workflow` does not have.
    public static let unknownField = DiagnosticCode(316)
    /// A function not in the library.
    public static let unknownFunction = DiagnosticCode(317)
    /// `item` or `index` outside a `foreach` step.
    public static let itemOutsideForeach = DiagnosticCode(318)
    /// An input no expression uses.
    public static let unusedInput = DiagnosticCode(320)
    /// A declared secret is never used.
    public static let unusedSecret = DiagnosticCode(321)
    /// A secret in an agent's prompt.
    public static let secretInPrompt = DiagnosticCode(322)
    /// An `if` that is a constant.
    public static let constantCondition = DiagnosticCode(323)
    /// An input's `default` or `enum` value of the wrong type.
    public static let inputTypeMismatch = DiagnosticCode(330)
    /// `minimum`/`maximum` or `pattern` on an input of a type they do not apply to.
    public static let constraintNotApplicable = DiagnosticCode(331)
    /// A `default` outside its input's `enum`, range or `pattern`, or `maximum` below `minimum`.
    public static let defaultViolatesConstraint = DiagnosticCode(332)
    /// An input `pattern` that is not a regular expression.
    public static let invalidPattern = DiagnosticCode(333)
    /// An operator is applied to values of the wrong type.
    public static let operandType = DiagnosticCode(340)
    /// An `if` is not a boolean.
    public static let conditionNotBoolean = DiagnosticCode(341)
    /// A `foreach` is not an array.
    public static let foreachNotArray = DiagnosticCode(342)
    /// A function is called with the wrong number of arguments.
    public static let argumentCount = DiagnosticCode(343)
    /// A function argument has the wrong type.
    public static let argumentType = DiagnosticCode(344)
    /// A field or index of a value that has none.
    public static let notAnObject = DiagnosticCode(345)
    /// `==`, `!=` or `in` between values that can never be equal.
    public static let neverEqual = DiagnosticCode(346)
    /// An agent id names no agent of the project.
    public static let unknownAgent = DiagnosticCode(420)
    /// An agent the workflow may run on lacks a required capability.
    public static let missingCapability = DiagnosticCode(421)
    /// A step with an output schema may run on an agent without `structured_output`.
    public static let outputWithoutStructuredOutput = DiagnosticCode(422)
    /// A `tool:` names a tool the workflow does not list in `tools`.
    public static let toolNotDeclared = DiagnosticCode(423)
    /// A tool the workflow lists is not defined in the project's registry.
    public static let unknownTool = DiagnosticCode(424)
    /// A tool the workflow uses is missing from the tools lock, or its lock entry was
    /// synced from other registry settings: `aiwc tools sync` is due.
    public static let toolNotSynced = DiagnosticCode(425)
    /// A `tool:` names an operation the tool does not offer (by its lock).
    public static let unknownOperation = DiagnosticCode(426)
    /// A tool call lacks an argument the operation requires.
    public static let missingToolArgument = DiagnosticCode(427)
    /// A tool call passes an argument the operation does not take.
    public static let unknownToolArgument = DiagnosticCode(428)
    /// A tool call's argument does not fit the operation's schema.
    public static let toolArgumentType = DiagnosticCode(429)
    /// Every implementation of a tool is `not_supported` by an agent the workflow may run on.
    public static let noUsableImplementation = DiagnosticCode(430)
    /// Text under `## Steps` before the first step, which no step receives.
    public static let strayStepsContent = DiagnosticCode(250)
    /// Retry intervals that contradict each other.
    public static let inconsistentRetry = DiagnosticCode(251)
}
