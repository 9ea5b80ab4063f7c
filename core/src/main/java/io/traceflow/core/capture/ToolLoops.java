package io.traceflow.core.capture;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Links the calls of a manual tool loop into one trace: an app that calls a model with tools outside any trace root,
 * runs the tool the answer asked for, and calls the model again with the result. Each of those calls would be a
 * trace of its own; instead, the tool-call ids the first answer asked for are remembered with its trace, and a tool
 * execution or a model call that answers one of them (outside any root) joins that trace, as a top-level step after
 * the first. Ids are the providers' random strings, so they only link what belongs together.
 *
 * <p>Bounded (the most recent {@value #MAX} ids); touched only by calls outside any root that ask for or answer a
 * tool, so every other call pays one volatile read.
 */
public final class ToolLoops {
    static final int MAX = 4096;

    private static final Map<String, TraceContext.Frame> BY_TOOL_CALL_ID = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TraceContext.Frame> eldest) {
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
        synchronized (BY_TOOL_CALL_ID) {
            for (String id : toolCallIds) {
                TraceContext.Frame loop = id == null ? null : BY_TOOL_CALL_ID.get(id);
                if (loop != null) {
                    return loop;
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
        synchronized (BY_TOOL_CALL_ID) {
            for (String id : toolCallIds) {
                if (id != null && !id.isEmpty()) {
                    BY_TOOL_CALL_ID.put(id, loop);
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
