package io.traceflow.examples.evaluator;

import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;

/**
 * {@code max_words:N}: the model's answer has at most N words. An example of a plugged-in evaluator: a public
 * no-argument constructor (for {@link java.util.ServiceLoader}), a name, a version, an argument parsed once in
 * {@link #configure}, and a thread-safe, immutable instance per spec.
 */
public final class MaxWordsEvaluator implements Evaluator {
    private final int maxWords;

    /** The prototype ServiceLoader creates; {@link #configure} makes the configured instances. */
    public MaxWordsEvaluator() {
        this(0);
    }

    private MaxWordsEvaluator(int maxWords) {
        this.maxWords = maxWords;
    }

    @Override
    public String name() {
        return "max_words";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public Evaluator configure(String argument) {
        try {
            int n = Integer.parseInt(argument == null ? "" : argument.trim());
            if (n > 0) {
                return new MaxWordsEvaluator(n);
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("max_words needs a whole number greater than 0, e.g. max_words:50");
    }

    /** Text generations that succeeded; other steps get no result. */
    @Override
    public boolean appliesTo(StepView step) {
        return step.isGeneration() && step.isOk() && step.contentCaptured();
    }

    /** Returns null (no result) for an answer made only of tool calls: there are no words to count. */
    @Override
    public EvalResult evaluate(StepView step) {
        String answer = step.answerText().trim();
        if (answer.isEmpty() && !step.toolCalls().isEmpty()) {
            return null;
        }
        int words = answer.isEmpty() ? 0 : answer.split("\\s+").length;
        String detail = words + " words (at most " + maxWords + ")";
        if (words <= maxWords) {
            return EvalResult.pass(detail);
        }
        return EvalResult.of((double) maxWords / words, false, detail);
    }
}
