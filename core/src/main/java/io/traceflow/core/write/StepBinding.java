package io.traceflow.core.write;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

import io.traceflow.core.model.StepRow;

/**
 * Binds a step row to the writer's {@code steps} insert, one parameter per column of {@link #COLUMNS}. Its own class
 * so that the write benchmark's raw sqlite-jdbc baseline binds exactly what the writer binds.
 */
public final class StepBinding {
    /** The columns bound, in order. */
    public static final String COLUMNS = "id, trace_id, parent_step_id, seq, name, provider, operation, model,"
            + " response_model, request_json, response_json, input_text, output_text, prompt_tokens,"
            + " completion_tokens, total_tokens, cached_tokens, reasoning_tokens, latency_ms, ttft_ms, started_at,"
            + " ended_at, status, error, error_type, http_status, finish_reason, cache_hit, saved_ms, base_url, thread,"
            + " truncated, attributes_json, response_id, cache_creation_tokens, system_instructions_json,"
            + " input_messages_json, output_messages_json, tool_definitions_json, parameters_json";
    public static final int COLUMN_COUNT = COLUMNS.split(",").length;

    private StepBinding() {
    }

    public static void bind(PreparedStatement p, StepRow s) throws SQLException {
        int i = 1;
        p.setString(i++, s.id);
        p.setString(i++, s.traceId);
        p.setString(i++, s.parentStepId);
        p.setLong(i++, s.seq);
        p.setString(i++, s.name);
        p.setString(i++, s.provider);
        p.setString(i++, s.operation);
        p.setString(i++, s.model);
        p.setString(i++, s.responseModel);
        p.setString(i++, s.requestJson);
        p.setString(i++, s.responseJson);
        p.setString(i++, s.inputText);
        p.setString(i++, s.outputText);
        setLong(p, i++, s.promptTokens);
        setLong(p, i++, s.completionTokens);
        setLong(p, i++, s.totalTokens);
        setLong(p, i++, s.cachedTokens);
        setLong(p, i++, s.reasoningTokens);
        setDouble(p, i++, s.latencyMs);
        setDouble(p, i++, s.ttftMs);
        p.setLong(i++, s.startedAt);
        setLong(p, i++, s.endedAt);
        p.setString(i++, s.status);
        p.setString(i++, s.error);
        p.setString(i++, s.errorType);
        if (s.httpStatus == null) {
            p.setNull(i++, Types.INTEGER);
        } else {
            p.setInt(i++, s.httpStatus);
        }
        p.setString(i++, s.finishReason);
        p.setInt(i++, s.cacheHit ? 1 : 0);
        setDouble(p, i++, s.savedMs);
        p.setString(i++, s.baseUrl);
        p.setString(i++, s.thread);
        p.setInt(i++, s.truncated ? 1 : 0);
        p.setString(i++, s.attributesJson);
        p.setString(i++, s.responseId);
        setLong(p, i++, s.cacheCreationTokens);
        p.setString(i++, s.systemInstructionsJson);
        p.setString(i++, s.inputMessagesJson);
        p.setString(i++, s.outputMessagesJson);
        p.setString(i++, s.toolDefinitionsJson);
        p.setString(i, s.parametersJson);
    }

    private static void setLong(PreparedStatement p, int index, Long value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.INTEGER);
        } else {
            p.setLong(index, value);
        }
    }

    private static void setDouble(PreparedStatement p, int index, Double value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.REAL);
        } else {
            p.setDouble(index, value);
        }
    }
}
