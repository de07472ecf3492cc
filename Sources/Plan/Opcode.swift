/// The instruction set: every opcode with its operands and stack effect, in one table that
/// the lowering, the verifier, the disassembler, docs/isa.md and the VM all read (Lua's
/// `lopcodes.h` habit: the layout is drawn once).
///
/// An instruction is 8 bytes: the opcode (1 byte), a reserved byte that must be zero, the
/// operand B (16 bits) and the operand A (32 bits), little-endian.
public enum Opcode: UInt8, CaseIterable, Sendable {
    // Values
    case const = 0x01
    case loadInput = 0x02
    case loadInputs = 0x03
    case loadStep = 0x04
    case loadEnv = 0x05
    case loadEnvs = 0x06
    case loadSecret = 0x07
    case loadSecrets = 0x08
    case loadTrigger = 0x09
    case loadRun = 0x0A
    case loadWorkflow = 0x0B
    case loadItem = 0x0C
    case loadIndex = 0x0D
    case loadSteps = 0x0E
    case field = 0x10
    case index = 0x11
    case not = 0x12
    case negate = 0x13
    case add = 0x14
    case subtract = 0x15
    case multiply = 0x16
    case divide = 0x17
    case remainder = 0x18
    case less = 0x19
    case lessOrEqual = 0x1A
    case greater = 0x1B
    case greaterOrEqual = 0x1C
    case equal = 0x1D
    case notEqual = 0x1E
    case contains = 0x1F
    case call = 0x20
    case array = 0x21
    case object = 0x22
    case text = 0x23
    case pop = 0x24
    case toBoolean = 0x25
    // Control
    case jump = 0x30
    case jumpIfFalse = 0x31
    case jumpIfTrue = 0x32
    case end = 0x33
    // Steps and policies
    case stepBegin = 0x40
    case skip = 0x41
    case callAgent = 0x42
    case callTool = 0x43
    case runCommand = 0x44
    case validate = 0x45
    case circuitCheck = 0x46
    case retry = 0x47
    case failover = 0x48
    case commit = 0x49
    case foreachBegin = 0x4A
    case foreachNext = 0x4B
    case foreachCollect = 0x4C
    case foreachEnd = 0x4D
    case output = 0x4E
    case envSet = 0x4F

    /// The opcode's row of the table.
    public var info: OpcodeInfo { OpcodeInfo.table[Int(rawValue)]! }

    /// The mnemonic of an opcode byte, or the byte in hex when it is none (for messages).
    static func name(_ byte: UInt8) -> String {
        Opcode(rawValue: byte)?.info.name ?? "0x" + String(byte, radix: 16)
    }
}

/// The parts of a table row that verification reads for every instruction, without the
/// texts (copying a row would count references to its strings).
struct OpcodeShape: Sendable {
    var a: OperandKind
    var b: OperandKind
    var pops: StackPops
    var pushes: Int
    var ends: Bool

    /// The shapes by opcode byte (nil: not an opcode).
    static let table: [OpcodeShape?] = OpcodeInfo.table.map { row in
        row.map { OpcodeShape(a: $0.a, b: $0.b, pops: $0.pops, pushes: $0.pushes, ends: $0.ends) }
    }

    var jumps: Bool { a == .target }

    func popCount(a: UInt32, b: UInt16) -> Int { pops.count(a: a, b: b) }
}

/// What an operand of an instruction is.
public enum OperandKind: String, Sendable {
    /// Unused: must be zero.
    case none
    /// An index into the constants.
    case constant
    /// An index into the strings.
    case string
    /// An index into the steps.
    case step
    /// An index into the fixed function library (``BuiltinFunction``).
    case function
    /// A number of values (taken from the stack).
    case count
    /// An instruction index in the same code block.
    case target
    /// An index into the policies.
    case policy
    /// An index into the schemas.
    case schema
}

/// How many values an instruction takes from the stack.
public enum StackPops: Sendable, Equatable {
    /// A fixed number.
    case fixed(Int)
    /// The value of operand A.
    case operandA
    /// Twice the value of operand A (key and value pairs).
    case twiceOperandA
    /// The value of operand B.
    case operandB

    /// The number of values taken by an instruction with these operands.
    public func count(a: UInt32, b: UInt16) -> Int {
        switch self {
        case .fixed(let n): n
        case .operandA: Int(a)
        case .twiceOperandA: 2 * Int(a)
        case .operandB: Int(b)
        }
    }
}

/// One row of the instruction table.
public struct OpcodeInfo: Sendable {
    /// The opcode.
    public let opcode: Opcode
    /// Its name in listings and docs/isa.md.
    public let name: String
    /// What operand A is.
    public let a: OperandKind
    /// What operand B is.
    public let b: OperandKind
    /// Values taken from the stack.
    public let pops: StackPops
    /// Values put on the stack when execution goes on to the next instruction. When the
    /// instruction jumps, it puts none: the height at the target is the height after the pops.
    public let pushes: Int
    /// Whether execution never goes on to the next instruction (`jump`, `end`).
    public let ends: Bool
    /// What it does, one sentence (docs/isa.md).
    public let summary: String

    init(_ opcode: Opcode, _ name: String, a: OperandKind = .none, b: OperandKind = .none,
         pops: StackPops = .fixed(0), pushes: Int = 0, ends: Bool = false, _ summary: String) {
        self.opcode = opcode
        self.name = name
        self.a = a
        self.b = b
        self.pops = pops
        self.pushes = pushes
        self.ends = ends
        self.summary = summary
    }

    /// Whether operand A is a jump target.
    public var jumps: Bool { a == .target }

    /// The number of values taken for an instruction's operands.
    public func popCount(a: UInt32, b: UInt16) -> Int { pops.count(a: a, b: b) }

    /// Every row, in opcode order.
    public static let all: [OpcodeInfo] = [
        OpcodeInfo(.const, "const", a: .constant, pushes: 1, "Push constant A."),
        OpcodeInfo(.loadInput, "load.input", a: .string, pushes: 1, "Push the input named by string A."),
        OpcodeInfo(.loadInputs, "load.inputs", pushes: 1, "Push every input, as an object."),
        OpcodeInfo(.loadStep, "load.step", a: .step, pushes: 1, "Push step A's record: an object with `output` and `status`."),
        OpcodeInfo(.loadEnv, "load.env", a: .string, pushes: 1, "Push the environment variable named by string A (a step's `env` first, then the workflow's)."),
        OpcodeInfo(.loadEnvs, "load.envs", pushes: 1, "Push every declared environment variable, as an object."),
        OpcodeInfo(.loadSecret, "load.secret", a: .string, pushes: 1, "Push the secret named by string A, read from the environment when the run starts."),
        OpcodeInfo(.loadSecrets, "load.secrets", pushes: 1, "Push every declared secret, as an object."),
        OpcodeInfo(.loadTrigger, "load.trigger", pushes: 1, "Push what started the run (`kind` and the trigger's fields)."),
        OpcodeInfo(.loadRun, "load.run", pushes: 1, "Push the run's `id` and `started_at`."),
        OpcodeInfo(.loadWorkflow, "load.workflow", pushes: 1, "Push the workflow's `name` and `version`."),
        OpcodeInfo(.loadItem, "load.item", pushes: 1, "Push the current element of the innermost `foreach`."),
        OpcodeInfo(.loadIndex, "load.index", pushes: 1, "Push the current position (from 0) of the innermost `foreach`."),
        OpcodeInfo(.loadSteps, "load.steps", pushes: 1, "Push the records of every step that has run, as an object by step id."),
        OpcodeInfo(.field, "field", a: .string, pops: .fixed(1), pushes: 1, "Replace an object by its field named by string A (null when absent)."),
        OpcodeInfo(.index, "index", pops: .fixed(2), pushes: 1, "Pop an index and a value; push the element, character or field it names (null when absent)."),
        OpcodeInfo(.not, "not", pops: .fixed(1), pushes: 1, "Logical not of a boolean."),
        OpcodeInfo(.negate, "negate", pops: .fixed(1), pushes: 1, "Arithmetic negation."),
        OpcodeInfo(.add, "add", pops: .fixed(2), pushes: 1, "Sum of two numbers, or two texts joined."),
        OpcodeInfo(.subtract, "subtract", pops: .fixed(2), pushes: 1, "Difference of two numbers."),
        OpcodeInfo(.multiply, "multiply", pops: .fixed(2), pushes: 1, "Product of two numbers."),
        OpcodeInfo(.divide, "divide", pops: .fixed(2), pushes: 1, "Quotient of two numbers (a division by zero fails the step)."),
        OpcodeInfo(.remainder, "remainder", pops: .fixed(2), pushes: 1, "Remainder of two integers (by zero fails the step)."),
        OpcodeInfo(.less, "less", pops: .fixed(2), pushes: 1, "Whether the first is less than the second."),
        OpcodeInfo(.lessOrEqual, "less.or.equal", pops: .fixed(2), pushes: 1, "Whether the first is at most the second."),
        OpcodeInfo(.greater, "greater", pops: .fixed(2), pushes: 1, "Whether the first is greater than the second."),
        OpcodeInfo(.greaterOrEqual, "greater.or.equal", pops: .fixed(2), pushes: 1, "Whether the first is at least the second."),
        OpcodeInfo(.equal, "equal", pops: .fixed(2), pushes: 1, "Whether the two are equal (numbers by value, arrays and objects deeply)."),
        OpcodeInfo(.notEqual, "not.equal", pops: .fixed(2), pushes: 1, "Whether the two differ."),
        OpcodeInfo(.contains, "in", pops: .fixed(2), pushes: 1, "Whether the first is an element of the array, a key of the object or a substring of the text that is second."),
        OpcodeInfo(.call, "call", a: .function, b: .count, pops: .operandB, pushes: 1, "Call library function A with the top B values (the first argument deepest)."),
        OpcodeInfo(.array, "array", a: .count, pops: .operandA, pushes: 1, "Pop A values; push them as an array, first deepest."),
        OpcodeInfo(.object, "object", a: .count, pops: .twiceOperandA, pushes: 1, "Pop A key and value pairs (key first, each key a text); push them as an object."),
        OpcodeInfo(.text, "text", a: .count, pops: .operandA, pushes: 1, "Pop A values; push their texts joined (arrays and objects as JSON, null as empty)."),
        OpcodeInfo(.pop, "pop", pops: .fixed(1), "Discard the top value."),
        OpcodeInfo(.toBoolean, "to.boolean", pops: .fixed(1), pushes: 1, "Fail the step unless the top value is a boolean (conditions)."),
        OpcodeInfo(.jump, "jump", a: .target, ends: true, "Continue at instruction A."),
        OpcodeInfo(.jumpIfFalse, "jump.if.false", a: .target, pops: .fixed(1), "Pop a boolean; continue at instruction A when it is false."),
        OpcodeInfo(.jumpIfTrue, "jump.if.true", a: .target, pops: .fixed(1), "Pop a boolean; continue at instruction A when it is true."),
        OpcodeInfo(.end, "end", ends: true, "End the code block; the stack must be empty."),
        OpcodeInfo(.stepBegin, "step.begin", a: .target, b: .step, "Start step B; when a resumed run has already committed it, continue at instruction A."),
        OpcodeInfo(.skip, "skip", a: .step, "Record step A as skipped (its `if` was false)."),
        OpcodeInfo(.callAgent, "call.agent", a: .step, pops: .fixed(1), pushes: 1, "One attempt of step A's agent with the prompt on the stack; push its answer, or null when the attempt failed."),
        OpcodeInfo(.callTool, "call.tool", a: .step, pops: .fixed(1), pushes: 1, "One attempt of step A's tool with the arguments object on the stack; push the result, or null on failure."),
        OpcodeInfo(.runCommand, "run.command", a: .step, b: .count, pops: .operandB, pushes: 1, "One attempt of step A's command: the top B texts are its argument vector; push its standard output, or null on failure."),
        OpcodeInfo(.validate, "validate", a: .schema, pops: .fixed(1), pushes: 1, "Check the top value against schema A when the attempt succeeded; a mismatch fails the attempt (and is fed back on retry)."),
        OpcodeInfo(.circuitCheck, "circuit.check", a: .policy, "When the circuit of the agent in use is open (policy A), fail the next attempt without running it."),
        OpcodeInfo(.retry, "retry", a: .target, b: .policy, pops: .fixed(1), pushes: 1, "When the attempt failed and policy B allows another, wait its backoff, drop the value and continue at instruction A."),
        OpcodeInfo(.failover, "failover", a: .target, b: .policy, pops: .fixed(1), pushes: 1, "When the attempt failed and policy B allows a switch, move to the next healthy agent, drop the value and continue at instruction A."),
        OpcodeInfo(.commit, "commit", a: .step, pops: .fixed(1), "Record step A's output durably; when its attempts failed, record the failure and go on with `continue_on_error`, else end the run failed."),
        OpcodeInfo(.foreachBegin, "foreach.begin", a: .step, pops: .fixed(1), "Start iterating step A over the array on the stack."),
        OpcodeInfo(.foreachNext, "foreach.next", a: .target, b: .step, "Move step B's iteration to its next element; when there is none, continue at instruction A."),
        OpcodeInfo(.foreachCollect, "foreach.collect", a: .step, pops: .fixed(1), "Add the value on the stack to step A's outputs."),
        OpcodeInfo(.foreachEnd, "foreach.end", a: .step, pushes: 1, "Push step A's outputs, in order, as an array."),
        OpcodeInfo(.output, "output", a: .string, pops: .fixed(1), "Set the workflow output named by string A."),
        OpcodeInfo(.envSet, "env.set", a: .string, pops: .fixed(1), "Set the environment variable named by string A to the text of the top value: for the step that has begun, or, before any step, for the whole run (format 0.3)."),
    ]

    /// The rows by opcode byte (nil: not an opcode).
    public static let table: [OpcodeInfo?] = {
        var rows = [OpcodeInfo?](repeating: nil, count: 256)
        for row in all { rows[Int(row.opcode.rawValue)] = row }
        return rows
    }()
}

/// One instruction, as stored.
public struct Instruction: Sendable, Hashable {
    /// The opcode.
    public var opcode: Opcode
    /// Operand B.
    public var b: UInt16
    /// Operand A.
    public var a: UInt32

    /// Creates an instruction.
    public init(_ opcode: Opcode, a: UInt32 = 0, b: UInt16 = 0) {
        self.opcode = opcode
        self.a = a
        self.b = b
    }

    /// Bytes of one instruction.
    public static let size = 8
}

/// The fixed function library, by index (operand A of `call`). The compiler's typed
/// signatures (Sema's `FunctionLibrary`) and this table list the same functions; a test
/// keeps them in step.
public enum BuiltinFunction: UInt32, CaseIterable, Sendable {
    case contains, `default`, endsWith, first, format, fromJSON, join, keys, last, len, lower
    case max, min, replace, round, slice, split, startsWith, toJSON, trim, upper, values

    /// The function's name in expressions.
    public var name: String { Self.names[Int(rawValue)] }

    /// Every name, by index (spelt out once: `String(describing:)` goes through reflection).
    static let names = allCases.map { String(describing: $0) }

    /// The fewest and most arguments (nil: any number from the fewest).
    public var arity: (min: Int, max: Int?) {
        switch self {
        case .contains, .default, .endsWith, .split, .startsWith: (2, 2)
        case .first, .fromJSON, .keys, .last, .len, .lower, .toJSON, .trim, .upper, .values: (1, 1)
        case .format, .max, .min: (1, nil)
        case .join, .round: (1, 2)
        case .replace: (3, 3)
        case .slice: (2, 3)
        }
    }

    /// The function with a name, if the library has it.
    public init?(name: String) {
        guard let i = Self.names.firstIndex(of: name) else { return nil }
        self.init(rawValue: UInt32(i))
    }
}
