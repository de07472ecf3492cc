import Plan

/// What a run's expressions can read (docs/vm.md §4): its inputs, the declared environment
/// and secrets, the records of the steps that have run, and what started it.
public struct RunContext: Sendable {
    /// The bound inputs, in declaration order (``InputBinding``).
    public var inputs: [Value.Field] = []
    /// Declared environment variables, by name, with their values for this run.
    public var env: [Value.Field] = []
    /// Declared secrets, by name, read from the environment when the run starts.
    public var secrets: [Value.Field] = []
    /// Each step's record (`{output, status}`) by step index; nil for a step that has not run.
    public var steps: [Value?] = []
    /// What started the run: `kind` and the trigger's fields.
    public var trigger: Value = .object([Value.Field("kind", .string("manual"))])
    /// The run's `id` and `started_at`.
    public var run: Value = .object([])
    /// The innermost `foreach` element and position, when in one.
    public var item: (value: Value, index: Int)?

    /// Creates an empty context.
    public init() {}
}

/// Runs expression code of a verified plan: the opcodes that compute values (loads,
/// operators, calls, interpolation, conditional jumps) and `output`. The outputs block runs
/// entirely on it; step code reaches it between the opcodes that run steps.
public struct ExpressionMachine {
    let plan: VerifiedPlan

    /// A machine for a verified plan.
    public init(_ plan: VerifiedPlan) { self.plan = plan }

    /// How deep a value built by `array` and `object` instructions may nest. Values from
    /// outside (inputs, step outputs, `fromJSON`) are at most ``JSONReader/maxDepth`` deep;
    /// without a bound, a plan could build a value so deep that writing it as JSON or
    /// releasing it would overflow the thread's stack.
    public static let maxDepth = 2 * JSONReader.maxDepth

    /// Runs block 1: the workflow's outputs, in the order the workflow declares them.
    public func outputs(_ context: RunContext) throws(ExpressionError) -> [Value.Field] {
        try plan.withInstructions(block: 1) { (code: PlanInstructions) throws(ExpressionError) -> [Value.Field] in
            var stack = ValueStack(capacity: plan.maxStack(block: 1))
            var outputs: [Value.Field] = []
            var pc = 0
            while true {
                let i = code[pc]
                switch i.opcode {
                case .end: return outputs
                case .output:
                    outputs.append(Value.Field(plan.string(i.a), stack.pop()))
                    pc += 1
                default:
                    pc = try step(i, at: pc, &stack, context)
                }
            }
        }
    }

    /// Runs one expression instruction and gives the next instruction's index. The verifier
    /// proved every operand in range and every stack height, so pops never find it empty.
    func step(_ i: Instruction, at pc: Int, _ stack: inout ValueStack, _ context: RunContext) throws(ExpressionError) -> Int {
        // What comes from outside the plan is at most this deep.
        let outside = JSONReader.maxDepth + 1
        switch i.opcode {
        case .const: stack.push(Value(plan.constant(i.a), in: plan), depth: 0)
        case .loadInput: stack.push(lookup(context.inputs, plan.string(i.a)), depth: outside)
        case .loadInputs: stack.push(.object(context.inputs), depth: outside + 1)
        case .loadStep: stack.push(Int(i.a) < context.steps.count ? context.steps[Int(i.a)] ?? .null : .null, depth: outside + 1)
        case .loadEnv: stack.push(lookup(context.env, plan.string(i.a)), depth: 0)
        case .loadEnvs: stack.push(.object(context.env), depth: 1)
        case .loadSecret: stack.push(lookup(context.secrets, plan.string(i.a)), depth: 0)
        case .loadSecrets: stack.push(.object(context.secrets), depth: 1)
        case .loadTrigger: stack.push(context.trigger, depth: outside + 1)
        case .loadRun: stack.push(context.run, depth: 1)
        case .loadWorkflow: stack.push(workflow, depth: 1)
        case .loadItem, .loadIndex:
            guard let item = context.item else { throw ExpressionError("'\(i.opcode == .loadItem ? "item" : "index")' is read outside a foreach step") }
            stack.push(i.opcode == .loadItem ? item.value : .integer(Int64(item.index)), depth: outside + 1)
        case .loadSteps:
            var records: [Value.Field] = []
            for (k, record) in context.steps.enumerated() {
                if let record { records.append(Value.Field(plan.string(plan.step(k).id), record)) }
            }
            stack.push(.object(records), depth: outside + 2)
        case .field:
            let (v, depth) = stack.popWithDepth()
            stack.push(try Operators.field(v, plan.string(i.a)), depth: depth)
        case .index:
            let (index, _) = stack.popWithDepth()
            let (v, depth) = stack.popWithDepth()
            stack.push(try Operators.index(v, index), depth: depth)
        case .not, .negate:
            let (v, depth) = stack.popWithDepth()
            stack.push(try Operators.unary(i.opcode, v), depth: depth)
        case .add, .subtract, .multiply, .divide, .remainder, .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual, .contains:
            let (b, db) = stack.popWithDepth()
            let (a, da) = stack.popWithDepth()
            stack.push(try Operators.binary(i.opcode, a, b), depth: max(da, db))
        case .call:
            let (args, depth) = stack.pop(Int(i.b))
            // The verifier proved A a function index.
            guard let f = BuiltinFunction(rawValue: i.a) else { throw ExpressionError("no function \(i.a)") }
            stack.push(try Functions.call(f, args), depth: max(depth, f == .fromJSON ? outside : 0))
        case .array:
            let (items, depth) = stack.pop(Int(i.a))
            try stack.push(built: .array(items), depth: depth + 1)
        case .object:
            let (pairs, depth) = stack.pop(2 * Int(i.a))
            var fields: [Value.Field] = []
            for k in stride(from: 0, to: pairs.count, by: 2) {
                guard case .string(let name) = pairs[k] else { throw ExpressionError("an object key must be a string, not \(Text.article(pairs[k]))") }
                fields.append(Value.Field(name, pairs[k + 1]))
            }
            try stack.push(built: Value.object(uniquing: fields), depth: depth + 1)
        case .text:
            let (values, _) = stack.pop(Int(i.a))
            stack.push(.string(Operators.text(values[...])), depth: 0)
        case .pop: _ = stack.pop()
        case .toBoolean: _ = try Operators.condition(stack.top)
        case .jump: return Int(i.a)
        case .jumpIfFalse: return try Operators.condition(stack.pop()) ? pc + 1 : Int(i.a)
        case .jumpIfTrue: return try Operators.condition(stack.pop()) ? Int(i.a) : pc + 1
        default: throw ExpressionError("'\(i.opcode.info.name)' is not an expression instruction")
        }
        return pc + 1
    }

    /// The workflow's `name` and `version`.
    var workflow: Value {
        let version = plan.workflowVersion
        return .object([Value.Field("name", .string(plan.string(plan.workflowName))),
                        Value.Field("version", version == PlanContents.none ? .null : .string(plan.string(version)))])
    }

    func lookup(_ fields: [Value.Field], _ name: String) -> Value {
        fields.first { Text.same($0.name, name) }?.value ?? .null
    }
}

/// The machine's stack: each value with a bound on how deeply it nests, so that building a
/// value deeper than ``ExpressionMachine/maxDepth`` fails the step.
struct ValueStack {
    private var values: [Value] = []
    private var depths: [Int] = []

    init(capacity: Int) {
        values.reserveCapacity(capacity)
        depths.reserveCapacity(capacity)
    }

    var top: Value { values[values.count - 1] }

    var count: Int { values.count }

    mutating func push(_ v: Value, depth: Int) {
        values.append(v)
        depths.append(depth)
    }

    /// Pushes a value an `array` or `object` instruction built, refusing one too deep.
    mutating func push(built v: Value, depth: Int) throws(ExpressionError) {
        guard depth <= ExpressionMachine.maxDepth else {
            throw ExpressionError("a value would nest deeper than \(ExpressionMachine.maxDepth) levels")
        }
        push(v, depth: depth)
    }

    mutating func pop() -> Value {
        depths.removeLast()
        return values.removeLast()
    }

    mutating func popWithDepth() -> (Value, Int) {
        let depth = depths.removeLast()
        return (values.removeLast(), depth)
    }

    /// The top `n` values, deepest first, and the largest of their depths.
    mutating func pop(_ n: Int) -> ([Value], Int) {
        let items = Array(values[(values.count - n)...])
        let depth = depths[(depths.count - n)...].max() ?? 0
        values.removeLast(n)
        depths.removeLast(n)
        return (items, depth)
    }
}
