package io.traceflow.core.model;

import java.sql.SQLException;

import io.traceflow.schema.Statuses;

/**
 * One row of the {@code steps} table, as a plain field buffer filled on the writer thread (see docs/schema.md for
 * the meaning and unit of each column). A step that is its own trace ({@link #ownsTrace}) makes the writer create
 * that trace row from the step's name, times and status, so an un-rooted call costs one event, not three.
 */
public final class StepRow implements WriteEvent {
    public String id;
    public String traceId;
    public boolean ownsTrace;
    /** Continues a manual tool loop's trace (docs/architecture.md): the trace's end and status are extended. */
    public boolean joinsLoop;
    public String traceName;
    public String parentStepId;
    public long seq;
    public String name;
    public String provider;
    public String operation;
    public String model;
    public String responseModel;
    public String requestJson;
    public String responseJson;
    public String responseId;
    /** The neutral form (docs/schema.md, "The neutral message format"). */
    public String systemInstructionsJson;
    public String inputMessagesJson;
    public String outputMessagesJson;
    public String toolDefinitionsJson;
    public String parametersJson;
    public String inputText;
    public String outputText;
    public Long promptTokens;
    public Long completionTokens;
    public Long totalTokens;
    public Long cachedTokens;
    public Long cacheCreationTokens;
    public Long reasoningTokens;
    public Double latencyMs;
    public Double ttftMs;
    public long startedAt;
    public Long endedAt;
    public String status = Statuses.OK;
    public String error;
    public String errorType;
    public Integer httpStatus;
    public String finishReason;
    public boolean cacheHit;
    public Double savedMs;
    public String baseUrl;
    public String thread;
    public boolean truncated;
    public String attributesJson;

    @Override
    public void applyTo(EventSink sink) throws SQLException {
        sink.step(this);
    }
}
