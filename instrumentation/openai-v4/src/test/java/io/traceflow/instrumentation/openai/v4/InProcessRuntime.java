package io.traceflow.instrumentation.openai.v4;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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

/**
 * A real {@link TraceFlowRuntime} (queue, writer thread, response cache) on a temporary file, in this JVM: no agent,
 * no instrumentation. The stream and response wrappers end their {@code LlmCall}, which records a step only while a
 * runtime runs; their outcome (ok, cancelled, error) is read back from the file.
 *
 * <p>The runtime is a JVM-wide singleton that production never stops: {@link #stop} drains the writer into the file,
 * then clears the private static field by reflection so the next test can start another (as core's own capture tests
 * do). If the field is renamed, {@link #forget} fails loudly.
 */
final class InProcessRuntime implements AutoCloseable {
    private final Path db;
    private final TraceFlowRuntime runtime;
    private boolean stopped;

    private InProcessRuntime(Path db, TraceFlowRuntime runtime) {
        this.db = db;
        this.runtime = runtime;
    }

    /** Starts a runtime writing to {@code db}; {@code settings} are key, value pairs ({@code traceflow.cache}, …). */
    static InProcessRuntime start(Path db, String... settings) {
        assertThat(TraceFlowRuntime.current()).as("a runtime left running by another test").isNull();
        Map<String, String> properties = new HashMap<>();
        properties.put("traceflow.db", db.toString());
        properties.put("traceflow.flush.interval.ms", "20");
        for (int i = 0; i < settings.length; i += 2) {
            properties.put(settings[i], settings[i + 1]);
        }
        Config config = ConfigLoader.load(properties, Map.of());
        assertThat(config.problems()).isEmpty();
        return new InProcessRuntime(db, TraceFlowRuntime.start(config, "openai"));
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

    long adviceErrors() {
        return runtime.adviceErrorCount();
    }

    private static void forget() {
        try {
            Field current = TraceFlowRuntime.class.getDeclaredField("current");
            current.setAccessible(true);
            current.set(null, null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the test seam on TraceFlowRuntime.current is gone", e);
        }
    }

    /** The steps, in the order they started (after {@link #stop}). */
    List<Map<String, Object>> steps() throws SQLException {
        return rows("SELECT * FROM steps ORDER BY started_at, seq");
    }

    /** The rows of a query, each column by name (after {@link #stop}). */
    List<Map<String, Object>> rows(String sql) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
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

    Map<String, Object> onlyStep() throws SQLException {
        List<Map<String, Object>> steps = steps();
        assertThat(steps).hasSize(1);
        return steps.get(0);
    }
}
