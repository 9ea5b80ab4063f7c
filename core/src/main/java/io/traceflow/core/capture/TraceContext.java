package io.traceflow.core.capture;

import java.util.concurrent.atomic.AtomicLong;

import io.traceflow.core.util.Ids;

/**
 * The trace a thread is working in: a stack of open frames (trace roots and the steps that may have children).
 * A call outside any frame becomes a trace of its own. Frames are plain objects so they can be carried to other
 * threads by the context-propagation instrumentation.
 */
public final class TraceContext {
    private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

    private TraceContext() {
    }

    /** An open scope that new steps attach to. */
    public static final class Frame {
        final String traceId;
        final String stepId;
        final AtomicLong seq;
        final Frame previous;

        Frame(String traceId, String stepId, AtomicLong seq, Frame previous) {
            this.traceId = traceId;
            this.stepId = stepId;
            this.seq = seq;
            this.previous = previous;
        }

        public String traceId() {
            return traceId;
        }

        public String stepId() {
            return stepId;
        }
    }

    /** Places a new step under the current frame, or in a new trace of its own. */
    public static StepPlacement place() {
        String stepId = Ids.newId();
        Frame frame = CURRENT.get();
        if (frame == null) {
            return new StepPlacement(stepId, Ids.newId(), null, 0, true);
        }
        return new StepPlacement(stepId, frame.traceId, frame.stepId, frame.seq.incrementAndGet(), false);
    }

    /** Makes {@code placement}'s step the parent of steps started on this thread until {@link #close}. */
    public static Frame open(StepPlacement placement) {
        Frame parent = CURRENT.get();
        AtomicLong seq = parent != null ? parent.seq : new AtomicLong(placement.seq());
        Frame frame = new Frame(placement.traceId(), placement.stepId(), seq, parent);
        CURRENT.set(frame);
        return frame;
    }

    /** Closes {@code frame}, restoring the one that was current before it. */
    public static void close(Frame frame) {
        if (frame != null && CURRENT.get() == frame) {
            if (frame.previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(frame.previous);
            }
        }
    }

    public static Frame current() {
        return CURRENT.get();
    }

    /**
     * Makes {@code frame} (captured on another thread) current on this thread, e.g. in a pool thread running a
     * task submitted inside a trace. Returns what was current before, for {@link #restore}.
     */
    public static Frame attach(Frame frame) {
        Frame previous = CURRENT.get();
        if (frame == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(frame);
        }
        return previous;
    }

    /** Undoes {@link #attach}. */
    public static void restore(Frame previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
