package io.traceflow.schema;

/** The values of {@code steps.status} and {@code traces.status} (docs/schema.md). */
public final class Statuses {
    public static final String OK = "ok";
    public static final String ERROR = "error";
    /** A step only: a stream closed or a future cancelled before the answer was complete. */
    public static final String CANCELLED = "cancelled";
    /** A trace only: its root has not finished (yet). */
    public static final String RUNNING = "running";

    private Statuses() {
    }
}
