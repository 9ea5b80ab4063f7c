package io.traceflow.core.model;

import java.sql.SQLException;

/**
 * Something a capture site hands to the writer: a trace that started or ended, a step, an eval, a cache entry.
 * Events are created on app threads and applied on the writer thread, so anything costly (serializing a library's
 * request object to JSON, redaction, truncation) belongs in {@link #applyTo}, not in the constructor.
 */
public interface WriteEvent {
    void applyTo(EventSink sink) throws SQLException;
}
