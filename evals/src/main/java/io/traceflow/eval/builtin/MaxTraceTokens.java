package io.traceflow.eval.builtin;

import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;
import io.traceflow.eval.api.TraceView;

/** {@code max_trace_tokens:N} (trace): all model calls of the trace together used at most N tokens. */
public final class MaxTraceTokens implements Evaluator {
    private final double limit;

    public MaxTraceTokens() {
        this(0);
    }

    private MaxTraceTokens(double limit) {
        this.limit = limit;
    }

    @Override
    public String name() {
        return "max_trace_tokens";
    }

    @Override
    public Target target() {
        return Target.TRACE;
    }

    @Override
    public Evaluator configure(String argument) {
        return new MaxTraceTokens(Args.positive(name(), argument, "20000"));
    }

    @Override
    public EvalResult evaluateTrace(TraceView trace) {
        long total = 0;
        int counted = 0;
        for (StepView step : trace.modelCalls()) {
            Long tokens = MaxTokens.tokens(step);
            if (tokens != null) {
                total += tokens;
                counted++;
            }
        }
        return counted == 0 ? null : Threshold.atMost("trace tokens", total, limit, "");
    }
}
