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
        /** A manual tool loop's frame: steps placed in it are top-level steps of a trace they do not own. */
        final boolean loop;

        Frame(String traceId, String stepId, AtomicLong seq, Frame previous, boolean loop) {
            this.traceId = traceId;
            this.stepId = stepId;
            this.seq = seq;
            this.previous = previous;
            this.loop = loop;
        }

        public String traceId() {
            return traceId;
        }

        public String stepId() {
            return stepId;
        }

        /**
         * A frame for the top level of this frame's trace, sharing its step numbering: where the next calls of a
         * manual tool loop go.
         */
        Frame loop() {
            return new Frame(traceId, null, seq, null, true);
        }
    }

    /** Places a new step under the current frame, or in a new trace of its own. */
    public static StepPlacement place() {
        return placeIn(CURRENT.get());
    }

    /** Places a new step under {@code frame} (null: a trace of its own). */
    static StepPlacement placeIn(Frame frame) {
        String stepId = Ids.newId();
        if (frame == null) {
            return new StepPlacement(stepId, Ids.newId(), null, 0, true, false);
        }
        return new StepPlacement(stepId, frame.traceId, frame.stepId, frame.seq.incrementAndGet(), false, frame.loop);
    }

    /** Makes {@code placement}'s step the parent of steps started on this thread until {@link #close}. */
    public static Frame open(StepPlacement placement) {
        return open(placement, CURRENT.get());
    }

    /** As {@link #open(StepPlacement)}, numbering its children on from {@code numbering}'s trace when given. */
    static Frame open(StepPlacement placement, Frame numbering) {
        Frame previous = CURRENT.get();
        AtomicLong seq = numbering != null ? numbering.seq : new AtomicLong(placement.seq());
        Frame frame = new Frame(placement.traceId(), placement.stepId(), seq, previous, false);
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
