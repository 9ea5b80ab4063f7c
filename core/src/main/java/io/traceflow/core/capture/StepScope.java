package io.traceflow.core.capture;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

import io.traceflow.core.model.StepRow;

/**
 * A step in progress: its placement (taken on the calling thread when it starts), start time and thread, and (for
 * steps that may have children, like a framework's model call, an AI Service call or a tool) the frame that makes
 * it their parent on this thread until {@link #closeFrame}.
 */
public final class StepScope {
    private final StepPlacement placement;
    private final long startedAtMillis = System.currentTimeMillis();
    private final long startNanos = System.nanoTime();
    private final String thread = Thread.currentThread().getName();
    private final TraceContext.Frame parentFrame = TraceContext.current();
    /** Where this step's children and the next calls of its tool loop take their numbers from. */
    private final TraceContext.Frame numbering;
    private TraceContext.Frame frame;

    private StepScope(boolean opensFrame, TraceContext.Frame loop) {
        TraceContext.Frame under = parentFrame != null ? parentFrame : loop;
        this.placement = TraceContext.placeIn(under);
        this.numbering = under != null ? under
                : new TraceContext.Frame(placement.traceId(), null, new AtomicLong(placement.seq()), null, true);
        if (opensFrame) {
            frame = TraceContext.open(placement, numbering);
        }
    }

    /** Starts a step; with {@code opensFrame}, steps started on this thread until {@link #closeFrame} nest in it. */
    public static StepScope start(boolean opensFrame) {
        return new StepScope(opensFrame, null);
    }

    /**
     * Starts a step that, outside any trace, continues the manual tool loop that asked for one of
     * {@code answeredToolCallIds} (see {@link ToolLoops}), if any.
     */
    public static StepScope start(boolean opensFrame, Collection<String> answeredToolCallIds) {
        TraceContext.Frame loop = TraceContext.current() == null ? ToolLoops.find(answeredToolCallIds) : null;
        return new StepScope(opensFrame, loop);
    }

    /**
     * Remembers that this step asked for these tool calls, when it is at the top of a trace of its own making
     * (a call outside any root, or the continuation of a loop): a later call answering one of them joins this trace.
     * Inside a root there is nothing to link: the root holds the loop together.
     */
    public void askedForTools(Collection<String> toolCallIds) {
        if (topOfOwnTrace()) {
            ToolLoops.remember(toolCallIds, numbering);
        }
    }

    /** Whether the step is at the top of a trace no root holds: its own, or a manual tool loop's. */
    public boolean topOfOwnTrace() {
        return placement.ownsTrace() || placement.joinsLoop();
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

    public StepRow row(String provider, String operation, long endNanos) {
        return StepRows.start(placement, provider, operation, startedAtMillis, startNanos, endNanos, thread);
    }
}
