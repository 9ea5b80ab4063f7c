package io.traceflow.it.evals;

import io.traceflow.core.eval.EvalResult;
import io.traceflow.core.eval.Evaluator;
import io.traceflow.core.eval.StepView;

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
