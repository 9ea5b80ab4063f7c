package io.traceflow.eval;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.traceflow.schema.TraceKinds;
import io.traceflow.schema.Statuses;
import io.traceflow.core.model.StepRow;
import io.traceflow.eval.api.StepView;
import io.traceflow.eval.api.TraceView;
import io.traceflow.eval.builtin.Payloads;

/** Builds {@link StepView}s and {@link TraceView}s from what the writer just committed, or from the database. */
public final class StepViews {
    /** The columns of {@code steps s} plus the trace's name and kind ({@code traces t}), for {@link #read}. */
    public static final String COLUMNS = "s.id, s.trace_id, s.parent_step_id, s.seq, t.name AS trace_name,"
            + " t.kind AS trace_kind, s.name, s.provider, s.operation, s.model, s.response_model, s.request_json,"
            + " s.response_json, s.input_text, s.output_text, s.prompt_tokens, s.completion_tokens, s.total_tokens,"
            + " s.cached_tokens, s.reasoning_tokens, s.latency_ms, s.ttft_ms, s.started_at, s.ended_at, s.status,"
            + " s.error, s.error_type, s.http_status, s.finish_reason, s.cache_hit, s.base_url, s.truncated,"
            + " s.attributes_json, s.input_messages_json, s.output_messages_json, s.tool_definitions_json";

    private StepViews() {
    }

    /** A builder for a view whose answer is read from its neutral output messages ({@link Payloads#answer}). */
    public static StepView.Builder builder() {
        return StepView.builder().answerReader(Payloads::answer);
    }

    /** A committed step row; {@code traceName}/{@code traceKind} as far as known (the row itself knows them only for auto traces). */
    public static StepView of(StepRow r, String traceName, String traceKind) {
        return builder().id(r.id).traceId(r.traceId).parentStepId(r.parentStepId).seq(r.seq)
                .traceName(r.ownsTrace ? (r.traceName != null ? r.traceName : r.name) : traceName)
                .traceKind(r.ownsTrace ? TraceKinds.AUTO : traceKind)
                .name(r.name).provider(r.provider).operation(r.operation).model(r.model).responseModel(r.responseModel)
                .requestJson(r.requestJson).responseJson(r.responseJson).inputText(r.inputText).outputText(r.outputText)
                .promptTokens(r.promptTokens).completionTokens(r.completionTokens).totalTokens(r.totalTokens)
                .cachedTokens(r.cachedTokens).reasoningTokens(r.reasoningTokens).latencyMs(r.latencyMs).ttftMs(r.ttftMs)
                .startedAt(r.startedAt).endedAt(r.endedAt).status(r.status).error(r.error).errorType(r.errorType)
                .httpStatus(r.httpStatus).finishReason(r.finishReason).cacheHit(r.cacheHit).baseUrl(r.baseUrl)
                .truncated(r.truncated).attributesJson(r.attributesJson).inputMessagesJson(r.inputMessagesJson)
                .outputMessagesJson(r.outputMessagesJson).toolDefinitionsJson(r.toolDefinitionsJson).build();
    }

    /** The trace of an un-rooted call: the step alone, which is its own root. */
    public static TraceView autoTrace(StepView step) {
        return new TraceView(step.traceId(), step.traceName(), TraceKinds.AUTO,
                Statuses.OK.equals(step.status()) ? Statuses.OK : Statuses.ERROR,
                step.error(), step.startedAt(), step.endedAt(), step.id(), List.of(step));
    }

    /** The current row of a query selecting {@link #COLUMNS}. */
    public static StepView read(ResultSet rs) throws SQLException {
        return builder().id(rs.getString("id")).traceId(rs.getString("trace_id"))
                .parentStepId(rs.getString("parent_step_id")).seq(rs.getLong("seq"))
                .traceName(rs.getString("trace_name")).traceKind(rs.getString("trace_kind")).name(rs.getString("name"))
                .provider(rs.getString("provider")).operation(rs.getString("operation")).model(rs.getString("model"))
                .responseModel(rs.getString("response_model")).requestJson(rs.getString("request_json"))
                .responseJson(rs.getString("response_json")).inputText(rs.getString("input_text"))
                .outputText(rs.getString("output_text")).promptTokens(getLong(rs, "prompt_tokens"))
                .completionTokens(getLong(rs, "completion_tokens")).totalTokens(getLong(rs, "total_tokens"))
                .cachedTokens(getLong(rs, "cached_tokens")).reasoningTokens(getLong(rs, "reasoning_tokens"))
                .latencyMs(getDouble(rs, "latency_ms")).ttftMs(getDouble(rs, "ttft_ms"))
                .startedAt(rs.getLong("started_at")).endedAt(getLong(rs, "ended_at")).status(rs.getString("status"))
                .error(rs.getString("error")).errorType(rs.getString("error_type"))
                .httpStatus(rs.getObject("http_status") == null ? null : rs.getInt("http_status"))
                .finishReason(rs.getString("finish_reason")).cacheHit(rs.getInt("cache_hit") == 1)
                .baseUrl(rs.getString("base_url")).truncated(rs.getInt("truncated") == 1)
                .attributesJson(rs.getString("attributes_json")).inputMessagesJson(rs.getString("input_messages_json"))
                .outputMessagesJson(rs.getString("output_messages_json"))
                .toolDefinitionsJson(rs.getString("tool_definitions_json")).build();
    }

    /** A trace with all its steps, or null when there is no such trace. */
    public static TraceView loadTrace(Connection c, String traceId) throws SQLException {
        String name;
        String kind;
        String status;
        String error;
        long startedAt;
        Long endedAt;
        String rootStepId;
        try (PreparedStatement p = c.prepareStatement("SELECT name, kind, status, error, started_at, ended_at,"
                + " root_step_id FROM traces WHERE id = ?")) {
            p.setString(1, traceId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                name = rs.getString(1);
                kind = rs.getString(2);
                status = rs.getString(3);
                error = rs.getString(4);
                startedAt = rs.getLong(5);
                endedAt = getLong(rs, "ended_at");
                rootStepId = rs.getString(7);
            }
        }
        List<StepView> steps = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM steps s JOIN traces t"
                + " ON t.id = s.trace_id WHERE s.trace_id = ? ORDER BY s.seq, s.started_at, s.id")) {
            p.setString(1, traceId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    steps.add(read(rs));
                }
            }
        }
        return new TraceView(traceId, name, kind, status, error, startedAt, endedAt, rootStepId, steps);
    }

    private static Long getLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Double getDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
