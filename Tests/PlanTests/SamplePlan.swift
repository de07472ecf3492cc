import Crypto
@testable import Plan

/// Appends instructions with their positions and patches forward jumps, so the sample's
/// jump targets are computed rather than counted by hand.
struct Assembler {
    /// The instructions so far.
    private(set) var instructions: [Instruction] = []
    /// One position per instruction.
    private(set) var positions: [PlanContents.SourcePosition] = []
    /// Source lines advance per instruction so every position differs (a shifted source
    /// map would not compare equal).
    private var line: UInt32

    init(firstLine: UInt32) { line = firstLine }

    /// The index the next instruction will get.
    var next: UInt32 { UInt32(instructions.count) }

    /// Appends an instruction and returns its index, for `patch`.
    @discardableResult
    mutating func emit(_ opcode: Opcode, a: UInt32 = 0, b: UInt16 = 0, source: UInt32 = 0) -> Int {
        instructions.append(Instruction(opcode, a: a, b: b))
        positions.append(PlanContents.SourcePosition(source: source, line: line, column: 3 + line % 5))
        line += 1
        return instructions.count - 1
    }

    /// Sets the target of a jump emitted before its target was known.
    mutating func patch(_ index: Int, to target: UInt32) { instructions[index].a = target }

    /// The finished block.
    func block(_ kind: PlanContents.BlockKind) -> PlanContents.CodeBlock {
        var block = PlanContents.CodeBlock(kind: kind)
        block.instructions = instructions
        block.positions = positions
        return block
    }
}

/// Hand-built plans: small, but with something in every section and every record kind, so
/// round trips and damage reach every reader.
enum SamplePlan {
    /// Policy indices of the sample.
    static let defaultPolicy: UInt32 = 0
    static let retryPolicy: UInt32 = 1

    /// A complete valid plan: three steps (agent with retry and failover, tool under an
    /// `if`, command in a `foreach`), an outputs block, every trigger kind, two policies.
    static func contents() -> PlanContents {
        var pool = StringPool()
        func s(_ text: String) -> UInt32 { pool.index(text) }
        var c = PlanContents()

        // Constants: each kind, some used by code and schemas.
        let kNull: UInt32 = 0, kTrue: UInt32 = 1, kFalse: UInt32 = 2, k42: UInt32 = 3, kMinus: UInt32 = 4, kHalf: UInt32 = 5
        let kPrefix: UInt32 = 6, kZoneKey: UInt32 = 7, kUTC: UInt32 = 8, kEcho: UInt32 = 9, kDraft: UInt32 = 10, kFinal: UInt32 = 11
        c.constants = [
            .null, .boolean(true), .boolean(false), .integer(42), .integer(-7_000_000_000), .number(1.5),
            .string(s("Summarise: ")), .string(s("zone")), .string(s("UTC")), .string(s("echo")),
            .string(s("draft")), .string(s("final")),
        ]
        _ = (kNull, kFalse, kMinus, kHalf)

        // Schemas: parts before the schemas that use them.
        c.schemas = [
            PlanContents.Schema(types: .string),
            PlanContents.Schema(types: [.integer, .null]),
            PlanContents.Schema(types: .string, enumeration: [kDraft, kFinal]),
            PlanContents.Schema(types: .array, items: 0),
            PlanContents.Schema(
                types: .object,
                properties: [
                    .init(name: s("title"), schema: 0, required: true),
                    .init(name: s("count"), schema: 1, required: false),
                    .init(name: s("tags"), schema: 3, required: true),
                    .init(name: s("status"), schema: 2, required: false),
                ],
                additional: PlanContents.Schema.additionalNone),
            PlanContents.Schema(types: .object, additional: 0),
        ]
        let outputSchema: UInt32 = 4

        var claude = PlanContents.Agent(id: s("claude-code"), kind: s("claude-code"))
        claude.command = [s("claude"), s("-p")]
        claude.model = s("sonnet")
        claude.promptInArgument = true
        claude.models = [s("sonnet"), s("opus")]
        claude.capabilities = [s("code"), s("web")]
        claude.healthCommand = [s("claude"), s("--version")]
        claude.healthTimeoutMilliseconds = 10_000
        claude.allowedTools = [s("Read"), s("Bash(git log:*)")]
        claude.mcpConfig = s("mcp.json")
        var local = PlanContents.Agent(id: s("local"), kind: s("openai"))
        local.endpoint = s("http://127.0.0.1:8080/v1")
        local.model = s("m")
        local.apiKeyEnv = s("LOCAL_KEY")
        local.healthURL = s("http://127.0.0.1:8080/v1/models")
        local.healthTimeoutMilliseconds = 2_000
        c.agents = [claude, local]

        var clock = PlanContents.Tool(id: s("clock"))
        clock.implementation = s("mcp")
        clock.priority = 2
        clock.command = [s("uvx"), s("mcp-server-time")]
        clock.timeoutMilliseconds = 30_000
        clock.requestsPerMinute = 60
        clock.burst = 5
        clock.binding = s(#"{"secrets":["CLOCK_KEY"],"type":"mcp"}"#)
        c.tools = [clock]

        var summarise = PlanContents.Step(id: s("summarise"), title: s("Summarise the topic"), kind: .agent)
        summarise.agent = 0
        summarise.schema = outputSchema
        summarise.policy = retryPolicy
        summarise.timeoutMilliseconds = 5_000_000_000  // above 32 bits: both words matter
        var now = PlanContents.Step(id: s("now"), title: s("Read the clock"), kind: .tool)
        now.tool = 0
        now.operation = s("now")
        var list = PlanContents.Step(id: s("list"), title: s("Echo each tag"), kind: .command)
        list.continueOnError = true
        c.steps = [summarise, now, list]

        c.blocks = [mainBlock(s: s, kPrefix: kPrefix, k42: k42, kZoneKey: kZoneKey, kUTC: kUTC, kEcho: kEcho, kTrue: kTrue),
                    outputsBlock(s: s)]

        c.triggers = [
            .manual,
            .schedule(PlanContents.Schedule(
                minutes: 1 | 1 << 30 | 1 << 59, hours: 1 << 9 | 1 << 23, daysOfMonth: 0xFFFF_FFFE,
                months: 0x1FFE, daysOfWeek: 0b0111110, restrictions: 0b10, timeZone: s("Europe/Paris"))),
            .webhook(path: s("/hooks/review"), methods: 0b1010, secret: s("HOOK_SECRET")),
            .watch(path: s("docs"), patterns: [s("*.md"), s("*.txt")], events: 0b101, debounceMilliseconds: 500),
        ]

        var retry = PlanContents.Policy()
        retry.maxAttempts = 3
        retry.initialMilliseconds = 500
        retry.maxMilliseconds = 8000
        retry.backoffPermille = 1500
        retry.jitter = false
        retry.circuitThreshold = 3
        retry.circuitResetMilliseconds = 30_000
        retry.failoverMaxSwitches = 1
        retry.failoverOn = FailoverCauses.failure | FailoverCauses.timeout
        c.policies = [PlanContents.Policy(), retry]

        var m = PlanContents.Metadata()
        m.name = s("review")
        m.version = s("1.2.0")
        m.compiler = s("aiwc 0.1.0")
        m.sources = [
            PlanContents.Source(path: s("review.md"), sha256: Array(SHA256.hash(data: Array("# review\n".utf8)))),
            PlanContents.Source(path: s(".aiworkflow/agents.yaml"), sha256: Array(SHA256.hash(data: Array("agents: {}\n".utf8)))),
        ]
        var topic = PlanContents.Input(name: s("topic"), type: .string)
        topic.required = true
        var count = PlanContents.Input(name: s("count"), type: .integer)
        count.defaultValue = k42
        count.minimum = k42
        count.allowed = outputSchema
        var enabled = PlanContents.Input(name: s("enabled"), type: .boolean)
        enabled.defaultValue = kTrue
        topic.pattern = s("^[a-z]+$")
        m.inputs = [topic, count, enabled, PlanContents.Input(name: s("extra"), type: .object)]
        m.secrets = [s("LOCAL_KEY"), s("HOOK_SECRET")]
        m.agentOrder = [0, 1]
        c.metadata = m

        c.strings = pool.strings
        return c
    }

    /// Block 0: each step's shape as lowering emits it.
    private static func mainBlock(s: (String) -> UInt32, kPrefix: UInt32, k42: UInt32, kZoneKey: UInt32, kUTC: UInt32,
                                  kEcho: UInt32, kTrue: UInt32) -> PlanContents.CodeBlock {
        var asm = Assembler(firstLine: 10)

        // Step 0: attempt, validate, retry or fail over back to the attempt, commit.
        let begin0 = asm.emit(.stepBegin, b: 0)
        let attempt = asm.next
        asm.emit(.circuitCheck, a: retryPolicy)
        asm.emit(.const, a: kPrefix)
        asm.emit(.loadInput, a: s("topic"))
        asm.emit(.call, a: BuiltinFunction.trim.rawValue, b: 1)
        asm.emit(.text, a: 2)
        asm.emit(.callAgent, a: 0)
        asm.emit(.validate, a: 4)
        asm.emit(.retry, a: attempt, b: UInt16(retryPolicy))
        asm.emit(.failover, a: attempt, b: UInt16(retryPolicy))
        asm.emit(.commit, a: 0)
        asm.patch(begin0, to: asm.next)

        // Step 1, under `if: inputs.count < 42 and inputs.enabled`: skipped when false.
        let begin1 = asm.emit(.stepBegin, b: 1)
        asm.emit(.loadInput, a: s("count"))
        asm.emit(.const, a: k42)
        asm.emit(.less)
        asm.emit(.toBoolean)
        let shortCircuit = asm.emit(.jumpIfFalse)
        asm.emit(.loadInput, a: s("enabled"))
        asm.emit(.const, a: kTrue)
        asm.emit(.equal)
        asm.emit(.toBoolean)
        let orElse = asm.emit(.jumpIfFalse)
        asm.emit(.const, a: kZoneKey)
        asm.emit(.const, a: kUTC)
        asm.emit(.object, a: 1)
        asm.emit(.callTool, a: 1)
        asm.emit(.commit, a: 1)
        let over = asm.emit(.jump)
        asm.patch(shortCircuit, to: asm.next)
        asm.patch(orElse, to: asm.next)
        asm.emit(.skip, a: 1)
        asm.patch(begin1, to: asm.next)
        asm.patch(over, to: asm.next)

        // Step 2, `foreach: steps.summarise.output.tags`: one command per tag, outputs collected.
        let begin2 = asm.emit(.stepBegin, b: 2)
        asm.emit(.loadStep, a: 0)
        asm.emit(.field, a: s("output"))
        asm.emit(.field, a: s("tags"))
        asm.emit(.foreachBegin, a: 2)
        let loop = asm.next
        let nextItem = asm.emit(.foreachNext, b: 2)
        asm.emit(.const, a: kEcho)
        asm.emit(.loadIndex)
        asm.emit(.loadItem)
        asm.emit(.text, a: 2)
        asm.emit(.runCommand, a: 2, b: 2)
        asm.emit(.foreachCollect, a: 2)
        asm.emit(.jump, a: loop)
        asm.patch(nextItem, to: asm.next)
        asm.emit(.foreachEnd, a: 2)
        asm.emit(.commit, a: 2)
        asm.patch(begin2, to: asm.next)
        asm.emit(.end)
        return asm.block(.main)
    }

    /// Block 1: the workflow's outputs.
    private static func outputsBlock(s: (String) -> UInt32) -> PlanContents.CodeBlock {
        var asm = Assembler(firstLine: 3)
        asm.emit(.loadStep, a: 0)
        asm.emit(.field, a: s("output"))
        asm.emit(.output, a: s("summary"))
        asm.emit(.loadStep, a: 2)
        asm.emit(.field, a: s("output"))
        asm.emit(.call, a: BuiltinFunction.len.rawValue, b: 1)
        asm.emit(.output, a: s("count"))
        asm.emit(.loadWorkflow, source: 1)
        asm.emit(.field, a: s("name"), source: 1)
        asm.emit(.loadRun, source: 1)
        asm.emit(.field, a: s("id"), source: 1)
        asm.emit(.text, a: 2, source: 1)
        asm.emit(.output, a: s("run"), source: 1)
        asm.emit(.end)
        return asm.block(.outputs)
    }

    /// The sample's bytes (a failure to encode is a broken test, so it traps).
    static func bytes() -> [UInt8] {
        do { return try PlanWriter.encode(contents()) } catch { fatalError("the sample plan does not encode: \(error)") }
    }

    /// The smallest valid plan: no steps, two blocks that only end.
    static func minimal() -> PlanContents {
        var c = PlanContents()
        c.strings = ["w", "aiwc"]
        c.policies = [PlanContents.Policy()]
        for kind in [PlanContents.BlockKind.main, .outputs] {
            var block = PlanContents.CodeBlock(kind: kind)
            block.instructions = [Instruction(.end)]
            block.positions = [PlanContents.SourcePosition(source: 0, line: 1, column: 1)]
            c.blocks.append(block)
        }
        c.metadata.name = 0
        c.metadata.compiler = 1
        c.metadata.sources = [PlanContents.Source(path: 0, sha256: [UInt8](repeating: 0xAB, count: 32))]
        return c
    }
}
