package io.traceflow.eval.api;

/**
 * What an evaluator says about one step or trace; becomes one row of {@code evals}.
 *
 * @param score usually 0..1 (1 = best); {@code null} when there is none (an error result)
 * @param passed whether the step passed; {@code null} when the evaluator could not decide (an error result)
 * @param detail a short explanation, or the error
 */
public record EvalResult(Double score, Boolean passed, String detail) {
    public EvalResult {
        if (score != null && (score.isNaN() || score.isInfinite())) {
            score = null;
        }
    }

    public static EvalResult pass(String detail) {
        return new EvalResult(1.0, true, detail);
    }

    public static EvalResult fail(String detail) {
        return new EvalResult(0.0, false, detail);
    }

    public static EvalResult of(double score, boolean passed, String detail) {
        return new EvalResult(score, passed, detail);
    }

    /** The evaluator could not decide: score and passed stay {@code NULL}; the detail says why. */
    public static EvalResult error(String detail) {
        return new EvalResult(null, null, "error: " + detail);
    }

    public boolean isError() {
        return passed == null;
    }
}
