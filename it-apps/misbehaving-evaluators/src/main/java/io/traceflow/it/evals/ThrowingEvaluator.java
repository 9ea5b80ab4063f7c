package io.traceflow.it.evals;

import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;

/** {@code throws}: fails with an exception on every step. */
public final class ThrowingEvaluator implements Evaluator {
    @Override
    public String name() {
        return "throws";
    }

    @Override
    public EvalResult evaluate(StepView step) {
        throw new IllegalStateException("this evaluator always throws");
    }
}
