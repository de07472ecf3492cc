import GRDB

extension StateStore {
    /// The agent's circuit breaker, or nil when none was saved (a closed breaker).
    public func circuit(agent: String) throws(StateError) -> CircuitRecord? {
        try read("cannot read the circuit of agent \(agent)") { db in
            try Row.fetchOne(db, sql: "SELECT \(CircuitRecord.columns) FROM circuits WHERE agent = ?",
                             arguments: [agent]).map(CircuitRecord.init(row:))
        }
    }

    /// Saves the agent's circuit breaker, replacing the one saved before.
    public func saveCircuit(_ circuit: CircuitRecord) throws(StateError) {
        try write("cannot save the circuit of agent \(circuit.agent)") { db in
            try db.execute(sql: "INSERT OR REPLACE INTO circuits (\(CircuitRecord.columns)) VALUES (\(StateRows.placeholders(6)))",
                           arguments: circuit.arguments)
        }
    }
}
