package io.traceflow.core.capture;

import java.sql.SQLException;
import java.util.List;

import io.traceflow.core.config.ContentPolicy;
import io.traceflow.core.format.Exchange;
import io.traceflow.core.model.EventSink;
import io.traceflow.schema.Statuses;
import io.traceflow.schema.StepAttributes;
import io.traceflow.core.model.StepRow;
import io.traceflow.core.model.WriteEvent;

/**
 * A finished {@link LlmCall}, turned into its {@code steps} row on the writer thread: the adapter reads the library's
 * objects into an {@link Exchange}, {@link StepContent} fills the columns. If the adapter fails to read them (a
 * library version it does not know), the step is still written, with its metadata and without content, and the
 * failure is counted as an advice error.
 */
final class LlmStepEvent implements WriteEvent {
    private final LlmCall call;
    private final Object request;
    private final Object response;
    private final List<Object> chunks;
    private final Throwable error;
    private final String status;
    private final long endNanos;
    private final long firstChunkNanos;
    private final boolean cacheHit;
    private final double savedMs;

    /** A call that ran (or failed before running). */
    LlmStepEvent(LlmCall call, Object request, Object response, List<Object> chunks, Throwable error, String status,
            long endNanos, long firstChunkNanos) {
        this.call = call;
        this.request = request;
        this.response = response;
        this.chunks = chunks;
        this.error = error;
        this.status = status;
        this.endNanos = endNanos;
        this.firstChunkNanos = firstChunkNanos;
        this.cacheHit = false;
        this.savedMs = 0;
    }

    /** A call answered from the cache: {@code answer} as the adapter replayed it. */
    LlmStepEvent(LlmCall call, Object request, Object answer, double originalLatencyMs, long endNanos) {
        this.call = call;
        this.request = request;
        this.response = answer;
        this.chunks = List.of();
        this.error = null;
        this.status = Statuses.OK;
        this.endNanos = endNanos;
        this.firstChunkNanos = 0;
        this.cacheHit = true;
        this.savedMs = originalLatencyMs;
    }

    @Override
    public void applyTo(EventSink sink) throws SQLException {
        sink.step(render());
    }

    StepRow render() {
        ContentPolicy policy = call.runtime.contentPolicy();
        StepRow row = call.scope.row(call.adapter.library(), call.operation, endNanos);
        row.status = status;
        try {
            row.baseUrl = policy.redact(call.adapter.baseUrl(call.target));
        } catch (RuntimeException | LinkageError e) {
            call.runtime.adviceError(e);
        }
        Exchange exchange;
        try {
            exchange = cacheHit ? call.adapter.readReplayed(call.operation, call.streaming, call.target, request, response)
                    : call.adapter.read(call.operation, call.target, request, response, chunks);
        } catch (RuntimeException | LinkageError e) {
            call.runtime.adviceError(e);
            exchange = new Exchange();
        }
        if (call.streaming) {
            // Some libraries add it to the request only below the hooked method (the OpenAI SDK does).
            exchange.parameter(Exchange.Parameters.STREAM, true);
        }
        int inside = call.modelCallsInside.get();
        if (inside > 0) {
            exchange.attributes.put(StepAttributes.MODEL_CALLS_INSIDE, inside);
        }
        StepContent.fill(row, exchange, policy);
        if (firstChunkNanos != 0) {
            row.ttftMs = (firstChunkNanos - call.scope.startNanos()) / 1e6;
        }
        if (cacheHit) {
            row.cacheHit = true;
            row.savedMs = savedMs;
        }
        row.name = call.adapter.stepName(call.operation, call.target, exchange);
        row.traceName = row.name;
        if (error != null) {
            StepRows.error(row, error, policy);
            try {
                row.httpStatus = call.adapter.httpStatus(error);
            } catch (RuntimeException | LinkageError e) {
                call.runtime.adviceError(e);
            }
        }
        return row;
    }
}
