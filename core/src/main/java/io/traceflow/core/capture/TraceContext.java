package io.traceflow.core.capture;

import java.util.concurrent.atomic.AtomicLong;

import io.traceflow.core.util.Ids;

/**
 * The trace a thread is working in: a stack of open frames (trace roots and the steps that may have children).
 * A call outside any frame becomes a trace of its own. Frames are plain objects so they can be carried to other
 * threads by the context-propagation instrumentation.
 */
public final class TraceContext {
    /**
     * Emptied with {@code set(null)}, never {@code remove()}: a removed thread-local is re-inserted by the next
     * {@code get()}, and that insert-and-remove on every call churns the thread's map (stale slots, probing, cleanup)
     * on the app thread's path. A null entry holds nothing.
     */
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
        /** Only in a frame made by {@link #inherit}: the frame whose {@link #close} ends this one too. */
        final Frame origin;
        /** Set by {@link #close}: the scope this frame stands for has ended. */
        volatile boolean closed;

        Frame(String traceId, String stepId, AtomicLong seq, Frame previous, boolean loop) {
            this(traceId, stepId, seq, previous, loop, null);
        }

        private Frame(String traceId, String stepId, AtomicLong seq, Frame previous, boolean loop, Frame origin) {
            this.traceId = traceId;
            this.stepId = stepId;
            this.seq = seq;
            this.previous = previous;
            this.loop = loop;
            this.origin = origin;
        }

        /** An inherited frame whose origin has closed: the thread holding it is outside any trace now. */
        boolean expired() {
            return origin != null && origin.closed;
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
        return placeIn(live());
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
        return open(placement, live());
    }

    /** As {@link #open(StepPlacement)}, numbering its children on from {@code numbering}'s trace when given. */
    static Frame open(StepPlacement placement, Frame numbering) {
        Frame previous = live();
        AtomicLong seq = numbering != null ? numbering.seq : new AtomicLong(placement.seq());
        Frame frame = new Frame(placement.traceId(), placement.stepId(), seq, previous, false);
        CURRENT.set(frame);
        return frame;
    }

    /**
     * Closes {@code frame}, restoring the one that was current before it. Frames other threads {@link #inherit}ed
     * from it end with it.
     */
    public static void close(Frame frame) {
        if (frame == null) {
            return;
        }
        frame.closed = true;
        if (CURRENT.get() == frame) {
            CURRENT.set(frame.previous);
        }
    }

    public static Frame current() {
        return live();
    }

    /**
     * For a thread started inside {@code frame} (captured when it was started): a frame to make current on that
     * thread ({@link #attach}) that places steps like {@code frame} for as long as {@code frame} is open, and not
     * after: once it is closed, steps on that thread start traces of their own. Unlike a task, which ends, a thread
     * may live on and do unrelated work (a pool's worker, a client's I/O loop started lazily during a traced call);
     * this way it can never keep adding that work to the trace after the code that started it has returned.
     */
    public static Frame inherit(Frame frame) {
        Frame origin = frame.origin != null ? frame.origin : frame;
        return new Frame(frame.traceId, frame.stepId, frame.seq, null, frame.loop, origin);
    }

    /** The current frame, unless it is an inherited one that has ended (then it is dropped). */
    private static Frame live() {
        Frame frame = CURRENT.get();
        if (frame != null && frame.expired()) {
            CURRENT.set(null);
            return null;
        }
        return frame;
    }

    /**
     * Makes {@code frame} (captured on another thread) current on this thread, e.g. in a pool thread running a
     * task submitted inside a trace. Returns what was current before, for {@link #restore}.
     */
    public static Frame attach(Frame frame) {
        Frame previous = CURRENT.get();
        CURRENT.set(frame);
        return previous;
    }

    /** Undoes {@link #attach}. */
    public static void restore(Frame previous) {
        CURRENT.set(previous);
    }
}
