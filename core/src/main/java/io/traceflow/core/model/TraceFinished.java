package io.traceflow.core.model;

import java.sql.SQLException;

/**
 * A trace root returned or threw.
 *
 * @param id trace id
 * @param endedAt epoch milliseconds
 * @param status {@code ok} or {@code error}
 * @param error exception class and message when failed, else null
 */
public record TraceFinished(String id, long endedAt, String status, String error) implements WriteEvent {
    @Override
    public void applyTo(EventSink sink) throws SQLException {
        sink.traceFinished(this);
    }
}
