package io.traceflow.core.write;

import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.traceflow.core.TraceFlowVersion;
import io.traceflow.core.util.Ids;

/**
 * One row of {@code agent_runs}: who wrote to this file (pid, host, versions, the settings in force) and how it
 * went (events written, dropped, failed; advice errors). Inserted when the writer opens the store, updated as
 * batches commit and once more at shutdown, so a killed JVM still leaves counts that are at most a second old.
 */
public final class AgentRun {
    private static final JsonFactory JSON = new JsonFactory();
    private final String id = Ids.newId();
    private final long startedAt = System.currentTimeMillis();
    private final Map<String, String> settings;
    private final String instrumentations;
    private final LongSupplier adviceErrors;

    public AgentRun(Map<String, String> settings, String instrumentations, LongSupplier adviceErrors) {
        this.settings = settings;
        this.instrumentations = instrumentations;
        this.adviceErrors = adviceErrors;
    }

    public String id() {
        return id;
    }

    void insert(Connection connection) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO agent_runs (id, pid, host, started_at,"
                + " agent_version, java_version, sqlite_version, settings_json, instrumentations)"
                + " VALUES (?,?,?,?,?,?,?,?,?)")) {
            p.setString(1, id);
            p.setLong(2, ProcessHandle.current().pid());
            p.setString(3, hostName());
            p.setLong(4, startedAt);
            p.setString(5, TraceFlowVersion.agent());
            p.setString(6, System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
            p.setString(7, TraceFlowVersion.sqliteJdbc());
            p.setString(8, toJson(settings));
            p.setString(9, instrumentations);
            p.executeUpdate();
        }
    }

    void updateCounts(Connection connection, long written, long dropped, long failed, Long endedAt)
            throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("UPDATE agent_runs SET events_written = ?,"
                + " events_dropped = ?, events_failed = ?, advice_errors = ?, ended_at = ? WHERE id = ?")) {
            p.setLong(1, written);
            p.setLong(2, dropped);
            p.setLong(3, failed);
            p.setLong(4, adviceErrors.getAsLong());
            if (endedAt == null) {
                p.setNull(5, java.sql.Types.INTEGER);
            } else {
                p.setLong(5, endedAt);
            }
            p.setString(6, id);
            p.executeUpdate();
        }
    }

    /**
     * With jackson-core's streaming generator, not an {@code ObjectMapper}: this runs as the writer starts, and
     * a mapper's first use loads some 400 classes, a third of the writer's start-up, for one flat object.
     */
    static String toJson(Map<String, String> settings) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (Map.Entry<String, String> setting : new TreeMap<>(settings).entrySet()) {
                json.writeStringField(setting.getKey(), setting.getValue());
            }
            json.writeEndObject();
        } catch (IOException e) {
            return "{}"; // a StringWriter does not fail
        }
        return out.toString();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
    }
}
