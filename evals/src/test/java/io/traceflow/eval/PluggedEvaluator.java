package io.traceflow.eval;

import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;

/** A plugged-in evaluator for {@link EvaluatorRegistryTest}: passes when the answer is shorter than its argument. */
public final class PluggedEvaluator implements Evaluator {
    private final int max;

    public PluggedEvaluator() {
        this(Integer.MAX_VALUE);
    }

    private PluggedEvaluator(int max) {
        this.max = max;
    }

    @Override
    public String name() {
        return "shorter_than";
    }

    @Override
    public String version() {
        return "7";
    }

    @Override
    public Evaluator configure(String argument) {
        return new PluggedEvaluator(Integer.parseInt(argument));
    }

    @Override
    public EvalResult evaluate(StepView step) {
        int n = step.answerText().length();
        return n < max ? EvalResult.pass(n + " < " + max) : EvalResult.fail(n + " >= " + max);
    }
}
