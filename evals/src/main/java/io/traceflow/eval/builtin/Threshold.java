package io.traceflow.eval.builtin;

import io.traceflow.eval.api.EvalResult;

/**
 * The result of an upper limit: passed when {@code value <= limit}, with score 1; over the limit the score is
 * {@code limit / value} (twice the limit scores 0.5), so averages show by how much limits are missed.
 */
final class Threshold {
    private Threshold() {
    }

    static EvalResult atMost(String what, double value, double limit, String unit) {
        String text = what + " " + Args.number(value) + unit;
        if (value <= limit) {
            return EvalResult.of(1.0, true, text + " <= " + Args.number(limit) + unit);
        }
        return EvalResult.of(limit / value, false, text + " > " + Args.number(limit) + unit);
    }
}
