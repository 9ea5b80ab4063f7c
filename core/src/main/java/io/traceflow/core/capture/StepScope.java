package io.traceflow.core.capture;

import io.traceflow.core.model.StepRow;

/**
 * A step in progress on the calling thread: its placement, start time and thread, and (for steps that may have
 * children, like an AI Service call or a tool) the frame that makes it their parent until {@link #closeFrame}.
 */
public final class StepScope {
    private final StepPlacement placement;
    private final long startedAtMillis = System.currentTimeMillis();
    private final long startNanos = System.nanoTime();
    private final String thread = Thread.currentThread().getName();
    private final TraceContext.Frame parentFrame = TraceContext.current();
    private TraceContext.Frame frame;

    private StepScope(boolean opensFrame) {
        this.placement = TraceContext.place();
        if (opensFrame) {
            frame = TraceContext.open(placement);
        }
    }

    /** Starts a step; with {@code opensFrame}, steps started on this thread until {@link #closeFrame} nest in it. */
    public static StepScope start(boolean opensFrame) {
        return new StepScope(opensFrame);
    }

    public void closeFrame() {
        TraceContext.close(frame);
        frame = null;
    }

    public StepPlacement placement() {
        return placement;
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    public long startNanos() {
        return startNanos;
    }

    /** The frame that was current when the step started: callbacks of this step run in it. */
    public TraceContext.Frame parentFrame() {
        return parentFrame;
    }

    /** The frame this step opened for its children (null when it opened none or closed it). */
    public TraceContext.Frame frame() {
        return frame;
    }

    /** Milliseconds since the step started. */
    public double elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    public StepRow row(String provider, String operation, long endNanos) {
        return StepRows.start(placement, provider, operation, startedAtMillis, startNanos, endNanos, thread);
    }
}
