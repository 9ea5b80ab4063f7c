package io.traceflow.schema;

/**
 * Entries of {@code steps.attributes_json} that queries rely on (docs/schema.md).
 */
public final class StepAttributes {
    /**
     * On a model call that made model calls of its own, recorded as its child steps (a framework's model calling an
     * instrumented SDK): how many. One LLM request is then two steps; its tokens and cost are counted once, on the
     * child that made the request, so totals leave this step out.
     */
    public static final String MODEL_CALLS_INSIDE = "model_calls_inside";

    /** SQL, over a {@code steps} row: its own usage counts in totals (it made no model calls of its own). */
    public static final String COUNTS_USAGE_SQL = "(attributes_json IS NULL OR json_extract(attributes_json, '$."
            + MODEL_CALLS_INSIDE + "') IS NULL)";

    private StepAttributes() {
    }
}
