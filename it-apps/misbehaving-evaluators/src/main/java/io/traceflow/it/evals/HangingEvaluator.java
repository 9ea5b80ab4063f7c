package io.traceflow.it.evals;

import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;

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
