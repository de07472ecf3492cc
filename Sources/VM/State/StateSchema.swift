import GRDB

/// The state database's schema, built by GRDB migrations (the `grdb_migrations` table
/// lists those applied). Migrations only ever add: a released migration is never edited,
/// so an older `aiwvm` can tell a newer database apart (it has migrations it does not know).
///
/// Migration `v1`. Times are `INTEGER` milliseconds since the Unix epoch (UTC); `*_json`
/// columns hold JSON text the VM serialised; every other value is as the record holds it.
///
///     runs       id TEXT PK, workflow, plan_path, plan_digest (hex), inputs_json,
///                trigger_json, status ('running'|'succeeded'|'failed'|'interrupted'),
///                started_at, ended_at?, error?, outputs_json?, owner_pid, owner_host,
///                cost_usd REAL, input_tokens, output_tokens
///                indices: (started_at), (workflow, started_at), (status, started_at)
///     steps      PK (run_id → runs, step_index), step_id,
///                status ('succeeded'|'failed'|'skipped'), output_json?, attempts,
///                started_at, ended_at, error?, cost_usd REAL
///     attempts   id INTEGER PK (insertion order), run_id → runs, step_index, step_id,
///                iteration, number, agent?, status ('succeeded'|'failed'), failure_kind?,
///                message?, exit_status?, started_at, duration_ms, cost_usd?,
///                input_tokens?, output_tokens?, session_id?, folder?
///                index: (run_id, step_index, iteration, number)
///     events     PK (run_id → runs, sequence), at, type, json
///     failovers  id INTEGER PK (insertion order), run_id → runs, step_index, step_id,
///                from_agent, to_agent?, reason, at
///                index: (run_id, id)
///     circuits   agent TEXT PK, state ('closed'|'open'|'half_open'), failures,
///                successes, opened_at?, updated_at
///
/// Columns marked `?` may be NULL; the others are NOT NULL. Rows referring to a run are
/// deleted with it (`ON DELETE CASCADE`).
///
/// Attempts and failovers get their own row id rather than a natural key: a step that
/// resume runs again may number its attempts from 1 again, and both histories are kept.
enum StateSchema {
    /// How many migrations this VM knows. Once they are applied, the database's
    /// `user_version` is set to it, so that opening a database that is up to date reads one
    /// pragma instead of running the migrator (which reads and may create its table on
    /// every open). A later migration must raise it; a newer VM's larger number is how an
    /// older one recognises a database it does not know.
    static let generation = 1

    /// The migrations, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: v1)
        }
        return migrator
    }

    /// Migration `v1`: the tables above.
    static let v1 = """
        CREATE TABLE runs (
            id TEXT NOT NULL PRIMARY KEY,
            workflow TEXT NOT NULL,
            plan_path TEXT NOT NULL,
            plan_digest TEXT NOT NULL,
            inputs_json TEXT NOT NULL,
            trigger_json TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
            started_at INTEGER NOT NULL,
            ended_at INTEGER,
            error TEXT,
            outputs_json TEXT,
            owner_pid INTEGER NOT NULL,
            owner_host TEXT NOT NULL,
            cost_usd REAL NOT NULL DEFAULT 0,
            input_tokens INTEGER NOT NULL DEFAULT 0,
            output_tokens INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX runs_by_started ON runs (started_at);
        CREATE INDEX runs_by_workflow ON runs (workflow, started_at);
        CREATE INDEX runs_by_status ON runs (status, started_at);

        CREATE TABLE steps (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            step_index INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('succeeded', 'failed', 'skipped')),
            output_json TEXT,
            attempts INTEGER NOT NULL,
            started_at INTEGER NOT NULL,
            ended_at INTEGER NOT NULL,
            error TEXT,
            cost_usd REAL NOT NULL,
            PRIMARY KEY (run_id, step_index)
        );

        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            step_index INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            iteration INTEGER NOT NULL,
            number INTEGER NOT NULL,
            agent TEXT,
            status TEXT NOT NULL CHECK (status IN ('succeeded', 'failed')),
            failure_kind TEXT,
            message TEXT,
            exit_status INTEGER,
            started_at INTEGER NOT NULL,
            duration_ms INTEGER NOT NULL,
            cost_usd REAL,
            input_tokens INTEGER,
            output_tokens INTEGER,
            session_id TEXT,
            folder TEXT
        );
        CREATE INDEX attempts_by_step ON attempts (run_id, step_index, iteration, number);

        CREATE TABLE events (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            sequence INTEGER NOT NULL,
            at INTEGER NOT NULL,
            type TEXT NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (run_id, sequence)
        );

        CREATE TABLE failovers (
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            step_index INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            from_agent TEXT NOT NULL,
            to_agent TEXT,
            reason TEXT NOT NULL,
            at INTEGER NOT NULL
        );
        CREATE INDEX failovers_by_run ON failovers (run_id, id);

        CREATE TABLE circuits (
            agent TEXT NOT NULL PRIMARY KEY,
            state TEXT NOT NULL CHECK (state IN ('closed', 'open', 'half_open')),
            failures INTEGER NOT NULL,
            successes INTEGER NOT NULL,
            opened_at INTEGER,
            updated_at INTEGER NOT NULL
        );
        """
}
