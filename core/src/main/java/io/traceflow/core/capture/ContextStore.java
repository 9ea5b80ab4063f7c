package io.traceflow.core.capture;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Carries trace frames from the thread that submits a task to the thread that runs it. A task is remembered only
 * when submitted inside a trace (so apps outside traces pay nothing but a thread-local read), weakly (a task never
 * run does not leak), by identity (two equal tasks, records say, are two tasks; and the app's {@code equals} and
 * {@code hashCode} never run inside a hook), and handed over once.
 */
public final class ContextStore {
    private static final Map<Key, TraceContext.Frame> PENDING = new HashMap<>();
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();
    /** Entries possibly pending: lets every task run outside traces skip the map's lock with one volatile read. */
    private static final AtomicInteger MAYBE_PENDING = new AtomicInteger();

    private ContextStore() {
    }

    /** On the submitting thread: remembers the current frame for {@code task}, if there is one. */
    public static void capture(Object task) {
        TraceContext.Frame frame = TraceContext.current();
        if (frame == null || task == null) {
            return;
        }
        synchronized (PENDING) {
            expungeCollected();
            if (PENDING.put(new Key(task, COLLECTED), frame) == null) {
                MAYBE_PENDING.incrementAndGet();
            }
        }
    }

    /** On the running thread: the frame {@code task} was submitted in, or null; forgotten afterwards. */
    public static TraceContext.Frame take(Object task) {
        if (task == null || MAYBE_PENDING.get() <= 0) {
            return null;
        }
        synchronized (PENDING) {
            TraceContext.Frame frame = PENDING.remove(new Key(task, null));
            if (frame != null) {
                MAYBE_PENDING.decrementAndGet();
            } else {
                expungeCollected();
            }
            return frame;
        }
    }

    /** Forgets the entries of tasks collected without running (never submitted to run, or dropped). */
    private static void expungeCollected() {
        for (Reference<?> gone; (gone = COLLECTED.poll()) != null; ) {
            if (PENDING.remove(gone) != null) {
                MAYBE_PENDING.decrementAndGet();
            }
        }
        if (PENDING.isEmpty()) {
            MAYBE_PENDING.set(0);
        }
    }

    /** A task, weakly and by identity. */
    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object task, ReferenceQueue<Object> queue) {
            super(task, queue);
            this.hash = System.identityHashCode(task);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof Key key)) {
                return false;
            }
            Object mine = get();
            return mine != null && mine == key.get();
        }
    }
}
