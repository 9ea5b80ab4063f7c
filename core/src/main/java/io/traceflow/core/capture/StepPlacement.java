package io.traceflow.core.capture;

/**
 * Where a new step goes: its trace, its parent, its position. Taken on the calling thread when the call starts,
 * so a step lands in the right trace even when it completes or streams on another thread.
 *
 * @param ownsTrace true when the call ran outside any trace root and the step makes a trace of its own
 */
public record StepPlacement(String stepId, String traceId, String parentStepId, long seq, boolean ownsTrace) {
}
