package io.traceflow.eval.builtin;

import io.traceflow.schema.Statuses;
import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;

/**
 * Base of the evaluators that read the model's answer (not_empty, json_valid, regex, contains, not_contains). They
 * apply to text generations (chat, responses) and share three rules: without captured content they cannot decide
 * (an error result); a failed or cancelled call has no answer, so it fails (a failure never counts as a pass); an
 * answer cut to {@code traceflow.capture.max.chars} cannot be judged (an error result).
 */
abstract class ContentEvaluator implements Evaluator {
    static final String TRUNCATED_MARK = "…[truncated]";

    @Override
    public boolean appliesTo(StepView step) {
        return step.isGeneration();
    }

    @Override
    public final EvalResult evaluate(StepView step) throws Exception {
        if (!step.contentCaptured()) {
            return EvalResult.error("no content was captured for this step (traceflow.capture.content=false)");
        }
        if (!step.isOk()) {
            return EvalResult.fail("no answer: the call " + (Statuses.CANCELLED.equals(step.status()) ? "was cancelled"
                    : "failed") + (step.error() == null ? "" : " (" + step.error() + ")"));
        }
        String answer = step.answerText();
        if (step.truncated() && answer.endsWith(TRUNCATED_MARK)) {
            return EvalResult.error("the stored answer was cut to traceflow.capture.max.chars; cannot judge it whole");
        }
        return evaluateAnswer(step, answer);
    }

    /** Judges the answer text of a successful call. */
    abstract EvalResult evaluateAnswer(StepView step, String answer) throws Exception;

    static String quote(String text) {
        String t = text.length() > 60 ? text.substring(0, 60) + "…" : text;
        return "'" + t + "'";
    }
}
