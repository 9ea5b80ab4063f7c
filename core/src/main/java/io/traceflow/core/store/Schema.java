package io.traceflow.core.store;

import java.util.List;

/**
 * The SQLite schema, which is a public interface: users open the file with {@code sqlite3}. docs/schema.md
 * documents every table and column; {@code PRAGMA user_version} holds the version; {@link Migrator} moves older
 * files forward.
 *
 * <p>Conventions: every {@code *_at} column is INTEGER Unix epoch milliseconds (UTC); every {@code *_ms} column
 * is REAL milliseconds; booleans are INTEGER 0/1; ids are 26-character time-ordered strings (see {@code Ids}).
 */
public final class Schema {
    /** Marks a file as TraceFlow's ({@code PRAGMA application_id}, the ASCII bytes "TrFl"). */
    public static final int APPLICATION_ID = 0x5472466C;

    public static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "traces, steps, evals, llm_cache and agent_runs", List.of(
                    """
                    CREATE TABLE agent_runs (
                        id               TEXT PRIMARY KEY,
                        pid              INTEGER,
                        host             TEXT,
                        started_at       INTEGER NOT NULL,
                        ended_at         INTEGER,
                        agent_version    TEXT,
                        java_version     TEXT,
                        sqlite_version   TEXT,
                        settings_json    TEXT,
                        instrumentations TEXT,
                        events_written   INTEGER NOT NULL DEFAULT 0,
                        events_dropped   INTEGER NOT NULL DEFAULT 0,
                        events_failed    INTEGER NOT NULL DEFAULT 0,
                        advice_errors    INTEGER NOT NULL DEFAULT 0
                    )""",
                    """
                    CREATE TABLE traces (
                        id           TEXT PRIMARY KEY,
                        name         TEXT,
                        kind         TEXT,
                        started_at   INTEGER NOT NULL,
                        ended_at     INTEGER,
                        status       TEXT NOT NULL DEFAULT 'running',
                        error        TEXT,
                        root_step_id TEXT,
                        memory_id    TEXT,
                        run_id       TEXT
                    )""",
                    "CREATE INDEX traces_by_started_at ON traces(started_at DESC, id DESC)",
                    "CREATE INDEX traces_by_name ON traces(name, started_at DESC)",
                    """
                    CREATE TABLE steps (
                        id                TEXT PRIMARY KEY,
                        trace_id          TEXT NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
                        parent_step_id    TEXT,
                        seq               INTEGER NOT NULL,
                        name              TEXT,
                        provider          TEXT,
                        operation         TEXT NOT NULL,
                        model             TEXT,
                        response_model    TEXT,
                        request_json      TEXT,
                        response_json     TEXT,
                        input_text        TEXT,
                        output_text       TEXT,
                        prompt_tokens     INTEGER,
                        completion_tokens INTEGER,
                        total_tokens      INTEGER,
                        cached_tokens     INTEGER,
                        reasoning_tokens  INTEGER,
                        latency_ms        REAL,
                        ttft_ms           REAL,
                        started_at        INTEGER NOT NULL,
                        ended_at          INTEGER,
                        status            TEXT NOT NULL,
                        error             TEXT,
                        error_type        TEXT,
                        http_status       INTEGER,
                        finish_reason     TEXT,
                        cache_hit         INTEGER NOT NULL DEFAULT 0,
                        saved_ms          REAL,
                        base_url          TEXT,
                        thread            TEXT,
                        truncated         INTEGER NOT NULL DEFAULT 0,
                        attributes_json   TEXT
                    )""",
                    "CREATE INDEX steps_by_trace ON steps(trace_id, seq)",
                    "CREATE INDEX steps_by_started_at ON steps(started_at)",
                    "CREATE INDEX steps_by_model ON steps(model, started_at)",
                    """
                    CREATE TABLE evals (
                        id                TEXT PRIMARY KEY,
                        step_id           TEXT NOT NULL REFERENCES steps(id) ON DELETE CASCADE,
                        name              TEXT NOT NULL,
                        score             REAL,
                        passed            INTEGER,
                        detail            TEXT,
                        evaluator_version TEXT,
                        created_at        INTEGER NOT NULL
                    )""",
                    "CREATE INDEX evals_by_step ON evals(step_id)",
                    "CREATE INDEX evals_by_name ON evals(name, created_at)",
                    """
                    CREATE TABLE llm_cache (
                        key                 TEXT PRIMARY KEY,
                        namespace           TEXT NOT NULL DEFAULT '',
                        provider            TEXT,
                        operation           TEXT,
                        model               TEXT,
                        request_json        TEXT NOT NULL,
                        response_json       TEXT NOT NULL,
                        original_latency_ms REAL,
                        created_at          INTEGER NOT NULL,
                        hit_count           INTEGER NOT NULL DEFAULT 0,
                        last_hit_at         INTEGER
                    )""")),
            // Evaluations (docs/evaluations.md): re-running an evaluator never duplicates a result. Rows that a
            // file may already hold twice are reduced to the oldest first, or the index could not be created.
            new Migration(2, "evals: one result per step, evaluator name and version (unique index"
                    + " evals_one_per_evaluator)", List.of(
                    "DELETE FROM evals WHERE rowid NOT IN (SELECT min(rowid) FROM evals"
                            + " GROUP BY step_id, name, coalesce(evaluator_version, ''))",
                    "CREATE UNIQUE INDEX evals_one_per_evaluator ON evals(step_id, name,"
                            + " coalesce(evaluator_version, ''))")),
            new Migration(3, "full-text search over steps' input and output text; traces by status", List.of(
                    // External content: the text stays in steps only; steps_fts holds just the index. The
                    // triggers keep it in step with every insert, delete and update of the two columns.
                    """
                    CREATE VIRTUAL TABLE steps_fts USING fts5(
                        input_text, output_text,
                        content = 'steps', content_rowid = 'rowid',
                        tokenize = 'unicode61 remove_diacritics 2'
                    )""",
                    """
                    CREATE TRIGGER steps_fts_insert AFTER INSERT ON steps BEGIN
                        INSERT INTO steps_fts (rowid, input_text, output_text)
                        VALUES (new.rowid, new.input_text, new.output_text);
                    END""",
                    """
                    CREATE TRIGGER steps_fts_delete AFTER DELETE ON steps BEGIN
                        INSERT INTO steps_fts (steps_fts, rowid, input_text, output_text)
                        VALUES ('delete', old.rowid, old.input_text, old.output_text);
                    END""",
                    """
                    CREATE TRIGGER steps_fts_update AFTER UPDATE OF input_text, output_text ON steps BEGIN
                        INSERT INTO steps_fts (steps_fts, rowid, input_text, output_text)
                        VALUES ('delete', old.rowid, old.input_text, old.output_text);
                        INSERT INTO steps_fts (rowid, input_text, output_text)
                        VALUES (new.rowid, new.input_text, new.output_text);
                    END""",
                    // Files migrated from version 1 already hold steps: index them once.
                    "INSERT INTO steps_fts (steps_fts) VALUES ('rebuild')",
                    "CREATE INDEX traces_by_status ON traces(status, started_at DESC)")),
            // The neutral message format (docs/schema.md): what every library's calls are read into, in the shapes
            // of the OpenTelemetry GenAI conventions. Steps recorded before are read from the JSON they stored.
            new Migration(4, "the neutral message format: steps.input_messages_json, output_messages_json,"
                    + " system_instructions_json, tool_definitions_json, parameters_json; response_id,"
                    + " cache_creation_tokens", List.of(
                    "ALTER TABLE steps ADD COLUMN response_id TEXT",
                    "ALTER TABLE steps ADD COLUMN cache_creation_tokens INTEGER",
                    "ALTER TABLE steps ADD COLUMN system_instructions_json TEXT",
                    "ALTER TABLE steps ADD COLUMN input_messages_json TEXT",
                    "ALTER TABLE steps ADD COLUMN output_messages_json TEXT",
                    "ALTER TABLE steps ADD COLUMN tool_definitions_json TEXT",
                    "ALTER TABLE steps ADD COLUMN parameters_json TEXT"), new NeutralBackfill()));

    public static final int CURRENT_VERSION = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

    private Schema() {
    }
}
