import GRDB

/// Reading records back from rows. Every column goes through GRDB's throwing `decode`,
/// never the subscript, which traps on a value of the wrong type: the file may have been
/// edited or damaged by something else, and that must be an error, not a crash.
enum StateRows {
    /// A stored value that is not one of an enumeration's raw values.
    struct UnknownValue: Error, CustomStringConvertible {
        var column: String
        var value: String
        var description: String { "unknown \(column) '\(value)' in the database" }
    }

    /// `?, ?, …`: `count` SQL parameters.
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// The enumeration case stored at `index`.
    static func decode<E: RawRepresentable>(_ type: E.Type, _ row: Row, _ index: Int, _ column: String) throws -> E
    where E.RawValue == String {
        let raw = try row.decode(String.self, atIndex: index)
        guard let value = E(rawValue: raw) else { throw UnknownValue(column: column, value: raw) }
        return value
    }
}

extension RunRecord {
    /// The columns ``init(row:)`` reads, in its order.
    static let columns = """
        id, workflow, plan_path, plan_digest, inputs_json, trigger_json, status, started_at, \
        ended_at, error, outputs_json, owner_pid, owner_host, cost_usd, input_tokens, output_tokens
        """

    /// Reads a row selected with ``columns``.
    init(row: Row) throws {
        self.init(id: try row.decode(String.self, atIndex: 0),
                  workflow: try row.decode(String.self, atIndex: 1),
                  planPath: try row.decode(String.self, atIndex: 2),
                  planDigest: try row.decode(String.self, atIndex: 3),
                  inputsJSON: try row.decode(String.self, atIndex: 4),
                  triggerJSON: try row.decode(String.self, atIndex: 5),
                  status: try StateRows.decode(RunStatus.self, row, 6, "run status"),
                  startedAt: try row.decode(Int64.self, atIndex: 7),
                  endedAt: try row.decode(Int64?.self, atIndex: 8),
                  error: try row.decode(String?.self, atIndex: 9),
                  outputsJSON: try row.decode(String?.self, atIndex: 10),
                  ownerPID: try row.decode(Int64.self, atIndex: 11),
                  ownerHost: try row.decode(String.self, atIndex: 12),
                  costUSD: try row.decode(Double.self, atIndex: 13),
                  inputTokens: try row.decode(Int64.self, atIndex: 14),
                  outputTokens: try row.decode(Int64.self, atIndex: 15))
    }

    /// The values of ``columns``, in order.
    var arguments: StatementArguments {
        [id, workflow, planPath, planDigest, inputsJSON, triggerJSON, status.rawValue, startedAt,
         endedAt, error, outputsJSON, ownerPID, ownerHost, costUSD, inputTokens, outputTokens]
    }
}

extension StepRecord {
    /// The columns ``init(row:)`` reads, in its order.
    static let columns = """
        run_id, step_index, step_id, status, output_json, attempts, started_at, ended_at, error, cost_usd
        """

    /// Reads a row selected with ``columns``.
    init(row: Row) throws {
        self.init(runID: try row.decode(String.self, atIndex: 0),
                  index: try row.decode(Int.self, atIndex: 1),
                  stepID: try row.decode(String.self, atIndex: 2),
                  status: try StateRows.decode(StepStatus.self, row, 3, "step status"),
                  outputJSON: try row.decode(String?.self, atIndex: 4),
                  attempts: try row.decode(Int.self, atIndex: 5),
                  startedAt: try row.decode(Int64.self, atIndex: 6),
                  endedAt: try row.decode(Int64.self, atIndex: 7),
                  error: try row.decode(String?.self, atIndex: 8),
                  costUSD: try row.decode(Double.self, atIndex: 9))
    }

    /// The values of ``columns``, in order.
    var arguments: StatementArguments {
        [runID, index, stepID, status.rawValue, outputJSON, attempts, startedAt, endedAt, error, costUSD]
    }
}

extension AttemptRecord {
    /// The columns ``init(row:)`` reads, in its order.
    static let columns = """
        run_id, step_index, step_id, iteration, number, agent, status, failure_kind, message, \
        exit_status, started_at, duration_ms, cost_usd, input_tokens, output_tokens, session_id, folder
        """

    /// Reads a row selected with ``columns``.
    init(row: Row) throws {
        self.init(runID: try row.decode(String.self, atIndex: 0),
                  stepIndex: try row.decode(Int.self, atIndex: 1),
                  stepID: try row.decode(String.self, atIndex: 2),
                  iteration: try row.decode(Int.self, atIndex: 3),
                  number: try row.decode(Int.self, atIndex: 4),
                  agent: try row.decode(String?.self, atIndex: 5),
                  status: try StateRows.decode(AttemptStatus.self, row, 6, "attempt status"),
                  failureKind: try row.decode(String?.self, atIndex: 7),
                  message: try row.decode(String?.self, atIndex: 8),
                  exitStatus: try row.decode(Int64?.self, atIndex: 9),
                  startedAt: try row.decode(Int64.self, atIndex: 10),
                  durationMilliseconds: try row.decode(Int64.self, atIndex: 11),
                  costUSD: try row.decode(Double?.self, atIndex: 12),
                  inputTokens: try row.decode(Int64?.self, atIndex: 13),
                  outputTokens: try row.decode(Int64?.self, atIndex: 14),
                  sessionID: try row.decode(String?.self, atIndex: 15),
                  folder: try row.decode(String?.self, atIndex: 16))
    }

    /// The values of ``columns``, in order.
    var arguments: StatementArguments {
        [runID, stepIndex, stepID, iteration, number, agent, status.rawValue, failureKind, message,
         exitStatus, startedAt, durationMilliseconds, costUSD, inputTokens, outputTokens, sessionID, folder]
    }
}

extension EventRecord {
    /// The columns ``init(row:)`` reads, in its order.
    static let columns = "run_id, sequence, at, type, json"

    /// Reads a row selected with ``columns``.
    init(row: Row) throws {
        self.init(runID: try row.decode(String.self, atIndex: 0),
                  sequence: try row.decode(Int64.self, atIndex: 1),
                  at: try row.decode(Int64.self, atIndex: 2),
                  type: try row.decode(String.self, atIndex: 3),
                  json: try row.decode(String.self, atIndex: 4))
    }

    /// The values of ``columns``, in order.
    var arguments: StatementArguments { [runID, sequence, at, type, json] }
}

extension FailoverRecord {
    /// The columns ``init(row:)`` reads, in its order.
    static let columns = "run_id, step_index, step_id, from_agent, to_agent, reason, at"

    /// Reads a row selected with ``columns``.
    init(row: Row) throws {
        self.init(runID: try row.decode(String.self, atIndex: 0),
                  stepIndex: try row.decode(Int.self, atIndex: 1),
                  stepID: try row.decode(String.self, atIndex: 2),
                  fromAgent: try row.decode(String.self, atIndex: 3),
                  toAgent: try row.decode(String?.self, atIndex: 4),
                  reason: try row.decode(String.self, atIndex: 5),
                  at: try row.decode(Int64.self, atIndex: 6))
    }

    /// The values of ``columns``, in order.
    var arguments: StatementArguments { [runID, stepIndex, stepID, fromAgent, toAgent, reason, at] }
}

extension CircuitRecord {
    /// The columns ``init(row:)`` reads, in its order.
    static let columns = "agent, state, failures, successes, opened_at, updated_at"

    /// Reads a row selected with ``columns``.
    init(row: Row) throws {
        self.init(agent: try row.decode(String.self, atIndex: 0),
                  state: try StateRows.decode(CircuitState.self, row, 1, "circuit state"),
                  failures: try row.decode(Int.self, atIndex: 2),
                  successes: try row.decode(Int.self, atIndex: 3),
                  openedAt: try row.decode(Int64?.self, atIndex: 4),
                  updatedAt: try row.decode(Int64.self, atIndex: 5))
    }

    /// The values of ``columns``, in order.
    var arguments: StatementArguments { [agent, state.rawValue, failures, successes, openedAt, updatedAt] }
}
