package io.traceflow.viewer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import io.traceflow.core.format.Message;
import io.traceflow.core.format.NeutralJson;
import io.traceflow.core.store.Migrator;
import io.traceflow.core.store.NeutralColumns;

/** Rows for viewer tests, inserted with plain SQL the way the agent's writer stores them. */
public final class ViewerTestData {
    private ViewerTestData() {
    }

    public static void trace(Connection c, String id, String name, String kind, long startedAt, Long endedAt, String status)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO traces (id, name, kind, started_at, ended_at, status)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setString(1, id);
            p.setString(2, name);
            p.setString(3, kind);
            p.setLong(4, startedAt);
            p.setObject(5, endedAt);
            p.setString(6, status);
            p.executeUpdate();
        }
    }

    /** A model call (operation chat) with usage; {@code model} null makes it a tool step. */
    public static void step(Connection c, String id, String traceId, String parent, int seq, String operation, String model,
            String provider, long startedAt, double latencyMs, Long prompt, Long completion, String status,
            boolean cacheHit, String input, String output) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO steps (id, trace_id, parent_step_id, seq, name,"
                + " provider, operation, model, prompt_tokens, completion_tokens, total_tokens, latency_ms, started_at,"
                + " ended_at, status, cache_hit, saved_ms, input_text, output_text, request_json, response_json)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            p.setString(1, id);
            p.setString(2, traceId);
            p.setString(3, parent);
            p.setInt(4, seq);
            p.setString(5, operation + (model == null ? "" : " " + model));
            p.setString(6, provider);
            p.setString(7, operation);
            p.setString(8, model);
            p.setObject(9, prompt);
            p.setObject(10, completion);
            p.setObject(11, prompt == null ? null : prompt + (completion == null ? 0 : completion));
            p.setDouble(12, latencyMs);
            p.setLong(13, startedAt);
            p.setLong(14, startedAt + (long) latencyMs);
            p.setString(15, status);
            p.setInt(16, cacheHit ? 1 : 0);
            p.setObject(17, cacheHit ? 900.0 : null);
            p.setString(18, input);
            p.setString(19, output);
            p.setString(20, model == null ? null : "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
                    + "\"content\":" + Json.MAPPER.valueToTree(input) + "}],\"temperature\":0.5}");
            p.setString(21, model == null || output == null ? null : "{\"choices\":[{\"message\":{\"role\":\"assistant\","
                    + "\"content\":" + Json.MAPPER.valueToTree(output) + "}}]}");
            p.executeUpdate();
        }
        if (model != null && Migrator.userVersion(c) >= NeutralColumns.SINCE_VERSION) {
            // The neutral form the writer stores beside the verbatim JSON (from version 4 on).
            try (PreparedStatement p = c.prepareStatement("UPDATE steps SET input_messages_json = ?,"
                    + " output_messages_json = ?, parameters_json = ? WHERE id = ?")) {
                p.setString(1, input == null ? null : NeutralJson.messages(List.of(Message.text(Message.USER, input)), t -> t));
                p.setString(2, output == null ? null
                        : NeutralJson.messages(List.of(Message.text(Message.ASSISTANT, output)), t -> t));
                p.setString(3, NeutralJson.parameters(Map.of("temperature", 0.5)));
                p.setString(4, id);
                p.executeUpdate();
            }
        }
    }

    public static void eval(Connection c, String id, String stepId, String name, Boolean passed, long at) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO evals (id, step_id, name, score, passed, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setString(1, id);
            p.setString(2, stepId);
            p.setString(3, name);
            p.setObject(4, passed == null ? null : passed ? 1.0 : 0.0);
            p.setObject(5, passed == null ? null : passed ? 1 : 0);
            p.setLong(6, at);
            p.executeUpdate();
        }
    }
}
