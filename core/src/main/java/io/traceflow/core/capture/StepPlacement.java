package io.traceflow.core.capture;

/**
 * Where a new step goes: its trace, its parent, its position. Taken on the calling thread when the call starts,
 * so a step lands in the right trace even when it completes or streams on another thread.
 *
 * @param ownsTrace true when the call ran outside any trace root and the step makes a trace of its own
 * @param joinsLoop true when the call ran outside any root but continues a manual tool loop ({@link ToolLoops}):
 *     it joins the trace of the call that asked for the tool, whose end and status it extends
 */
public record StepPlacement(String stepId, String traceId, String parentStepId, long seq, boolean ownsTrace,
        boolean joinsLoop) {
}
