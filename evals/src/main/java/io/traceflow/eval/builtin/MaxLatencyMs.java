package io.traceflow.eval.builtin;

import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;

/** {@code max_latency_ms:N}: the call took at most N milliseconds ({@code steps.latency_ms}), whatever its status. */
public final class MaxLatencyMs implements Evaluator {
    private final double limit;

    public MaxLatencyMs() {
        this(0);
    }

    private MaxLatencyMs(double limit) {
        this.limit = limit;
    }

    @Override
    public String name() {
        return "max_latency_ms";
    }

    @Override
    public Evaluator configure(String argument) {
        return new MaxLatencyMs(Args.positive(name(), argument, "2000"));
    }

    @Override
    public EvalResult evaluate(StepView step) {
        if (step.latencyMs() == null) {
            return null;
        }
        return Threshold.atMost("latency", step.latencyMs(), limit, " ms");
    }
}
