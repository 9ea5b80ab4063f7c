package io.traceflow.core.model;

import java.sql.SQLException;

/**
 * A trace root was entered (an AI Service call, a {@code traceflow.trace.methods} method).
 *
 * @param id trace id
 * @param name e.g. {@code Assistant.chat}
 * @param kind what made the root, see docs/schema.md ({@code auto}, {@code ai_service}, {@code method})
 * @param startedAt epoch milliseconds
 * @param rootStepId the step that represents the root itself, or null
 * @param memoryId chat-memory id when known, else null
 */
public record TraceStarted(String id, String name, String kind, long startedAt, String rootStepId, String memoryId)
        implements WriteEvent {
    @Override
    public void applyTo(EventSink sink) throws SQLException {
        sink.traceStarted(this);
    }
}
