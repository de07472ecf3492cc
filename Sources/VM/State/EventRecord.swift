/// One line of a run's NDJSON event stream: a row of the `events` table.
public struct EventRecord: Sendable, Equatable {
    /// The run the event belongs to.
    public var runID: String
    /// The event's number within the run, from 1; resume continues the numbering.
    public var sequence: Int64
    /// When it happened, in milliseconds since the Unix epoch.
    public var at: Int64
    /// The event's type (`step_started`, `attempt_failed`…), kept apart for filtering.
    public var type: String
    /// The whole NDJSON line, as emitted.
    public var json: String

    /// Creates an event record.
    public init(runID: String, sequence: Int64, at: Int64, type: String, json: String) {
        self.runID = runID
        self.sequence = sequence
        self.at = at
        self.type = type
        self.json = json
    }
}
