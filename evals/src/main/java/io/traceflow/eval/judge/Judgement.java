package io.traceflow.eval.judge;

/**
 * A judge's verdict.
 *
 * @param score 0..1, 1 best
 * @param reason the judge's explanation
 * @param cached whether it came from the {@link JudgeCache}
 */
public record Judgement(double score, String reason, boolean cached) {
}
