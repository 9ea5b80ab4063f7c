package io.traceflow.core.store;

import static io.traceflow.core.store.TestDb.count;
import static io.traceflow.core.store.TestDb.exec;
import static io.traceflow.core.store.TestDb.sha256;
import static io.traceflow.core.store.TestDb.string;
import static io.traceflow.core.store.TestDb.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceStoreTest {
    /** Tables, with the FTS5 index (version 3) and the shadow tables SQLite keeps behind it. */
    private static final List<String> TABLES = List.of("agent_runs", "evals", "llm_cache", "steps", "steps_fts",
            "steps_fts_config", "steps_fts_data", "steps_fts_docsize", "steps_fts_idx", "traces");
    private static final List<String> INDEXES = List.of("evals_by_name", "evals_by_step", "evals_one_per_evaluator",
            "steps_by_model", "steps_by_started_at", "steps_by_trace", "traces_by_name", "traces_by_started_at",
            "traces_by_status");

    @TempDir
    Path dir;

    @Test
    void freshFileGetsCurrentSchemaApplicationIdAndWal() throws Exception {
        Path db = dir.resolve("sub/folder/traces.db");
        try (Connection c = TraceStore.openForWriting(db)) {
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(Migrator.userVersion(c)).isEqualTo(Schema.CURRENT_VERSION);
            assertThat(count(c, "PRAGMA application_id")).isEqualTo(Schema.APPLICATION_ID).isEqualTo(0x5472466C);
            assertThat(string(c, "PRAGMA journal_mode")).isEqualToIgnoringCase("wal");
            assertThat(count(c, "PRAGMA busy_timeout")).isEqualTo(5000);
            assertThat(count(c, "PRAGMA synchronous")).isEqualTo(1); // NORMAL
            assertThat(count(c, "PRAGMA foreign_keys")).isEqualTo(1);
            assertThat(strings(c, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
                    .containsExactlyElementsOf(TABLES);
            assertThat(strings(c, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                    + " ORDER BY name")).containsExactlyElementsOf(INDEXES);
        }
        assertThat(db).isRegularFile();
        byte[] header = Files.readAllBytes(db);
        assertThat(new String(header, 0, 15, StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3");
        // bytes 68..71: application id, big-endian "TrFl"
        assertThat(new String(header, 68, 4, StandardCharsets.US_ASCII)).isEqualTo("TrFl");
    }

    @Test
    void readOnlyConnectionHasTheSameSettingsAndCannotWrite() throws Exception {
        Path db = dir.resolve("ro.db");
        TraceStore.openForWriting(db).close();
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(count(c, "PRAGMA busy_timeout")).isEqualTo(5000);
            assertThat(count(c, "PRAGMA foreign_keys")).isEqualTo(1);
            assertThat(string(c, "PRAGMA journal_mode")).isEqualToIgnoringCase("wal");
            assertThatThrownBy(() -> exec(c, "INSERT INTO llm_cache (key, request_json, response_json, created_at)"
                    + " VALUES ('k', '{}', '{}', 1)")).hasMessageContaining("readonly");
        }
    }

    @Test
    void reopeningIsIdempotentAndKeepsData() throws Exception {
        Path db = dir.resolve("again.db");
        String schemaBefore;
        try (Connection c = TraceStore.openForWriting(db)) {
            exec(c, "INSERT INTO traces (id, started_at) VALUES ('t1', 1000)");
            schemaBefore = String.join("\n", strings(c, "SELECT sql FROM sqlite_master ORDER BY name"));
        }
        for (int i = 0; i < 3; i++) {
            try (Connection c = TraceStore.openForWriting(db)) {
                assertThat(Migrator.userVersion(c)).isEqualTo(Schema.CURRENT_VERSION);
                assertThat(String.join("\n", strings(c, "SELECT sql FROM sqlite_master ORDER BY name")))
                        .isEqualTo(schemaBefore);
                assertThat(count(c, "SELECT count(*) FROM traces")).isEqualTo(1);
            }
        }
        try (Connection c = TraceStore.openExisting(db)) {
            assertThat(count(c, "SELECT count(*) FROM traces")).isEqualTo(1);
        }
    }

    @Test
    void zeroByteFileIsMigrated() throws Exception {
        Path db = dir.resolve("empty.db");
        Files.createFile(db);
        try (Connection c = TraceStore.openForWriting(db)) {
            assertThat(Migrator.userVersion(c)).isEqualTo(Schema.CURRENT_VERSION);
            assertThat(count(c, "PRAGMA application_id")).isEqualTo(Schema.APPLICATION_ID);
            assertThat(strings(c, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
                    .containsExactlyElementsOf(TABLES);
        }
    }

    @Test
    void emptySqliteFileAtVersionZeroIsMigrated() throws Exception {
        Path db = dir.resolve("v0.db");
        try (Connection c = TestDb.raw(db)) {
            exec(c, "PRAGMA page_size = 8192", "VACUUM"); // forces a real, table-less SQLite file
        }
        assertThat(Files.size(db)).isPositive();
        try (Connection c = TraceStore.openForWriting(db)) {
            assertThat(Migrator.userVersion(c)).isEqualTo(Schema.CURRENT_VERSION);
            assertThat(count(c, "SELECT count(*) FROM traces")).isZero();
        }
    }

    @Test
    void readOnlyRefusesAnEmptySqliteFile() throws Exception {
        Path db = dir.resolve("blank.db");
        try (Connection c = TestDb.raw(db)) {
            exec(c, "VACUUM");
        }
        String before = sha256(db);
        assertThatThrownBy(() -> TraceStore.openReadOnly(db)).isInstanceOf(StoreException.class)
                .hasMessageContaining("not yet a TraceFlow database");
        assertThat(sha256(db)).isEqualTo(before);
    }

    /** A file written by a newer TraceFlow (rollback journal, as a checkpointed copy could be). */
    private Path newerSchemaFile(String name) throws Exception {
        Path db = dir.resolve(name);
        try (Connection c = TestDb.raw(db)) {
            exec(c, "CREATE TABLE traces (id TEXT PRIMARY KEY, started_at INTEGER NOT NULL, future TEXT)",
                    "INSERT INTO traces VALUES ('t1', 1, 'x')",
                    "PRAGMA application_id = " + Schema.APPLICATION_ID,
                    "PRAGMA user_version = " + (Schema.CURRENT_VERSION + 7));
        }
        return db;
    }

    @Test
    void newerSchemaIsRefusedForWritingAndLeftUntouched() throws Exception {
        Path db = newerSchemaFile("newer.db");
        String before = sha256(db);
        assertThatThrownBy(() -> TraceStore.openForWriting(db)).isInstanceOf(SchemaTooNewException.class)
                .hasMessageContaining("schema version " + (Schema.CURRENT_VERSION + 7))
                .hasMessageContaining("not modified");
        assertThat(sha256(db)).as("file bytes after a refused open").isEqualTo(before);
        assertThat(db.resolveSibling("newer.db-wal")).doesNotExist();
        assertThatThrownBy(() -> TraceStore.openExisting(db)).isInstanceOf(SchemaTooNewException.class);
        assertThat(sha256(db)).isEqualTo(before);
    }

    @Test
    void newerSchemaIsRefusedForReadingAndLeftUntouched() throws Exception {
        Path db = newerSchemaFile("newer-ro.db");
        String before = sha256(db);
        assertThatThrownBy(() -> TraceStore.openReadOnly(db)).isInstanceOf(SchemaTooNewException.class);
        assertThat(sha256(db)).isEqualTo(before);
    }

    @Test
    void newerSchemaInWalModeIsRefusedAndLeftUntouched() throws Exception {
        Path db = dir.resolve("newer-wal.db");
        try (Connection c = TraceStore.openForWriting(db)) {
            exec(c, "INSERT INTO traces (id, started_at) VALUES ('t1', 1)",
                    "PRAGMA user_version = " + (Schema.CURRENT_VERSION + 1));
        }
        String before = sha256(db);
        assertThatThrownBy(() -> TraceStore.openForWriting(db)).isInstanceOf(SchemaTooNewException.class);
        assertThat(sha256(db)).isEqualTo(before);
    }

    @Test
    void nonSqliteFileIsRefusedWithAClearMessageAndLeftUntouched() throws Exception {
        Path db = dir.resolve("notes.txt");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            text.append("line ").append(i).append(": this is not a database, just some text\n");
        }
        Files.writeString(db, text);
        String before = sha256(db);
        assertThatThrownBy(() -> TraceStore.openForWriting(db)).isInstanceOf(StoreException.class)
                .isNotInstanceOf(SchemaTooNewException.class)
                .hasMessageContaining(db.toAbsolutePath().toString())
                .hasMessageContaining("is not a SQLite database");
        assertThatThrownBy(() -> TraceStore.openReadOnly(db)).isInstanceOf(StoreException.class)
                .hasMessageContaining("is not a SQLite database");
        assertThat(sha256(db)).isEqualTo(before);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("notes.txt");
    }

    @Test
    void foreignSqliteDatabaseIsRefusedAndLeftUntouched() throws Exception {
        Path db = dir.resolve("someone-else.db");
        try (Connection c = TestDb.raw(db)) {
            exec(c, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)",
                    "INSERT INTO customers (name) VALUES ('Ada')");
        }
        String before = sha256(db);
        assertThatThrownBy(() -> TraceStore.openForWriting(db)).isInstanceOf(StoreException.class)
                .hasMessageContaining("not a TraceFlow one");
        assertThatThrownBy(() -> TraceStore.openReadOnly(db)).isInstanceOf(StoreException.class)
                .hasMessageContaining("not a TraceFlow one");
        assertThat(sha256(db)).isEqualTo(before);
    }

    @Test
    void foreignSqliteDatabaseWithOnlyAUserVersionIsRefused() throws Exception {
        Path db = dir.resolve("versioned.db");
        try (Connection c = TestDb.raw(db)) {
            exec(c, "PRAGMA user_version = 3");
        }
        String before = sha256(db);
        assertThatThrownBy(() -> TraceStore.openForWriting(db)).isInstanceOf(StoreException.class)
                .hasMessageContaining("not a TraceFlow one");
        assertThat(sha256(db)).isEqualTo(before);
    }

    @Test
    void readOnlyOpenOfAMissingFileSaysSoAndCreatesNothing() {
        Path db = dir.resolve("missing.db");
        assertThatThrownBy(() -> TraceStore.openReadOnly(db)).isInstanceOf(StoreException.class)
                .hasMessage(db.toAbsolutePath() + ": no such file");
        assertThatThrownBy(() -> TraceStore.openExisting(db)).isInstanceOf(StoreException.class)
                .hasMessageContaining("no such file");
        assertThat(db).doesNotExist();
    }

    @Test
    void writingUnderARegularFileGivesAClearMessage() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> TraceStore.openForWriting(file.resolve("traces.db")))
                .isInstanceOf(StoreException.class).hasMessageContaining("cannot create the folder");
    }

    @Test
    void foreignKeysCascadeFromTracesToStepsToEvals() throws Exception {
        Path db = dir.resolve("fk.db");
        try (Connection c = TraceStore.openForWriting(db)) {
            exec(c, "INSERT INTO traces (id, started_at) VALUES ('t1', 1)",
                    "INSERT INTO steps (id, trace_id, seq, operation, started_at, status)"
                            + " VALUES ('s1', 't1', 1, 'chat', 1, 'ok')",
                    "INSERT INTO evals (id, step_id, name, created_at) VALUES ('e1', 's1', 'len', 2)");
            assertThatThrownBy(() -> exec(c, "INSERT INTO evals (id, step_id, name, created_at)"
                    + " VALUES ('e2', 'nope', 'len', 2)")).hasMessageContaining("FOREIGN KEY");
            exec(c, "DELETE FROM traces WHERE id = 't1'");
            assertThat(count(c, "SELECT count(*) FROM steps")).isZero();
            assertThat(count(c, "SELECT count(*) FROM evals")).isZero();
        }
    }
}
