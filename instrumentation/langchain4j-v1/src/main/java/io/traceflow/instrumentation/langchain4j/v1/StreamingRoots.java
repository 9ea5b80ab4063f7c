package io.traceflow.instrumentation.langchain4j.v1;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import dev.langchain4j.model.chat.response.ChatResponse;

import io.traceflow.core.capture.RootCall;
import io.traceflow.core.capture.TraceContext;

/**
 * Streaming AI Services, whose work outlives the service method: it returns a {@code TokenStream}, the model call
 * starts in {@code start()}, and the turns complete on HTTP threads. The root stays open until the last turn, so the
 * trace's end and status are the stream's. Both maps are weak: a stream never started, or a turn never completed,
 * leaks nothing.
 */
final class StreamingRoots {
    /** A TokenStream returned by a service call, with the frame its model calls belong to (see TokenStreamHandler). */
    static final Map<Object, TraceContext.Frame> TOKEN_STREAMS = Collections.synchronizedMap(new WeakHashMap<>());

    /** Roots of streaming calls, open until their last turn completes or fails. */
    private static final Map<TraceContext.Frame, RootCall> OPEN = Collections.synchronizedMap(new WeakHashMap<>());

    private StreamingRoots() {
    }

    /** Keeps {@code root} open after its service method returned {@code tokenStream}. */
    static void keepOpen(Object tokenStream, RootCall root) {
        TraceContext.Frame frame = root.leave();
        TOKEN_STREAMS.put(tokenStream, frame);
        OPEN.put(frame, root);
    }

    /**
     * Called when a turn streamed in {@code frame} completed or failed: the root ends with its last turn, an answer
     * that asks for no tool (or a failure). A turn that asks for tools is followed by another, started from this
     * turn's completion callback.
     */
    static void endIfLastTurn(TraceContext.Frame frame, ChatResponse response, Throwable error) {
        if (frame == null || (error == null && response != null && response.aiMessage() != null
                && response.aiMessage().hasToolExecutionRequests())) {
            return;
        }
        RootCall root = OPEN.remove(frame);
        if (root != null) {
            root.finish(error == null && response != null && response.aiMessage() != null
                    ? response.aiMessage().text() : null, error);
        }
    }
}
