package io.traceflow.eval.builtin;

import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;

/**
 * {@code max_tokens:N}: the call used at most N tokens in total ({@code steps.total_tokens}, else prompt plus
 * completion tokens). Steps whose provider reported no usage get no result.
 */
public final class MaxTokens implements Evaluator {
    private final double limit;

    public MaxTokens() {
        this(0);
    }

    private MaxTokens(double limit) {
        this.limit = limit;
    }

    @Override
    public String name() {
        return "max_tokens";
    }

    @Override
    public Evaluator configure(String argument) {
        return new MaxTokens(Args.positive(name(), argument, "4000"));
    }

    @Override
    public EvalResult evaluate(StepView step) {
        Long tokens = tokens(step);
        return tokens == null ? null : Threshold.atMost("tokens", tokens, limit, "");
    }

    static Long tokens(StepView step) {
        if (step.totalTokens() != null) {
            return step.totalTokens();
        }
        if (step.promptTokens() == null && step.completionTokens() == null) {
            return null;
        }
        return (step.promptTokens() == null ? 0 : step.promptTokens())
                + (step.completionTokens() == null ? 0 : step.completionTokens());
    }
}
