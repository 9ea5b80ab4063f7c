package io.traceflow.core.capture;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Links the calls of a manual tool loop into one trace: an app that calls a model with tools outside any trace root,
 * runs the tool the answer asked for, and calls the model again with the result. Each of those calls would be a
 * trace of its own; instead, the tool-call ids the first answer asked for are remembered with its trace, and a tool
 * execution or a model call that answers one of them (outside any root) joins that trace, as a top-level step after
 * the first. Providers make the ids unique per answer, so they link what belongs together; the one case where two
 * loops share ids is the same recorded answer replayed from the cache to two loops at once, where a later call may
 * join the other loop's trace (the most recent wins).
 *
 * <p>Bounded: the most recent {@value #MAX} ids, each for {@value #TTL_MINUTES} minutes (a loop's calls follow each
 * other within seconds). Only calls outside any root look here: while no loop is remembered, one volatile read;
 * after, a lookup of the ids in the request's trailing tool results.
 */
public final class ToolLoops {
    static final int MAX = 4096;
    static final long TTL_MINUTES = 10;
    private static final long TTL_NANOS = TimeUnit.MINUTES.toNanos(TTL_MINUTES);

    private record Loop(TraceContext.Frame frame, long rememberedAt) {
    }

    /** Insertion order: the eldest is the first to go, whatever its use. */
    private static final Map<String, Loop> BY_TOOL_CALL_ID = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Loop> eldest) {
            return size() > MAX;
        }
    };
    private static volatile boolean empty = true;

    private ToolLoops() {
    }

    /** True until some call outside any root asked for a tool: then calls need not look at their requests. */
    static boolean isEmpty() {
        return empty;
    }

    /** The loop a call answering these tool calls belongs to, or null. */
    static TraceContext.Frame find(Collection<String> toolCallIds) {
        if (empty || toolCallIds == null || toolCallIds.isEmpty()) {
            return null;
        }
        long now = System.nanoTime();
        synchronized (BY_TOOL_CALL_ID) {
            for (String id : toolCallIds) {
                Loop loop = id == null ? null : BY_TOOL_CALL_ID.get(id);
                if (loop != null && now - loop.rememberedAt() < TTL_NANOS) {
                    return loop.frame();
                }
            }
        }
        return null;
    }

    /** Remembers that a step of {@code loop}'s trace asked for these tool calls. */
    static void remember(Collection<String> toolCallIds, TraceContext.Frame loop) {
        if (toolCallIds == null || toolCallIds.isEmpty() || loop == null) {
            return;
        }
        Loop remembered = new Loop(loop, System.nanoTime());
        synchronized (BY_TOOL_CALL_ID) {
            for (String id : toolCallIds) {
                if (id != null && !id.isEmpty()) {
                    BY_TOOL_CALL_ID.remove(id); // re-inserted last: the newest goes last
                    BY_TOOL_CALL_ID.put(id, remembered);
                }
            }
            empty = BY_TOOL_CALL_ID.isEmpty();
        }
    }

    /** For tests: forgets every loop. */
    static void clear() {
        synchronized (BY_TOOL_CALL_ID) {
            BY_TOOL_CALL_ID.clear();
            empty = true;
        }
    }
}
