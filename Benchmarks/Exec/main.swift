import Glibc

/// Times `aiwvm exec` as whole processes against what it cannot avoid (scripts/bench-exec):
///
/// 1. a plan of N agent steps (the stand-in agent, kind `claude-code`) against
///    `bench-exec-spawn` running the stand-in N times with the same prompt: the VM's
///    overhead per agent step, (t_exec − t_bare) / N, limit 50 ms;
/// 2. plans of 1 and 1+K command steps (`/bin/true` unless WORK/command names another)
///    against `bench-exec-spawn` running the same command 1 and 1+K times: the marginal
///    cost of a command step over a bare spawn,
///    (t_exec(1+K) − t_exec(1)) / (t_spawn(1+K) − t_spawn(1)), limit 1.3;
/// 3. `aiwvm exec` of a one-step plan (`/bin/true`) against a Swift hello-world: start-up,
///    limit 2.
///
/// Every command runs once per round, in an order rotated each round, after one warm-up
/// round; each figure is the median of its per-round values (a ratio is taken within a
/// round, so both sides meet the same machine). Exit status 1 when a limit is missed and
/// STRICT is 1, else 0; 2 when a command fails or the arguments are wrong.
///
///     bench-exec WORK BIN TMPFS AGENT_STEPS COMMAND_STEPS ROUNDS STRICT [OTHER_AIWVM]
///
/// WORK holds `startup.plan` (one `/bin/true` step), `agent-1.plan`, `agent-N.plan`,
/// `command-1.plan`, `command-(1+K).plan`,
/// `prompt` (what aiwvm sends the stand-in) and `command` (the command steps' argument
/// vector, one word a line); the runs' state database is `WORK/state/aiwvm.db`,
/// one for all runs, as in a project; `hello-dynamic` is the hello-world built by `swiftc -O`.
/// BIN holds `aiwvm`, `aiw-agent-stand-in`, `bench-exec-spawn` and `bench-exec-hello`. TMPFS is a folder on a file system whose
/// flushes cost nothing (`/dev/shm`), for the runs that show what the flushes cost, or `-`.
/// OTHER_AIWVM, when given, is another build of aiwvm (a prototype) timed beside the first
/// on the same plans, with its own state database; it is reported, never gated.

let arguments = CommandLine.arguments
guard arguments.count == 8 || arguments.count == 9, let agentSteps = Int(arguments[4]), agentSteps >= 2,
      let commandSteps = Int(arguments[5]), commandSteps >= 1, let rounds = Int(arguments[6]), rounds >= 1 else {
    fail("usage: bench-exec WORK BIN TMPFS|- AGENT_STEPS(>=2) COMMAND_STEPS(>=1) ROUNDS STRICT [OTHER_AIWVM]")
}
let work = arguments[1]
let bin = arguments[2]
let tmpfs: String? = arguments[3] == "-" ? nil : arguments[3]
let strict = arguments[7] == "1"
let other: String? = arguments.count == 9 ? arguments[8] : nil

let aiwvm = bin + "/aiwvm"
let spawner = bin + "/bench-exec-spawn"
let standIn = [bin + "/aiw-agent-stand-in", "-p", "--output-format", "json"]
let database = work + "/state/aiwvm.db"
let agentPlan = "agent-\(agentSteps).plan"
let commandPlan = "command-\(commandSteps + 1).plan"
let command = String(decoding: Runner.read(work + "/command"), as: UTF8.self).split(separator: "\n").map(String.init)
guard let program = command.first, program.hasPrefix("/") else { fail("\(work)/command must hold an absolute path, then its arguments") }

/// `aiwvm exec` of a plan in WORK, quiet, with its state in `state`.
func exec(_ plan: String, state: String = database, vm: String = aiwvm) -> [String] {
    [vm, "exec", "\(work)/\(plan)", "--quiet", "--state", state]
}

/// A command to time; `argv` gets the run's number, for runs that need a new database each.
struct Measurement {
    let name: String
    let argv: (Int) -> [String]
}

/// Whether the command steps are the start-up plan's own `/bin/true`: then the one-step
/// runs serve both figures.
let commandIsTrue = command == ["/bin/true"]
let exec1 = commandIsTrue ? "aiwvm exec, 1 step" : "aiwvm exec, 1 command step"
let execK = "aiwvm exec, \(commandSteps + 1) command steps"
let agentN = "aiwvm exec, \(agentSteps) agent steps"

/// The runs of one build of aiwvm, with its state in `state` (and `tmpfs`), named after
/// `prefix`: start-up (`startup.plan`, one `/bin/true` step), command and agent steps.
func runs(of vm: String, prefix: String, state: String, tmpfs: String?) -> [Measurement] {
    var list = [
        Measurement(name: prefix + "aiwvm exec --dry-run, 1 step") { _ in [vm, "exec", "\(work)/startup.plan", "--dry-run", "--quiet"] },
        Measurement(name: prefix + "aiwvm exec, 1 step") { _ in exec("startup.plan", state: state, vm: vm) },
        Measurement(name: prefix + execK) { _ in exec(commandPlan, state: state, vm: vm) },
        Measurement(name: prefix + agentN) { _ in exec(agentPlan, state: state, vm: vm) },
    ]
    if !commandIsTrue {
        list.append(Measurement(name: prefix + exec1) { _ in exec("command-1.plan", state: state, vm: vm) })
    }
    if let tmpfs {
        list += [
            Measurement(name: prefix + "aiwvm exec, 1 step, tmpfs") { _ in exec("startup.plan", state: tmpfs, vm: vm) },
            Measurement(name: prefix + execK + ", tmpfs") { _ in exec(commandPlan, state: tmpfs, vm: vm) },
            Measurement(name: prefix + agentN + ", tmpfs") { _ in exec(agentPlan, state: tmpfs, vm: vm) },
        ]
        if !commandIsTrue {
            list.append(Measurement(name: prefix + exec1 + ", tmpfs") { _ in exec("command-1.plan", state: tmpfs, vm: vm) })
        }
    }
    return list
}

var measurements: [Measurement] = [
    // The Swift hello-world as `swiftc -O` makes it (linked to the Swift libraries
    // dynamically): the gate's base. Beside it the same program linked as aiwvm is
    // (`--static-swift-stdlib`), so the ratio against it is on record too.
    Measurement(name: "hello-world") { _ in [work + "/hello-dynamic"] },
    Measurement(name: "hello-world, static") { _ in [bin + "/bench-exec-hello"] },
    Measurement(name: "aiwvm --version") { _ in [aiwvm, "--version"] },
    Measurement(name: "aiwvm verify, 1 step") { _ in [aiwvm, "verify", "\(work)/startup.plan"] },
    Measurement(name: "aiwvm exec, 1 step, new database") { run in exec("startup.plan", state: "\(work)/new/\(run)/aiwvm.db") },
    Measurement(name: "spawn command x1") { _ in [spawner, "1", "-"] + command },
    Measurement(name: "spawn command x\(commandSteps + 1)") { _ in [spawner, "\(commandSteps + 1)", "-"] + command },
    Measurement(name: "aiwvm exec, 1 agent step") { _ in exec("agent-1.plan") },
    Measurement(name: "spawn stand-in x1") { _ in [spawner, "1", "\(work)/prompt"] + standIn },
    Measurement(name: "spawn stand-in x\(agentSteps)") { _ in [spawner, "\(agentSteps)", "\(work)/prompt"] + standIn },
]
measurements += runs(of: aiwvm, prefix: "", state: database, tmpfs: tmpfs.map { $0 + "/aiwvm.db" })
if let other {
    measurements += runs(of: other, prefix: "other: ", state: work + "/other-state/aiwvm.db", tmpfs: nil)
}
// Listed by figure: start-up, command steps, agent steps, then the other build's.
let order = ["hello-world", "hello-world, static", "aiwvm --version", "aiwvm verify, 1 step", "aiwvm exec --dry-run, 1 step", "aiwvm exec, 1 step",
             "aiwvm exec, 1 step, new database", "aiwvm exec, 1 step, tmpfs", "spawn command x1", exec1, exec1 + ", tmpfs",
             "spawn command x\(commandSteps + 1)", execK, execK + ", tmpfs", "spawn stand-in x1", "aiwvm exec, 1 agent step",
             "spawn stand-in x\(agentSteps)", agentN, agentN + ", tmpfs"]
measurements = measurements.enumerated().sorted { a, b in
    let (x, y) = (order.firstIndex(of: a.element.name) ?? order.count, order.firstIndex(of: b.element.name) ?? order.count)
    return x != y ? x < y : a.offset < b.offset
}.map(\.element)

let runner = Runner(stderrPath: work + "/stderr")
var samples = [[Sample]](repeating: [], count: measurements.count)
var run = 0

/// Runs every measurement once, starting at a different one each round.
@MainActor
func round(_ number: Int, keep: Bool) {
    for offset in 0..<measurements.count {
        let k = (offset + number) % measurements.count
        run += 1
        let sample = runner.time(measurements[k].argv(run))
        if keep { samples[k].append(sample) }
    }
}

/// The samples of the measurement named `name`, by round.
@MainActor
func walls(_ name: String) -> [Double] {
    guard let k = measurements.firstIndex(where: { $0.name == name }) else { fail("no measurement '\(name)'") }
    return samples[k].map(\.wall)
}

/// A figure computed from each round's walls, in milliseconds or as a ratio.
struct Figure {
    let name: String
    let values: [Double]
    var middle: Double { median(values) }
    var low: Double { values.min() ?? .nan }
    var high: Double { values.max() ?? .nan }
}

/// Per round: `f` of the walls of the named measurements (in seconds).
@MainActor
func figure(_ name: String, _ names: [String], _ f: ([Double]) -> Double) -> Figure {
    let series = names.map { walls($0) }
    return Figure(name: name, values: (0..<rounds).map { r in f(series.map { $0[r] }) })
}

let meter = LoadMeter()
print("== \(rounds) rounds (after 1 warm-up round) of \(measurements.count) commands, interleaved; "
      + "\(agentSteps) agent steps, 1 and \(commandSteps + 1) command steps; state database \(database) (one for all runs); "
      + "load average \(meter.startLoad)")
print("== command steps: \(command.joined(separator: " "))")
round(0, keep: false)
for r in 1...rounds {
    round(r, keep: true)
}
let load = meter.report()

print("\n== medians of \(rounds) runs each (whole processes)")
print(padRight("command", 44) + pad("wall ms", 10) + pad("min", 9) + pad("max", 9) + pad("CPU ms", 9))
for (k, m) in measurements.enumerated() {
    let w = samples[k].map { $0.wall * 1000 }
    let c = samples[k].map { $0.cpu * 1000 }
    print(padRight(m.name, 44) + fixed(median(w), 2, width: 10) + fixed(w.min() ?? .nan, 2, width: 9)
          + fixed(w.max() ?? .nan, 2, width: 9) + fixed(median(c), 2, width: 9))
}

let n = Double(agentSteps)
let k = Double(commandSteps)
let bareN = "spawn stand-in x\(agentSteps)"
let spawnK = "spawn command x\(commandSteps + 1)"
let spawn1 = "spawn command x1"
let hello = "hello-world"

let agentOverhead = figure("VM overhead per agent step, ms: (t_exec(N) - t_bare(N)) / N", [agentN, bareN]) { ($0[0] - $0[1]) / n * 1000 }
let commandRatio = figure("command step / bare spawn, marginal", [execK, exec1, spawnK, spawn1]) { ($0[0] - $0[1]) / ($0[2] - $0[3]) }
let startupRatio = figure("aiwvm exec 1 step (/bin/true) / hello-world", ["aiwvm exec, 1 step", hello]) { $0[0] / $0[1] }

var details: [Figure] = [
    agentOverhead,
    figure("  marginal: ((t_exec(N) - t_exec(1)) - (t_bare(N) - t_bare(1))) / (N-1), ms",
           [agentN, "aiwvm exec, 1 agent step", bareN, "spawn stand-in x1"]) { (($0[0] - $0[1]) - ($0[2] - $0[3])) / (n - 1) * 1000 },
    figure("  bare stand-in spawn, per call, ms", [bareN]) { $0[0] / n * 1000 },
    figure("command step, marginal, ms: (t_exec(1+K) - t_exec(1)) / K", [execK, exec1]) { ($0[0] - $0[1]) / k * 1000 },
    figure("bare spawn of the command, marginal, ms", [spawnK, spawn1]) { ($0[0] - $0[1]) / k * 1000 },
    commandRatio,
    figure("  whole run, 1 step: aiwvm exec / spawn x1", [exec1, spawn1]) { $0[0] / $0[1] },
    startupRatio,
    figure("  aiwvm exec 1 step / hello-world linked statically", ["aiwvm exec, 1 step", "hello-world, static"]) { $0[0] / $0[1] },
    figure("  aiwvm --version / hello-world", ["aiwvm --version", hello]) { $0[0] / $0[1] },
    figure("  aiwvm verify / hello-world", ["aiwvm verify, 1 step", hello]) { $0[0] / $0[1] },
    figure("  aiwvm exec --dry-run / hello-world", ["aiwvm exec --dry-run, 1 step", hello]) { $0[0] / $0[1] },
    figure("  aiwvm exec, new database / hello-world", ["aiwvm exec, 1 step, new database", hello]) { $0[0] / $0[1] },
]
if tmpfs != nil {
    details += [
        figure("disk flushes per agent step, ms: (t_exec(N) - t_exec(N, tmpfs)) / N",
               [agentN, agentN + ", tmpfs"]) { ($0[0] - $0[1]) / n * 1000 },
        figure("VM overhead per agent step without flushes (tmpfs), ms", [agentN + ", tmpfs", bareN]) { ($0[0] - $0[1]) / n * 1000 },
        figure("command step / bare spawn, marginal, tmpfs",
               [execK + ", tmpfs", exec1 + ", tmpfs", spawnK, spawn1]) { ($0[0] - $0[1]) / ($0[2] - $0[3]) },
        figure("aiwvm exec 1 step, tmpfs / hello-world", ["aiwvm exec, 1 step, tmpfs", hello]) { $0[0] / $0[1] },
    ]
}

if other != nil {
    details += [
        figure("other: VM overhead per agent step, ms", ["other: " + agentN, bareN]) { ($0[0] - $0[1]) / n * 1000 },
        figure("other: command step / bare spawn, marginal",
               ["other: " + execK, "other: " + exec1, spawnK, spawn1]) { ($0[0] - $0[1]) / ($0[2] - $0[3]) },
        figure("other: aiwvm exec 1 step / hello-world", ["other: aiwvm exec, 1 step", hello]) { $0[0] / $0[1] },
        figure("other: aiwvm exec --dry-run / hello-world", ["other: aiwvm exec --dry-run, 1 step", hello]) { $0[0] / $0[1] },
    ]
}

print("\n== figures (median of the per-round values, [min, max])")
for f in details {
    print(padRight(f.name, 78) + fixed(f.middle, 2, width: 9) + "  [" + fixed(f.low, 2) + ", " + fixed(f.high, 2) + "]")
}

/// One requirement: a figure against its limit.
struct Requirement {
    let name: String
    let figure: Figure
    let limit: Double
    let unit: String
    /// Whether the limit is strict (`<`) rather than inclusive (`<=`).
    let below: Bool

    /// A figure at or under zero means the machine's noise swamped what was measured.
    var measured: Bool { figure.middle > 0 }
    var met: Bool { measured && (below ? figure.middle < limit : figure.middle <= limit) }
    var verdict: String { !measured ? "NOISE (machine too busy)" : met ? "ok" : "MISSED" }
}

let requirements = [
    Requirement(name: "VM overhead per agent step", figure: agentOverhead, limit: 50, unit: " ms", below: true),
    Requirement(name: "command step / bare spawn (marginal)", figure: commandRatio, limit: 1.3, unit: "x", below: false),
    Requirement(name: "aiwvm exec start-up / hello-world", figure: startupRatio, limit: 2, unit: "x", below: false),
]
print("\n== summary (\(load))")
print(padRight("requirement", 40) + padRight("median [min, max]", 28) + padRight("limit", 12) + "verdict")
for q in requirements {
    let measured = fixed(q.figure.middle, 2) + q.unit + " [" + fixed(q.figure.low, 2) + ", " + fixed(q.figure.high, 2) + "]"
    let limit = (q.below ? "< " : "<= ") + fixed(q.limit, q.limit < 10 ? 1 : 0) + q.unit
    print(padRight(q.name, 40) + padRight(measured, 28) + padRight(limit, 12) + q.verdict)
}
let missed = requirements.filter { !$0.met }.count
if missed > 0 {
    print(strict ? "\(missed) limit(s) missed (BENCH_STRICT=1: exit 1)" : "\(missed) limit(s) missed (exit 0; BENCH_STRICT=1 makes it exit 1)")
}
exit(strict && missed > 0 ? 1 : 0)
