package io.traceflow.core.write;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

import io.traceflow.core.model.StepRow;

/**
 * Binds a step row to the writer's {@code steps} insert, one parameter per column in schema order. Its own class so
 * that the write benchmark's raw sqlite-jdbc baseline binds exactly what the writer binds.
 */
public final class StepBinding {
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
        p.setString(i, s.attributesJson);
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
