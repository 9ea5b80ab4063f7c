package io.traceflow.core.capture;

import java.util.concurrent.TimeUnit;

import io.traceflow.core.config.ContentPolicy;
import io.traceflow.core.model.StepRow;
import io.traceflow.schema.Statuses;

/** The columns every step shares: where it sits, when it ran, on which thread. */
public final class StepRows {
    private StepRows() {
    }

    public static StepRow start(StepPlacement placement, String provider, String operation, long startedAtMillis,
            long startNanos, long endNanos, String thread) {
        StepRow row = new StepRow();
        row.id = placement.stepId();
        row.traceId = placement.traceId();
        row.parentStepId = placement.parentStepId();
        row.seq = placement.seq();
        row.ownsTrace = placement.ownsTrace();
        row.joinsLoop = placement.joinsLoop();
        row.provider = provider;
        row.operation = operation;
        row.startedAt = startedAtMillis;
        row.latencyMs = (endNanos - startNanos) / 1e6;
        row.endedAt = startedAtMillis + TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
        row.thread = thread;
        return row;
    }

    /** Fills the error columns from a throwable: class, redacted message. */
    public static void error(StepRow row, Throwable error, ContentPolicy policy) {
        if (error == null) {
            return;
        }
        row.status = Statuses.ERROR;
        row.errorType = error.getClass().getName();
        row.error = policy.clean(error.getClass().getSimpleName() + ": " + error.getMessage(), row);
    }
}
