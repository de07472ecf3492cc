import VM

/// How `runs list` and `runs show` present records.
enum RunReport {
    static func value(_ r: RunRecord) -> Value {
        var fields: [Value.Field] = [
            Value.Field("id", .string(r.id)), Value.Field("workflow", .string(r.workflow)), Value.Field("status", .string(r.status.rawValue)),
            Value.Field("started_at", .string(WallClock.iso(r.startedAt))),
            Value.Field("ended_at", r.endedAt.map { .string(WallClock.iso($0)) } ?? .null),
            Value.Field("plan", .string(r.planPath)), Value.Field("plan_digest", .string(r.planDigest)),
            Value.Field("cost_usd", .number(r.costUSD)), Value.Field("input_tokens", .integer(r.inputTokens)),
            Value.Field("output_tokens", .integer(r.outputTokens)),
        ]
        if let e = r.error { fields.append(Value.Field("error", .string(e))) }
        if let o = r.outputsJSON, let v = try? JSONReader.read(o) { fields.append(Value.Field("result", v)) }
        return .object(fields)
    }

    static func value(_ run: RunRecord, steps: [StepRecord], attempts: [AttemptRecord], failovers: [FailoverRecord]) -> Value {
        guard case .object(var fields) = value(run) else { return .null }
        fields.append(Value.Field("steps", .array(steps.map { s in
            var f: [Value.Field] = [
                Value.Field("id", .string(s.stepID)), Value.Field("status", .string(s.status.rawValue)),
                Value.Field("attempts", .integer(Int64(s.attempts))), Value.Field("milliseconds", .integer(s.endedAt - s.startedAt)),
                Value.Field("cost_usd", .number(s.costUSD)),
            ]
            if let e = s.error { f.append(Value.Field("error", .string(e))) }
            if let o = s.outputJSON, let v = try? JSONReader.read(o) { f.append(Value.Field("output", v)) }
            return .object(f)
        })))
        fields.append(Value.Field("attempts", .array(attempts.map { a in
            var f: [Value.Field] = [
                Value.Field("step", .string(a.stepID)), Value.Field("iteration", .integer(Int64(a.iteration))),
                Value.Field("number", .integer(Int64(a.number))), Value.Field("agent", a.agent.map { .string($0) } ?? .null),
                Value.Field("status", .string(a.status.rawValue)), Value.Field("milliseconds", .integer(a.durationMilliseconds)),
            ]
            if let k = a.failureKind { f.append(Value.Field("failure", .string(k))) }
            if let m = a.message { f.append(Value.Field("message", .string(m))) }
            if let c = a.costUSD { f.append(Value.Field("cost_usd", .number(c))) }
            if let folder = a.folder { f.append(Value.Field("folder", .string(folder))) }
            return .object(f)
        })))
        fields.append(Value.Field("failovers", .array(failovers.map { x in
            .object([Value.Field("step", .string(x.stepID)), Value.Field("from", .string(x.fromAgent)),
                     Value.Field("to", x.toAgent.map { .string($0) } ?? .null), Value.Field("reason", .string(x.reason)),
                     Value.Field("at", .string(WallClock.iso(x.at)))])
        })))
        return .object(fields)
    }

    static func print(_ run: RunRecord, steps: [StepRecord], attempts: [AttemptRecord], failovers: [FailoverRecord]) {
        Swift.print("run       \(run.id)")
        Swift.print("workflow  \(run.workflow)")
        Swift.print("status    \(run.status.rawValue)\(run.error.map { ": \($0)" } ?? "")")
        Swift.print("started   \(WallClock.iso(run.startedAt))\(run.endedAt.map { ", took \(Machine.seconds($0 - run.startedAt))" } ?? "")")
        Swift.print("plan      \(run.planPath) (\(run.planDigest.prefix(16))…)")
        if run.costUSD > 0 || run.inputTokens > 0 {
            Swift.print("cost      $\(run.costUSD), \(run.inputTokens) input and \(run.outputTokens) output tokens")
        }
        Swift.print("")
        var rows = [["STEP", "STATUS", "ATTEMPTS", "TIME", "COST"]]
        for s in steps {
            rows.append([s.stepID, s.status.rawValue, "\(s.attempts)", Machine.seconds(s.endedAt - s.startedAt), s.costUSD > 0 ? "$\(s.costUSD)" : "-"])
        }
        table(rows)
        if !attempts.isEmpty {
            Swift.print("")
            var a = [["STEP", "ATTEMPT", "AGENT", "STATUS", "TIME", "DETAIL"]]
            for x in attempts {
                let detail = [x.failureKind, x.message].compactMap { $0 }.joined(separator: ": ")
                a.append([x.stepID + (x.iteration > 0 ? "[\(x.iteration)]" : ""), "\(x.number)", x.agent ?? "-", x.status.rawValue,
                          Machine.seconds(x.durationMilliseconds), String(detail.prefix(120).map { $0 == "\n" ? " " : $0 })])
            }
            table(a)
        }
        if !failovers.isEmpty {
            Swift.print("")
            for f in failovers {
                Swift.print("failover  \(f.stepID): \(f.fromAgent) → \(f.toAgent ?? "none") (\(f.reason))")
            }
        }
    }

    /// Rows in aligned columns.
    static func table(_ rows: [[String]]) {
        var widths: [Int] = []
        for row in rows {
            for (k, cell) in row.enumerated() {
                if k >= widths.count { widths.append(0) }
                widths[k] = max(widths[k], cell.count)
            }
        }
        for row in rows {
            var line = ""
            for (k, cell) in row.enumerated() {
                line += k == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[k] - cell.count + 2)
            }
            Swift.print(line)
        }
    }
}
