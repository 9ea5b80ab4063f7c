package io.traceflow.core.store;

import static io.traceflow.core.store.TestDb.count;
import static io.traceflow.core.store.TestDb.exec;
import static io.traceflow.core.store.TestDb.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema version 3: the FTS5 index over steps' text is filled on migration and kept in step by triggers. */
class SearchIndexTest {
    @TempDir
    Path dir;

    private static void step(Connection c, String id, String trace, String input, String output) throws Exception {
        exec(c, "INSERT OR IGNORE INTO traces (id, started_at) VALUES ('" + trace + "', 1)",
                "INSERT INTO steps (id, trace_id, seq, operation, started_at, status, input_text, output_text) VALUES ('"
                        + id + "', '" + trace + "', 0, 'chat', 1, 'ok', '" + input + "', '" + output + "')");
    }

    private static List<String> search(Connection c, String match) throws Exception {
        return strings(c, "SELECT s.id FROM steps_fts JOIN steps s ON s.rowid = steps_fts.rowid WHERE steps_fts MATCH '"
                + match + "' ORDER BY s.id");
    }

    @Test
    void aVersionOneFileIsIndexedWhenMigrated() throws Exception {
        Path db = dir.resolve("v1.db");
        Migrator v1 = new Migrator(Schema.MIGRATIONS.subList(0, 1));
        try (Connection c = TestDb.raw(db)) {
            v1.migrate(c, db.toString());
            step(c, "a", "t1", "What is the weather in Paris?", "Sunny");
            step(c, "b", "t1", "Tell me a joke", "Why did the chicken cross the road?");
            assertThat(Migrator.userVersion(c)).isEqualTo(1);
        }
        try (Connection c = TraceStore.openForWriting(db)) {
            assertThat(Migrator.userVersion(c)).isEqualTo(Schema.CURRENT_VERSION);
            assertThat(search(c, "paris")).containsExactly("a");
            assertThat(search(c, "chick*")).containsExactly("b");
            assertThat(search(c, "sunny OR joke")).containsExactly("a", "b");
        }
    }

    @Test
    void insertsUpdatesAndCascadingDeletesKeepTheIndexInStep() throws Exception {
        Path db = dir.resolve("v2.db");
        try (Connection c = TraceStore.openForWriting(db)) {
            step(c, "a", "t1", "Café au lait", "Très bien");
            step(c, "b", "t2", "second trace", "answer about Paris");
            assertThat(search(c, "cafe")).as("accents are folded").containsExactly("a");
            assertThat(search(c, "paris")).containsExactly("b");

            exec(c, "UPDATE steps SET output_text = 'answer about Rome' WHERE id = 'b'");
            assertThat(search(c, "paris")).isEmpty();
            assertThat(search(c, "rome")).containsExactly("b");

            exec(c, "DELETE FROM traces WHERE id = 't2'");
            assertThat(search(c, "rome")).isEmpty();
            assertThat(count(c, "SELECT count(*) FROM steps")).isEqualTo(1);
            exec(c, "INSERT INTO steps_fts (steps_fts, rank) VALUES ('integrity-check', 1)");
        }
    }

    @Test
    void vacuumKeepsTheIndexPointingAtTheRightSteps() throws Exception {
        Path db = dir.resolve("vacuum.db");
        try (Connection c = TraceStore.openForWriting(db)) {
            for (int i = 0; i < 300; i++) {
                step(c, String.format("s%04d", 299 - i), "t" + (i % 7), "word" + i + " common", "out" + i);
            }
            exec(c, "DELETE FROM traces WHERE id IN ('t1', 't3')", "VACUUM");
            assertThat(search(c, "word9")).containsExactly("s0290");
            assertThat(search(c, "word10")).as("its trace was deleted").isEmpty();
            assertThat(search(c, "common")).hasSize((int) count(c, "SELECT count(*) FROM steps"));
            exec(c, "INSERT INTO steps_fts (steps_fts, rank) VALUES ('integrity-check', 1)");
        }
    }
}
