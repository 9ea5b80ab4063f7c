package io.traceflow.eval.builtin;

import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.TraceView;

/**
 * {@code max_trace_latency_ms:N} (trace): the whole trace took at most N milliseconds, from its root's start to its
 * end ({@code traces.ended_at - traces.started_at}).
 */
public final class MaxTraceLatencyMs implements Evaluator {
    private final double limit;

    public MaxTraceLatencyMs() {
        this(0);
    }

    private MaxTraceLatencyMs(double limit) {
        this.limit = limit;
    }

    @Override
    public String name() {
        return "max_trace_latency_ms";
    }

    @Override
    public Target target() {
        return Target.TRACE;
    }

    @Override
    public Evaluator configure(String argument) {
        return new MaxTraceLatencyMs(Args.positive(name(), argument, "10000"));
    }

    @Override
    public EvalResult evaluateTrace(TraceView trace) {
        Double duration = trace.durationMs();
        return duration == null ? null : Threshold.atMost("trace latency", duration, limit, " ms");
    }
}
