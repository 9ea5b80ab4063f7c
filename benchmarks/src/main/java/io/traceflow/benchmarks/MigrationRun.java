package io.traceflow.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import io.traceflow.core.store.Migrator;
import io.traceflow.core.store.Schema;
import io.traceflow.core.store.TraceStore;

/**
 * How long the first open of a file written before schema version 4 takes: migration 4 adds the neutral columns and
 * fills them for every existing step from the JSON it stored. Builds a version-3 file of OpenAI chat steps (system
 * and user message of {@code promptChars} each way, the shapes those versions stored), then times
 * {@link TraceStore#openForWriting}, which the agent's writer thread (not the app thread) and the CLI call.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.traceflow.benchmarks.MigrationRun [steps] [promptChars]</pre>
 *
 * Not JMH: a migration runs once per file, so the figure is that one run, cold.
 */
public final class MigrationRun {
    private MigrationRun() {
    }

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int promptChars = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Path dir = Files.createTempDirectory("traceflow-migration-");
        Path db = dir.resolve("v3.db");
        try {
            writeVersion3(db, steps, promptChars);
            long before = Files.size(db);
            long start = System.nanoTime();
            long filled;
            try (Connection c = TraceStore.openForWriting(db); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM steps WHERE input_messages_json IS NOT NULL"
                         + " AND output_messages_json IS NOT NULL AND parameters_json IS NOT NULL")) {
                rs.next();
                filled = rs.getLong(1);
                if (Migrator.userVersion(c) != Schema.CURRENT_VERSION) {
                    throw new IllegalStateException("not migrated: version " + Migrator.userVersion(c));
                }
            }
            double millis = (System.nanoTime() - start) / 1e6;
            if (filled != steps) {
                throw new IllegalStateException("neutral columns filled for " + filled + " of " + steps + " steps");
            }
            System.out.printf("steps %d, prompt %d chars: version 3 file %.1f MB; migrated to %d in %.0f ms"
                    + " (%.1f us per step); file after %.1f MB%n", steps, promptChars, before / 1e6,
                    Schema.CURRENT_VERSION, millis, millis * 1000 / steps, Files.size(db) / 1e6);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static void writeVersion3(Path db, int steps, int promptChars) throws Exception {
        String prompt = "x".repeat(promptChars);
        String request = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"" + prompt + "\"}],\"temperature\":0.2}";
        String response = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + prompt + "\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,"
                + "\"total_tokens\":15}}";
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA page_size = 16384");
                s.execute("PRAGMA journal_mode = WAL");
            }
            new Migrator(Schema.MIGRATIONS.subList(0, 3)).migrate(c, db.toString());
            c.setAutoCommit(false);
            try (PreparedStatement trace = c.prepareStatement(
                    "INSERT INTO traces (id, started_at, status) VALUES (?, 0, 'ok')");
                 PreparedStatement step = c.prepareStatement("INSERT INTO steps (id, trace_id, seq, provider,"
                         + " operation, started_at, status, request_json, response_json, input_text, output_text)"
                         + " VALUES (?, ?, 0, 'openai', 'chat', 0, 'ok', ?, ?, ?, ?)")) {
                for (int i = 0; i < steps; i++) {
                    trace.setString(1, "t" + i);
                    trace.addBatch();
                    step.setString(1, "s" + i);
                    step.setString(2, "t" + i);
                    step.setString(3, request);
                    step.setString(4, response);
                    step.setString(5, "system: Be brief.\nuser: " + prompt);
                    step.setString(6, prompt);
                    step.addBatch();
                    if (i % 5_000 == 4_999) {
                        trace.executeBatch();
                        step.executeBatch();
                    }
                }
                trace.executeBatch();
                step.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
    }
}
