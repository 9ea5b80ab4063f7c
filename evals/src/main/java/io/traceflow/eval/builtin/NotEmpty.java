package io.traceflow.eval.builtin;

import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.StepView;

/** {@code not_empty}: the model answered with some non-blank text or at least one tool call. */
public final class NotEmpty extends ContentEvaluator {
    @Override
    public String name() {
        return "not_empty";
    }

    @Override
    EvalResult evaluateAnswer(StepView step, String answer) {
        if (!answer.isBlank()) {
            return EvalResult.pass(answer.length() + " characters");
        }
        if (!step.toolCalls().isEmpty()) {
            return EvalResult.pass(step.toolCalls().size() + " tool call(s), no text");
        }
        return EvalResult.fail("the answer is empty");
    }
}
