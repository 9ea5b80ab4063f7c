package io.traceflow.cli;

import static io.traceflow.core.store.TestDb.count;
import static io.traceflow.core.store.TestDb.exec;
import static io.traceflow.core.store.TestDb.sha256;
import static io.traceflow.core.store.TestDb.string;
import static io.traceflow.core.store.TestDb.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.traceflow.core.TraceFlowVersion;
import io.traceflow.core.store.Schema;
import io.traceflow.core.store.TestDb;
import io.traceflow.core.store.TraceStore;
import io.traceflow.core.util.Ids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TraceFlowCliTest {
    private static final long DAY = TimeUnit.DAYS.toMillis(1);

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\\R"));
        }
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TraceFlowCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static void assertOneLineError(Result r, String... fragments) {
        assertThat(r.code()).as("exit code; err: %s", r.err()).isNotZero();
        assertThat(r.errLines()).as("stderr").hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("traceflow: ").contains(fragments);
    }

    /** Inserts one trace with {@code steps} steps and one eval per step; times in epoch ms. */
    private static void insertTrace(Connection c, String traceId, long startedAt, Long endedAt, int steps,
            String payload) throws Exception {
        try (PreparedStatement t = c.prepareStatement(
                "INSERT INTO traces (id, name, kind, started_at, ended_at, status) VALUES (?, 'Assistant.chat',"
                        + " 'ai_service', ?, ?, ?)")) {
            t.setString(1, traceId);
            t.setLong(2, startedAt);
            if (endedAt == null) {
                t.setNull(3, java.sql.Types.INTEGER);
            } else {
                t.setLong(3, endedAt);
            }
            t.setString(4, endedAt == null ? "running" : "ok");
            t.executeUpdate();
        }
        for (int i = 0; i < steps; i++) {
            String stepId = traceId + "-s" + i;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO steps (id, trace_id, seq, provider, operation,"
                    + " model, started_at, status, cache_hit, request_json) VALUES (?, ?, ?, 'openai', 'chat',"
                    + " 'gpt-test', ?, ?, ?, ?)")) {
                s.setString(1, stepId);
                s.setString(2, traceId);
                s.setInt(3, i);
                s.setLong(4, startedAt);
                s.setString(5, i == 0 ? "error" : "ok");
                s.setInt(6, i == 1 ? 1 : 0);
                s.setString(7, payload);
                s.executeUpdate();
            }
            exec(c, "INSERT INTO evals (id, step_id, name, score, passed, created_at) VALUES ('" + stepId
                    + "-e', '" + stepId + "', 'length', 1.0, 1, " + startedAt + ")");
        }
    }

    private Path populated(String name, int traces, int stepsPerTrace, String payload) throws Exception {
        Path db = dir.resolve(name);
        long now = System.currentTimeMillis();
        try (Connection c = TraceStore.openForWriting(db)) {
            c.setAutoCommit(false);
            for (int i = 0; i < traces; i++) {
                insertTrace(c, Ids.newId(now), now, now + 10, stepsPerTrace, payload);
            }
            exec(c, "INSERT INTO llm_cache (key, request_json, response_json, created_at) VALUES ('k1', '{}', '{}', 1)",
                    "INSERT INTO agent_runs (id, started_at, events_dropped, events_failed, advice_errors)"
                            + " VALUES ('r1', 1, 7, 2, 1)");
            c.commit();
        }
        return db;
    }

    private static long rows(Path db, String table) throws Exception {
        return TestDb.countRows(db, table);
    }

    @Test
    void helpAndVersionExitZero() {
        Result help = cli("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: traceflow", "stats", "vacuum", "backup", "prune");
        assertThat(help.err()).isEmpty();

        Result version = cli("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out().strip()).startsWith("TraceFlow " + TraceFlowVersion.agent())
                .contains("sqlite-jdbc " + TraceFlowVersion.sqliteJdbc());
        assertThat(TraceFlowVersion.agent()).doesNotContain("${").isNotEqualTo("unknown");

        assertThat(cli().code()).as("no command prints usage").isZero();
        for (String command : List.of("stats", "vacuum", "backup", "prune")) {
            Result r = cli(command, "--help");
            assertThat(r.code()).as(command + " --help").isZero();
            assertThat(r.out()).contains("--db");
        }
    }

    @Test
    void statsPrintsCountsAndSizesIncludingTheWal() throws Exception {
        Path db = populated("stats.db", 3, 4, "{}");
        // a writer that stays open keeps un-checkpointed pages in the -wal file
        try (Connection writer = TraceStore.openForWriting(db)) {
            exec(writer, "PRAGMA wal_autocheckpoint = 0");
            insertTrace(writer, Ids.newId(), System.currentTimeMillis(), null, 1, "{}");
            assertThat(db.resolveSibling("stats.db-wal")).isNotEmptyFile();

            Result r = cli("stats", "--db", db.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).containsPattern("(?m)^file +\\Q" + db.toAbsolutePath() + "\\E$")
                    .containsPattern("(?m)^schema version +" + Schema.CURRENT_VERSION + "$")
                    .containsPattern("(?m)^traces +4$")
                    .containsPattern("(?m)^steps +13$")
                    .containsPattern("(?m)^evals +13$")
                    .containsPattern("(?m)^llm_cache +1$")
                    .containsPattern("(?m)^agent_runs +1$")
                    .containsPattern("(?m)^failed steps +4$")
                    .containsPattern("(?m)^cache hits +3$")
                    .containsPattern("(?m)^events dropped +7$")
                    .containsPattern("(?m)^events failed +2$")
                    .containsPattern("(?m)^advice errors +1$")
                    .containsPattern("(?m)^size db +\\S")
                    .containsPattern("(?m)^size -wal +[0-9.]+ KiB \\(\\d+ bytes\\)$")
                    .containsPattern("(?m)^size -shm +\\S");
        }
    }

    @Test
    void statsOnAMissingFileIsOneErrorLine() {
        Path missing = dir.resolve("missing.db");
        Result r = cli("stats", "--db", missing.toString());
        assertOneLineError(r, "no such file", missing.toAbsolutePath().toString());
        assertThat(r.out()).isEmpty();
        assertThat(missing).doesNotExist();
    }

    @Test
    void statsOnANonSqliteFileIsOneErrorLine() throws Exception {
        Path text = Files.writeString(dir.resolve("readme.db"), "# not a database\n".repeat(100));
        String before = sha256(text);
        Result r = cli("stats", "--db", text.toString());
        assertOneLineError(r, "is not a SQLite database");
        assertThat(r.out()).isEmpty();
        assertThat(sha256(text)).isEqualTo(before);
    }

    @Test
    void statsOnANewerSchemaIsOneErrorLine() throws Exception {
        Path db = dir.resolve("newer.db");
        try (Connection c = TraceStore.openForWriting(db)) {
            exec(c, "PRAGMA user_version = " + (Schema.CURRENT_VERSION + 1));
        }
        String before = sha256(db);
        Result r = cli("stats", "--db", db.toString());
        assertOneLineError(r, "newer than this TraceFlow understands");
        assertThat(sha256(db)).isEqualTo(before);
        for (String command : List.of("vacuum", "prune")) {
            Result m = command.equals("prune") ? cli("prune", "--db", db.toString(), "--older-than", "1d")
                    : cli("vacuum", "--db", db.toString());
            assertOneLineError(m, "newer than this TraceFlow understands");
            assertThat(sha256(db)).as(command).isEqualTo(before);
        }
    }

    @Test
    void maintenanceCommandsOnAMissingFileDoNotCreateIt() {
        Path missing = dir.resolve("nothing-here.db");
        assertOneLineError(cli("vacuum", "--db", missing.toString()), "no such file");
        assertOneLineError(cli("prune", "--db", missing.toString(), "--older-than", "30d"), "no such file");
        assertOneLineError(cli("backup", "--db", missing.toString(), "--to", dir.resolve("b.db").toString()),
                "no such file");
        assertThat(missing).doesNotExist();
        assertThat(dir.resolve("b.db")).doesNotExist();
    }

    @Test
    void vacuumShrinksTheFileAndKeepsTheRest() throws Exception {
        Path db = populated("vacuum.db", 200, 2, "z".repeat(2_000));
        try (Connection c = TraceStore.openForWriting(db)) {
            exec(c, "DELETE FROM traces WHERE rowid % 10 != 0", "PRAGMA wal_checkpoint(TRUNCATE)");
        }
        long before = Files.size(db);
        long traces = rows(db, "traces");
        long steps = rows(db, "steps");
        assertThat(traces).isEqualTo(20);

        Result r = cli("vacuum", "--db", db.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("vacuumed " + db.toAbsolutePath());
        assertThat(Files.size(db)).isLessThan(before / 2);
        assertThat(rows(db, "traces")).isEqualTo(traces);
        assertThat(rows(db, "steps")).isEqualTo(steps);
        assertThat(rows(db, "evals")).isEqualTo(steps);
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(string(c, "PRAGMA integrity_check")).isEqualTo("ok");
            assertThat(string(c, "PRAGMA journal_mode")).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void backupMakesAValidCopyAndRefusesToOverwriteWithoutForce() throws Exception {
        Path db = populated("source.db", 50, 3, "{\"q\":\"" + "w".repeat(500) + "\"}");
        Path copy = dir.resolve("backups/copy.db");
        Result r = cli("backup", "--db", db.toString(), "--to", copy.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("backed up", copy.toAbsolutePath().toString());
        for (String table : List.of("traces", "steps", "evals", "llm_cache", "agent_runs")) {
            assertThat(rows(copy, table)).as(table).isEqualTo(rows(db, table));
        }
        try (Connection c = TraceStore.openReadOnly(copy)) {
            assertThat(string(c, "PRAGMA integrity_check")).isEqualTo("ok");
            assertThat(count(c, "PRAGMA application_id")).isEqualTo(Schema.APPLICATION_ID);
        }

        String copyHash = sha256(copy);
        Result again = cli("backup", "--db", db.toString(), "--to", copy.toString());
        assertOneLineError(again, "exists", "--force");
        assertThat(sha256(copy)).isEqualTo(copyHash);

        try (Connection c = TraceStore.openForWriting(db)) {
            insertTrace(c, Ids.newId(), System.currentTimeMillis(), null, 1, "{}");
        }
        Result forced = cli("backup", "--db", db.toString(), "--to", copy.toString(), "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(rows(copy, "traces")).isEqualTo(51);

        assertOneLineError(cli("backup", "--db", db.toString(), "--to", db.toString(), "--force"), "differ");
    }

    @Test
    void backupWhileAnotherThreadKeepsWritingIsConsistent() throws Exception {
        int batch = 20;
        // large enough that the online backup needs many steps (it copies 100 pages per step)
        Path db = populated("busy.db", 600, 2, "p".repeat(3_000));
        long initialTraces = rows(db, "traces");
        assertThat(Files.size(db)).isGreaterThan(100L * 4096 * 5);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong batches = new AtomicLong();
        AtomicReference<Throwable> writerError = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (Connection c = TraceStore.openForWriting(db)) {
                c.setAutoCommit(false);
                while (!stop.get()) {
                    long now = System.currentTimeMillis();
                    for (int i = 0; i < batch; i++) {
                        insertTrace(c, Ids.newId(now), now, now + 1, 1, "{}");
                    }
                    c.commit();
                    batches.incrementAndGet();
                    Thread.sleep(2);
                }
            } catch (Throwable t) {
                writerError.set(t);
            }
        }, "busy-writer");
        writer.start();
        try {
            while (batches.get() < 5 && writer.isAlive()) {
                Thread.sleep(5);
            }
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Path copy = dir.resolve("busy-copy-" + i + ".db");
                Result r = cli("backup", "--db", db.toString(), "--to", copy.toString());
                results.add(r);
                assertThat(r.code()).as(r.err()).isZero();
                try (Connection c = TraceStore.openReadOnly(copy)) {
                    assertThat(string(c, "PRAGMA integrity_check")).isEqualTo("ok");
                    long traces = count(c, "SELECT count(*) FROM traces");
                    assertThat(traces).isGreaterThan(initialTraces);
                    assertThat((traces - initialTraces) % batch).as("whole batches only").isZero();
                    assertThat(count(c, "SELECT count(*) FROM steps")).isEqualTo(traces * 1 + initialTraces);
                    assertThat(count(c, "SELECT count(*) FROM evals")).isEqualTo(traces + initialTraces);
                    assertThat(count(c, "PRAGMA foreign_key_check")).isZero();
                }
            }
            assertThat(writer.isAlive()).as("writing went on during the backups").isTrue();
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(writerError.get()).isNull();
    }

    @Test
    void pruneDeletesOldTracesWithTheirStepsAndEvalsAndKeepsRecentOnes() throws Exception {
        Path db = dir.resolve("prune.db");
        long now = System.currentTimeMillis();
        try (Connection c = TraceStore.openForWriting(db)) {
            insertTrace(c, "old-ended", now - 60 * DAY, now - 60 * DAY + 5, 3, "{}");
            insertTrace(c, "old-running", now - 45 * DAY, null, 2, "{}");
            insertTrace(c, "started-old-ended-recently", now - 40 * DAY, now - DAY, 2, "{}");
            insertTrace(c, "recent", now - DAY, now - DAY + 5, 4, "{}");
            insertTrace(c, "running-now", now, null, 1, "{}");
            exec(c, "INSERT INTO llm_cache (key, request_json, response_json, created_at) VALUES ('k', '{}', '{}', "
                    + (now - 90 * DAY) + ")");
        }
        Result r = cli("prune", "--db", db.toString(), "--older-than", "30d");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("pruned 2 traces older than 30d");
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(strings(c, "SELECT id FROM traces ORDER BY id"))
                    .containsExactly("recent", "running-now", "started-old-ended-recently");
            assertThat(count(c, "SELECT count(*) FROM steps")).isEqualTo(7);
            assertThat(count(c, "SELECT count(*) FROM evals")).isEqualTo(7);
            assertThat(count(c, "SELECT count(*) FROM steps WHERE trace_id LIKE 'old-%'")).isZero();
            assertThat(count(c, "SELECT count(*) FROM evals WHERE step_id LIKE 'old-%'")).isZero();
            assertThat(count(c, "PRAGMA foreign_key_check")).isZero();
            assertThat(count(c, "SELECT count(*) FROM llm_cache")).isEqualTo(1);
            assertThat(string(c, "PRAGMA integrity_check")).isEqualTo("ok");
        }

        Result none = cli("prune", "--db", db.toString(), "--older-than", "2w", "--no-vacuum");
        assertThat(none.code()).isZero();
        assertThat(none.out()).startsWith("pruned 0 traces older than 2w");
        Result more = cli("prune", "--db", db.toString(), "--older-than", "12h");
        assertThat(more.code()).isZero();
        assertThat(more.out()).startsWith("pruned 2 traces older than 12h");
        assertThat(rows(db, "traces")).isEqualTo(1);
        assertThat(rows(db, "steps")).isEqualTo(1);
        assertThat(rows(db, "evals")).isEqualTo(1);
    }

    @Test
    void pruneWithABadDurationIsAClearError() throws Exception {
        Path db = populated("bad-duration.db", 2, 1, "{}");
        String before = sha256(db);
        for (String bad : List.of("30", "thirty days", "30y", "-5d", "")) {
            Result r = cli("prune", "--db", db.toString(), "--older-than", bad);
            assertOneLineError(r, "is not a duration", "30d");
            assertThat(sha256(db)).isEqualTo(before);
        }
        assertThat(rows(db, "traces")).isEqualTo(2);
    }
}
