package io.traceflow.core.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.ConfigLoader;
import io.traceflow.core.runtime.TraceFlowRuntime;
import io.traceflow.core.store.TestDb;

/**
 * A real {@link TraceFlowRuntime} (queue, writer thread, response cache) on a temporary file, for the capture
 * pipeline end to end.
 *
 * <p>The seam: the runtime is a JVM-wide singleton that production never stops ({@code start} returns the running
 * one, and capture sites find it through {@code current()}). A test starts its own, {@link #stop}s it (the writer
 * drains and commits everything recorded, so the file can be read without waiting), and then clears the private
 * static field by reflection, so the next test can start one with other settings. Nothing in production changes
 * for it; if the field is renamed, {@link #forget} fails loudly.
 */
final class TestRuntime implements AutoCloseable {
    final Path db;
    final TraceFlowRuntime runtime;
    private boolean stopped;

    private TestRuntime(Path db, TraceFlowRuntime runtime) {
        this.db = db;
        this.runtime = runtime;
    }

    /** Starts a runtime writing to {@code db}; {@code settings} are key, value pairs ({@code traceflow.cache}, …). */
    static TestRuntime start(Path db, String... settings) {
        assertThat(TraceFlowRuntime.current()).as("a runtime left running by another test").isNull();
        Map<String, String> properties = new HashMap<>();
        properties.put("traceflow.db", db.toString());
        properties.put("traceflow.flush.interval.ms", "20");
        for (int i = 0; i < settings.length; i += 2) {
            properties.put(settings[i], settings[i + 1]);
        }
        Config config = ConfigLoader.load(properties, Map.of());
        assertThat(config.problems()).isEmpty();
        return new TestRuntime(db, TraceFlowRuntime.start(config, "test"));
    }

    /** Drains the queue into the file, closes it, and forgets the runtime. */
    void stop() {
        if (!stopped) {
            stopped = true;
            runtime.shutdown();
            forget();
        }
    }

    @Override
    public void close() {
        stop();
    }

    static void forget() {
        try {
            Field current = TraceFlowRuntime.class.getDeclaredField("current");
            current.setAccessible(true);
            current.set(null, null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the test seam on TraceFlowRuntime.current is gone", e);
        }
    }

    /** The rows of a query, each column by name (after {@link #stop}). */
    List<Map<String, Object>> rows(String sql) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = TestDb.raw(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    /** The steps, in trace and sequence order. */
    List<Map<String, Object>> steps() throws SQLException {
        return rows("SELECT * FROM steps ORDER BY started_at, trace_id, seq");
    }

    Map<String, Object> onlyStep() throws SQLException {
        List<Map<String, Object>> steps = steps();
        assertThat(steps).hasSize(1);
        return steps.get(0);
    }

    List<Map<String, Object>> traces() throws SQLException {
        return rows("SELECT * FROM traces ORDER BY started_at");
    }
}
