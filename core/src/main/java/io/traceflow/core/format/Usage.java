package io.traceflow.core.format;

/**
 * Token counts as the provider reports them; null where it reports none. As in the OpenTelemetry conventions (and
 * the {@code steps} columns), {@code cacheRead} and {@code cacheCreation} are part of {@code input}, and
 * {@code reasoning} is part of {@code output}.
 */
public record Usage(Long input, Long output, Long total, Long cacheRead, Long cacheCreation, Long reasoning) {
    public static final Usage NONE = new Usage(null, null, null, null, null, null);

    public boolean isEmpty() {
        return input == null && output == null && total == null && cacheRead == null && cacheCreation == null
                && reasoning == null;
    }

    /** {@code total}, or input + output when the provider gives no total. */
    public Long totalOrSum() {
        if (total != null) {
            return total;
        }
        return input == null && output == null ? null : (input == null ? 0 : input) + (output == null ? 0 : output);
    }
}
