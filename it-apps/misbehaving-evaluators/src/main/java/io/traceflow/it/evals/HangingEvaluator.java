package io.traceflow.it.evals;

import io.traceflow.core.eval.EvalResult;
import io.traceflow.core.eval.Evaluator;
import io.traceflow.core.eval.StepView;

/** {@code hangs}: never returns, and ignores interrupts. */
public final class HangingEvaluator implements Evaluator {
    @Override
    public String name() {
        return "hangs";
    }

    @Override
    public EvalResult evaluate(StepView step) {
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                // deliberately badly behaved
            }
        }
    }
}
