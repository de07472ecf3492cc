import Plan
import VM

#if canImport(Glibc)
import Glibc
#endif

/// Times the VM's expression instructions (`scripts/bench-vm`; docs/performance.md): a plan
/// whose outputs block computes OUTPUTS outputs of six instructions each (a constant, an
/// input, an addition, a constant, a multiplication, an output), run ITERATIONS times;
/// prints the median time per instruction. Exits 1 when it is over LIMIT nanoseconds
/// (default 1000: the VM stage's "a plain instruction under 1 µs").
///
///     bench-vm-expr [OUTPUTS] [ITERATIONS] [LIMIT]

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

let args = CommandLine.arguments
let outputs = args.count > 1 ? Int(args[1]) ?? 10_000 : 10_000
let iterations = args.count > 2 ? Int(args[2]) ?? 30 : 30
let limit = args.count > 3 ? Double(args[3]) ?? 1000 : 1000

var c = PlanContents()
var strings = StringPool()
let name = strings.index("bench"), compiler = strings.index("bench"), x = strings.index("x")
c.constants = [.integer(3), .integer(7)]
c.policies = [PlanContents.Policy()]
var main = PlanContents.CodeBlock(kind: .main)
main.instructions = [Instruction(.end)]
var block = PlanContents.CodeBlock(kind: .outputs)
for k in 0..<outputs {
    block.instructions += [Instruction(.const, a: 0), Instruction(.loadInput, a: x), Instruction(.add),
                           Instruction(.const, a: 1), Instruction(.multiply), Instruction(.output, a: strings.index("o\(k)"))]
}
block.instructions.append(Instruction(.end))
let position = PlanContents.SourcePosition(source: 0, line: 1, column: 1)
main.positions = [position]
block.positions = Array(repeating: position, count: block.instructions.count)
c.blocks = [main, block]
c.strings = strings.strings
c.metadata.name = name
c.metadata.compiler = compiler
c.metadata.sources = [PlanContents.Source(path: name, sha256: [UInt8](repeating: 0, count: 32))]
var input = PlanContents.Input(name: x, type: .integer)
input.required = true
c.metadata.inputs = [input]

guard let bytes = try? PlanWriter.encode(c), let plan = try? PlanVerifier.verify(bytes) else {
    print("bench-vm-expr: the generated plan was refused")
    exit(2)
}
var context = RunContext()
context.inputs = [Value.Field("x", .integer(5))]
let machine = ExpressionMachine(plan)
let count = block.instructions.count
var times: [Double] = []
var checksum = 0
for _ in 0..<iterations {
    let start = now()
    guard let result = try? machine.outputs(context) else {
        print("bench-vm-expr: the outputs block failed")
        exit(2)
    }
    times.append(now() - start)
    checksum &+= result.count
}
times.sort()
let median = times[times.count / 2]
let perInstruction = median / Double(count) * 1e9
print("outputs block: \(count) instructions (\(outputs) outputs of 6), \(iterations) runs (checksum \(checksum % 10))")
print("median \(Int((median * 1e6).rounded())) µs per run, \(Int(perInstruction.rounded())) ns per instruction (limit \(Int(limit)) ns) \(perInstruction <= limit ? "ok" : "OVER LIMIT")")
exit(perInstruction <= limit ? 0 : 1)
