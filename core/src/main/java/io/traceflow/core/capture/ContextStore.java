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

    private ContextStore() {
    }

    /** On the submitting thread: remembers the current frame for {@code task}, if there is one. */
    public static void capture(Object task) {
        TraceContext.Frame frame = TraceContext.current();
        if (frame != null && task != null) {
            PENDING.put(task, frame);
        }
    }

    /** On the running thread: the frame {@code task} was submitted in, or null; forgotten afterwards. */
    public static TraceContext.Frame take(Object task) {
        return task == null || PENDING.isEmpty() ? null : PENDING.remove(task);
    }
}
