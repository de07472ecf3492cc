import Diagnostics
import Plan
import Syntax

/// Steps to code (docs/plan-format.md §7.2): the attempt, then `retry` and `failover`
/// jumping back to it, as opcodes that carry the step's policy.
extension Lowerer {
    mutating func code(for step: StepSyntax, index i: UInt32, into b: inout BlockBuilder) throws(LoweringError) {
        let at = step.headingSpan.start
        let action = step.actions.first?.root
        let record = contents.steps[Int(i)]
        guard i <= UInt32(UInt16.max), record.policy <= UInt32(UInt16.max) else {
            throw LoweringError("a plan holds at most 65,536 steps and policies", at: step.headingSpan)
        }
        let policy = UInt16(record.policy)
        // A resumed run that has committed this step goes on after it.
        let begin = b.emit(.stepBegin, b: UInt16(i), at: at)
        var toSkip: Int?
        if let condition = action?["if"] {
            try value(condition, &b)
            b.emit(.toBoolean, at: condition.span.start)
            toSkip = b.emit(.jumpIfFalse, at: condition.span.start)
        }
        var loop: (next: UInt32, exit: Int)?
        if let list = action?["foreach"] {
            try value(list, &b)
            b.emit(.foreachBegin, a: i, at: list.span.start)
            let next = b.here
            loop = (next, b.emit(.foreachNext, b: UInt16(i), at: list.span.start))
        }
        // A step's `env` values are templates, set once per step (or per element).
        for pair in action?["env"]?.mapping ?? [] {
            try value(pair.value, &b)
            b.emit(.envSet, a: string(pair.key), at: pair.keySpan.start)
        }
        let attempt = b.here
        switch record.kind {
        case .agent:
            b.emit(.circuitCheck, a: record.policy, at: at)
            try prose([input.workflow.context, step.prompt], &b, at: step.headingSpan)
            b.emit(.callAgent, a: i, at: at)
        case .tool:
            if let with = action?["with"] {
                try value(with, &b)
            } else {
                b.emit(.object, a: 0, at: at)
            }
            b.emit(.callTool, a: i, at: action?["tool"]?.span.start ?? at)
        case .command:
            let argv = action?["run"]?.sequence ?? []
            guard !argv.isEmpty, argv.count <= Int(UInt16.max) else { throw LoweringError("'run' must list the program and its arguments", at: step.headingSpan) }
            for item in argv { try value(item, &b) }
            b.emit(.runCommand, a: i, b: UInt16(argv.count), at: action?["run"]?.span.start ?? at)
        }
        if record.schema != PlanContents.none { b.emit(.validate, a: record.schema, at: action?["output"]?.span.start ?? at) }
        b.emit(.retry, a: attempt, b: policy, at: at)
        if record.kind == .agent { b.emit(.failover, a: attempt, b: policy, at: at) }
        if let loop {
            b.emit(.foreachCollect, a: i, at: at)
            b.emit(.jump, a: loop.next, at: at)
            b.patch(loop.exit, to: b.here)
            b.emit(.foreachEnd, a: i, at: at)
        }
        b.emit(.commit, a: i, at: at)
        if let toSkip {
            let toEnd = b.emit(.jump, at: at)
            b.patch(toSkip, to: b.here)
            b.emit(.skip, a: i, at: at)
            b.patch(toEnd, to: b.here)
        }
        b.patch(begin, to: b.here)
    }
}
