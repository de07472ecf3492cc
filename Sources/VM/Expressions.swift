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

    /// Runs block 1: the workflow's outputs, in the order the workflow declares them.
    public func outputs(_ context: RunContext) throws(ExpressionError) -> [Value.Field] {
        try plan.withInstructions(block: 1) { (code: PlanInstructions) throws(ExpressionError) -> [Value.Field] in
            var stack: [Value] = []
            stack.reserveCapacity(plan.maxStack(block: 1))
            var outputs: [Value.Field] = []
            var pc = 0
            while true {
                let i = code[pc]
                switch i.opcode {
                case .end: return outputs
                case .output:
                    outputs.append(Value.Field(plan.string(i.a), stack.removeLast()))
                    pc += 1
                default:
                    pc = try step(i, at: pc, &stack, context)
                }
            }
        }
    }

    /// Runs one expression instruction and gives the next instruction's index. The verifier
    /// proved every operand in range and every stack height, so pops never find it empty.
    func step(_ i: Instruction, at pc: Int, _ stack: inout [Value], _ context: RunContext) throws(ExpressionError) -> Int {
        switch i.opcode {
        case .const: stack.append(InputBinding.value(of: plan.constant(i.a), plan))
        case .loadInput: stack.append(lookup(context.inputs, plan.string(i.a)))
        case .loadInputs: stack.append(.object(context.inputs))
        case .loadStep: stack.append(Int(i.a) < context.steps.count ? context.steps[Int(i.a)] ?? .null : .null)
        case .loadEnv: stack.append(lookup(context.env, plan.string(i.a)))
        case .loadEnvs: stack.append(.object(context.env))
        case .loadSecret: stack.append(lookup(context.secrets, plan.string(i.a)))
        case .loadSecrets: stack.append(.object(context.secrets))
        case .loadTrigger: stack.append(context.trigger)
        case .loadRun: stack.append(context.run)
        case .loadWorkflow: stack.append(workflow)
        case .loadItem, .loadIndex:
            guard let item = context.item else { throw ExpressionError("'\(i.opcode == .loadItem ? "item" : "index")' is read outside a foreach step") }
            stack.append(i.opcode == .loadItem ? item.value : .integer(Int64(item.index)))
        case .loadSteps:
            var records: [Value.Field] = []
            for (k, record) in context.steps.enumerated() {
                if let record { records.append(Value.Field(plan.string(plan.step(k).id), record)) }
            }
            stack.append(.object(records))
        case .field: stack.append(try Operators.field(stack.removeLast(), plan.string(i.a)))
        case .index:
            let index = stack.removeLast()
            stack.append(try Operators.index(stack.removeLast(), index))
        case .not, .negate: stack.append(try Operators.unary(i.opcode, stack.removeLast()))
        case .add, .subtract, .multiply, .divide, .remainder, .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual, .contains:
            let b = stack.removeLast()
            stack.append(try Operators.binary(i.opcode, stack.removeLast(), b))
        case .call:
            let n = Int(i.b)
            let args = Array(stack[(stack.count - n)...])
            stack.removeLast(n)
            // The verifier proved A a function index.
            guard let f = BuiltinFunction(rawValue: i.a) else { throw ExpressionError("no function \(i.a)") }
            stack.append(try Functions.call(f, args))
        case .array:
            let n = Int(i.a)
            let items = Array(stack[(stack.count - n)...])
            stack.removeLast(n)
            stack.append(.array(items))
        case .object:
            let n = Int(i.a)
            let pairs = stack[(stack.count - 2 * n)...]
            var fields: [Value.Field] = []
            for k in stride(from: pairs.startIndex, to: pairs.endIndex, by: 2) {
                guard case .string(let name) = pairs[k] else { throw ExpressionError("an object key must be a string, not \(Text.article(pairs[k]))") }
                fields.append(Value.Field(name, pairs[k + 1]))
            }
            stack.removeLast(2 * n)
            stack.append(Value.object(uniquing: fields))
        case .text:
            let n = Int(i.a)
            let joined = Operators.text(stack[(stack.count - n)...])
            stack.removeLast(n)
            stack.append(.string(joined))
        case .pop: stack.removeLast()
        case .toBoolean: _ = try Operators.condition(stack[stack.count - 1])
        case .jump: return Int(i.a)
        case .jumpIfFalse: return try Operators.condition(stack.removeLast()) ? pc + 1 : Int(i.a)
        case .jumpIfTrue: return try Operators.condition(stack.removeLast()) ? Int(i.a) : pc + 1
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
