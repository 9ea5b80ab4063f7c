package io.traceflow.viewer;

import static io.traceflow.viewer.TraceListQuery.doubleOrNull;
import static io.traceflow.viewer.TraceListQuery.longOrNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.NeutralJson;
import io.traceflow.core.format.ToolDefinition;
import io.traceflow.schema.StepAttributes;
import io.traceflow.core.store.NeutralColumns;

import io.traceflow.core.pricing.PriceTable;

/**
 * One trace with all its steps (in {@code seq} order, each with its conversation, cost and evals), or one step with
 * its raw request and response JSON. Two queries per trace whatever its size: steps, then their evals.
 */
public final class TraceDetailQuery {
    public record TraceView(String id, String name, String kind, String status, String error, long startedAt, Long endedAt,
            Long durationMs, String memoryId, String runId, Double costUsd, Long totalTokens, List<StepView> steps) {
    }

    public record EvalView(String id, String name, Double score, Boolean passed, String detail, String evaluatorVersion,
            long createdAt) {
    }

    public record StepView(String id, String traceId, String parentStepId, long seq, String name, String provider,
            String operation, String model, String responseModel, Long promptTokens, Long completionTokens,
            Long totalTokens, Long cachedTokens, Long reasoningTokens, Double latencyMs, Double ttftMs, long startedAt,
            Long endedAt, String status, String error, String errorType, Integer httpStatus, String finishReason,
            boolean cacheHit, Double savedMs, String baseUrl, String thread, boolean truncated, Double costUsd,
            JsonNode parameters, List<String> tools, JsonNode attributes, Conversation conversation,
            List<EvalView> evals, String requestJson, String responseJson, JsonNode neutral) {
    }

    private static final String STEP_COLUMNS = "id, trace_id, parent_step_id, seq, name, provider, operation, model,"
            + " response_model, prompt_tokens, completion_tokens, total_tokens, cached_tokens, reasoning_tokens,"
            + " latency_ms, ttft_ms, started_at, ended_at, status, error, error_type, http_status, finish_reason,"
            + " cache_hit, saved_ms, base_url, thread, truncated, attributes_json, request_json, response_json,"
            + " input_text, output_text, ";

    private final PriceTable prices;

    public TraceDetailQuery(PriceTable prices) {
        this.prices = prices;
    }

    public TraceView trace(Connection c, String traceId) throws SQLException {
        return trace(c, traceId, false);
    }

    /** The trace; with {@code withRaw}, each step also carries its stored request and response JSON. */
    public TraceView trace(Connection c, String traceId, boolean withRaw) throws SQLException {
        TraceView head;
        try (PreparedStatement p = c.prepareStatement("SELECT id, name, kind, status, error, started_at, ended_at,"
                + " memory_id, run_id FROM traces WHERE id = ?")) {
            p.setString(1, traceId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new BadRequest(404, "no trace " + traceId);
                }
                Long ended = longOrNull(rs, 7);
                long started = rs.getLong(6);
                head = new TraceView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), started, ended, ended == null ? null : ended - started, rs.getString(8),
                        rs.getString(9), null, null, List.of());
            }
        }
        List<StepView> steps = new ArrayList<>();
        int version = ViewerDatabase.schemaVersion(c);
        try (PreparedStatement p = c.prepareStatement("SELECT " + STEP_COLUMNS + NeutralColumns.select("", version)
                + " FROM steps WHERE trace_id = ? ORDER BY seq, started_at, id")) {
            p.setString(1, traceId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    steps.add(step(rs, withRaw, version));
                }
            }
        }
        steps = withEvals(c, steps, "SELECT e.step_id, e.id, e.name, e.score, e.passed, e.detail, e.evaluator_version,"
                + " e.created_at FROM evals e JOIN steps s ON s.id = e.step_id WHERE s.trace_id = ?"
                + " ORDER BY e.created_at, e.id", traceId);
        double cost = 0;
        boolean unknown = false;
        boolean any = false;
        Long tokens = null;
        for (StepView s : steps) {
            if (s.attributes() != null && s.attributes().has(StepAttributes.MODEL_CALLS_INSIDE)) {
                continue; // its request was made, and is counted, by its child step
            }
            tokens = TraceListQuery.add(tokens, s.totalTokens());
            if (s.promptTokens() != null || s.completionTokens() != null) {
                if (s.costUsd() == null) {
                    unknown = true;
                } else {
                    cost += s.costUsd();
                    any = true;
                }
            }
        }
        return new TraceView(head.id(), head.name(), head.kind(), head.status(), head.error(), head.startedAt(),
                head.endedAt(), head.durationMs(), head.memoryId(), head.runId(), unknown || !any ? null : cost,
                tokens, steps);
    }

    public StepView step(Connection c, String stepId) throws SQLException {
        StepView step;
        int version = ViewerDatabase.schemaVersion(c);
        try (PreparedStatement p = c.prepareStatement("SELECT " + STEP_COLUMNS + NeutralColumns.select("", version)
                + " FROM steps WHERE id = ?")) {
            p.setString(1, stepId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new BadRequest(404, "no step " + stepId);
                }
                step = step(rs, true, version);
            }
        }
        return withEvals(c, List.of(step), "SELECT step_id, id, name, score, passed, detail, evaluator_version,"
                + " created_at FROM evals WHERE step_id = ? ORDER BY created_at, id", stepId).get(0);
    }

    private List<StepView> withEvals(Connection c, List<StepView> steps, String sql, String key) throws SQLException {
        Map<String, List<EvalView>> evals = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, key);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    int passed = rs.getInt(5);
                    Boolean passedValue = rs.wasNull() ? null : passed == 1;
                    evals.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new EvalView(rs.getString(2),
                            rs.getString(3), doubleOrNull(rs, 4), passedValue, rs.getString(6), rs.getString(7),
                            rs.getLong(8)));
                }
            }
        }
        if (evals.isEmpty()) {
            return steps;
        }
        List<StepView> out = new ArrayList<>(steps.size());
        for (StepView s : steps) {
            List<EvalView> e = evals.get(s.id());
            out.add(e == null ? s : new StepView(s.id(), s.traceId(), s.parentStepId(), s.seq(), s.name(),
                    s.provider(), s.operation(), s.model(), s.responseModel(), s.promptTokens(), s.completionTokens(),
                    s.totalTokens(), s.cachedTokens(), s.reasoningTokens(), s.latencyMs(), s.ttftMs(), s.startedAt(),
                    s.endedAt(), s.status(), s.error(), s.errorType(), s.httpStatus(), s.finishReason(), s.cacheHit(),
                    s.savedMs(), s.baseUrl(), s.thread(), s.truncated(), s.costUsd(), s.parameters(), s.tools(),
                    s.attributes(), s.conversation(), List.copyOf(e), s.requestJson(), s.responseJson(), s.neutral()));
        }
        return out;
    }

    private StepView step(ResultSet rs, boolean withRaw, int version) throws SQLException {
        String model = rs.getString(8);
        String responseModel = rs.getString(9);
        Long prompt = longOrNull(rs, 10);
        Long completion = longOrNull(rs, 11);
        Long cached = longOrNull(rs, 13);
        boolean cacheHit = rs.getInt(24) == 1;
        String operation = rs.getString(7);
        String requestJson = rs.getString(30);
        String responseJson = rs.getString(31);
        Exchange neutral = NeutralColumns.read(rs, version);
        Integer http = rs.getInt(22);
        if (rs.wasNull()) {
            http = null;
        }
        return new StepView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), operation, model, responseModel, prompt, completion, longOrNull(rs, 12), cached,
                longOrNull(rs, 14), doubleOrNull(rs, 15), doubleOrNull(rs, 16), rs.getLong(17), longOrNull(rs, 18),
                rs.getString(19), rs.getString(20), rs.getString(21), http, rs.getString(23), cacheHit,
                doubleOrNull(rs, 25), rs.getString(26), rs.getString(27), rs.getInt(28) == 1,
                prices.cost(model, responseModel, prompt, cached, completion, cacheHit), parameters(neutral),
                neutral.tools.stream().map(ToolDefinition::name).toList(), Json.parseLenient(rs.getString(29)),
                Conversation.of(operation, neutral, rs.getString(32), rs.getString(33), rs.getString(5)),
                List.of(), withRaw ? requestJson : null, withRaw ? responseJson : null, withRaw ? neutral(neutral) : null);
    }

    /**
     * The step's neutral form as stored (docs/schema.md, "The neutral message format"): {@code system_instructions},
     * {@code input_messages}, {@code output_messages}, {@code tool_definitions}, each null when empty.
     */
    static JsonNode neutral(Exchange exchange) {
        java.util.function.UnaryOperator<String> asStored = java.util.function.UnaryOperator.identity();
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("system_instructions", Json.parseLenient(NeutralJson.instructions(exchange.systemInstructions, asStored)));
        out.set("input_messages", Json.parseLenient(NeutralJson.messages(exchange.input, asStored)));
        out.set("output_messages", Json.parseLenient(NeutralJson.messages(exchange.output, asStored)));
        out.set("tool_definitions", Json.parseLenient(NeutralJson.tools(exchange.tools, true, asStored)));
        return out;
    }

    /** The request's output-affecting parameters (neutral names), or null when it has none. */
    static JsonNode parameters(Exchange neutral) {
        return neutral.parameters.isEmpty() ? null : Json.MAPPER.valueToTree(neutral.parameters);
    }
}
