package io.traceflow.eval.builtin;

import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;

/**
 * {@code contains:TEXT} passes when the answer contains TEXT; {@code not_contains:TEXT} when it does not. Both are
 * case-sensitive; use {@code regex:(?i)text} to ignore case.
 */
public final class Contains extends ContentEvaluator {
    private final boolean negated;
    private final String text;

    private Contains(boolean negated, String text) {
        this.negated = negated;
        this.text = text;
    }

    public static Contains contains() {
        return new Contains(false, null);
    }

    public static Contains notContains() {
        return new Contains(true, null);
    }

    @Override
    public String name() {
        return negated ? "not_contains" : "contains";
    }

    @Override
    public Evaluator configure(String argument) {
        return new Contains(negated, Args.required(name(), argument, negated ? "as an AI" : "Paris"));
    }

    @Override
    EvalResult evaluateAnswer(StepView step, String answer) {
        boolean found = answer.contains(text);
        if (found != negated) {
            return EvalResult.pass((found ? "contains " : "does not contain ") + quote(text));
        }
        return EvalResult.fail((found ? "contains " : "does not contain ") + quote(text));
    }
}
