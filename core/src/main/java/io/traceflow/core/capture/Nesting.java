package io.traceflow.core.capture;

/**
 * The one nesting guard: one logical call, one step. A hooked call that starts while the innermost hooked call on
 * the same thread has the same nesting key is part of that call and records nothing of its own: the OpenAI SDK's
 * blocking {@code create} calling its raw twin (key: the library), a LangChain4j model's {@code chat} calling its
 * own {@code doChat} (key: the model instance), {@code executeWithContext} delegating to {@code execute} for the same
 * tool request. A call with another key inside (an SDK call made by a framework's model, a model called by a tool) is
 * a step of its own, a child of the enclosing one.
 *
 * <p>Entries are pushed when a recorded call's hooked method starts and popped when it returns or throws, on the
 * same thread: an async or streamed answer may complete later, elsewhere, but its nesting is over when the method
 * returns.
 */
public final class Nesting {
    /** Emptied with {@code set(null)}, never {@code remove()}: see TraceContext's thread-local. */
    private static final ThreadLocal<Entry> INNERMOST = new ThreadLocal<>();

    private Nesting() {
    }

    /** An active hooked call on this thread. */
    public static final class Entry {
        final Object key;
        final Object call;
        final Entry outer;

        Entry(Object key, Object call, Entry outer) {
            this.key = key;
            this.call = call;
            this.outer = outer;
        }
    }

    /**
     * The call that a call with {@code key} would be part of: the innermost active call, when its key is
     * {@code key}; otherwise null (the new call is a call of its own).
     */
    public static Object enclosing(Object key) {
        Entry innermost = INNERMOST.get();
        return innermost != null && sameKey(innermost.key, key) ? innermost.call : null;
    }

    /** The innermost active call on this thread, whatever its key; null when there is none. */
    public static Object innermost() {
        Entry innermost = INNERMOST.get();
        return innermost == null ? null : innermost.call;
    }

    /** Library-wide keys are strings (equal across class loaders); other keys are instances, compared by identity. */
    private static boolean sameKey(Object a, Object b) {
        return a == b || (a instanceof String s && s.equals(b));
    }

    /** Marks {@code call} active on this thread; {@link #leave} with the returned entry when its method ends. */
    public static Entry enter(Object key, Object call) {
        Entry entry = new Entry(key, call, INNERMOST.get());
        INNERMOST.set(entry);
        return entry;
    }

    /**
     * Ends {@code entry}. Tolerates being called for an entry that is no longer the innermost (an inner one that
     * was never left): everything above it is dropped, so a lost exit cannot make later calls look nested forever.
     */
    public static void leave(Entry entry) {
        if (entry == null) {
            return;
        }
        for (Entry e = INNERMOST.get(); e != null; e = e.outer) {
            if (e == entry) {
                INNERMOST.set(entry.outer);
                return;
            }
        }
    }
}
