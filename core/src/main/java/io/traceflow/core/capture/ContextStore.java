package io.traceflow.core.capture;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Carries trace frames from the thread that submits a task to the thread that runs it. A task is remembered only
 * when submitted inside a trace (so apps outside traces pay nothing but a thread-local read), weakly (a task never
 * run does not leak), and handed over once.
 */
public final class ContextStore {
    private static final Map<Object, TraceContext.Frame> PENDING = Collections.synchronizedMap(new WeakHashMap<>());
    /** Entries possibly pending: lets every task run outside traces skip the map's lock with one volatile read. */
    private static final java.util.concurrent.atomic.AtomicInteger MAYBE_PENDING = new java.util.concurrent.atomic.AtomicInteger();

    private ContextStore() {
    }

    /** On the submitting thread: remembers the current frame for {@code task}, if there is one. */
    public static void capture(Object task) {
        TraceContext.Frame frame = TraceContext.current();
        if (frame != null && task != null && PENDING.put(task, frame) == null) {
            MAYBE_PENDING.incrementAndGet();
        }
    }

    /** On the running thread: the frame {@code task} was submitted in, or null; forgotten afterwards. */
    public static TraceContext.Frame take(Object task) {
        if (task == null || MAYBE_PENDING.get() <= 0) {
            return null;
        }
        TraceContext.Frame frame = PENDING.remove(task);
        if (frame != null) {
            MAYBE_PENDING.decrementAndGet();
        } else if (PENDING.isEmpty()) {
            MAYBE_PENDING.set(0); // entries whose tasks were collected without running
        }
        return frame;
    }
}
