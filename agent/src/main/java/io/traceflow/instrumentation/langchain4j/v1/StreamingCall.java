package io.traceflow.instrumentation.langchain4j.v1;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.capture.StepScope;
import io.traceflow.core.runtime.TraceFlowRuntime;

/** One streaming LangChain4j chat call: recorded once, when the handler hears complete or error. */
final class StreamingCall implements CallScope {
    /** A streamed answer as kept in memory by the cache: the complete response and the partial texts. */
    record RecordedStream(ChatResponse response, java.util.List<String> partials) {
    }

    final TraceFlowRuntime runtime;
    final Object model;
    final StepScope scope = StepScope.start(false);
    final RecordingStreamingHandler wrapper;
    volatile ChatRequest request;
    private volatile long firstTokenNanos;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final java.util.List<String> partials = new java.util.ArrayList<>();
    /** A miss whose successful answer is stored (read-write mode), else null. */
    volatile io.traceflow.core.cache.CacheLookup cacheMiss;
    /** Set when answered from the cache: {lookup ms, recorded latency ms}. */
    volatile double[] cacheHit;

    StreamingCall(TraceFlowRuntime runtime, Object model, ChatRequest request, StreamingChatResponseHandler app) {
        this.runtime = runtime;
        this.model = model;
        this.request = request;
        this.wrapper = new RecordingStreamingHandler(app, this);
    }

    @Override
    public Object[] replaceArguments(Object[] arguments) {
        Object[] replaced = arguments.clone();
        replaced[1] = wrapper;
        return replaced;
    }

    @Override
    public Object exit(Object returned, Throwable thrown) {
        if (thrown != null) {
            finish(null, thrown); // failed before streaming started
        }
        return returned;
    }

    void firstToken() {
        if (firstTokenNanos == 0) {
            firstTokenNanos = System.nanoTime();
        }
    }

    /**
     * A streaming AI Service's root ends with its last turn: an answer that asks for no tool (or a failure). A turn
     * that asks for tools is followed by another, started from this turn's completion callback.
     */
    private void endStreamingRootIfLastTurn(ChatResponse response, Throwable error) {
        io.traceflow.core.capture.TraceContext.Frame frame = scope.parentFrame();
        if (frame == null || (error == null && response != null && response.aiMessage() != null
                && response.aiMessage().hasToolExecutionRequests())) {
            return;
        }
        io.traceflow.core.capture.RootCall root = AiServiceHandler.OPEN_STREAM_ROOTS.remove(frame);
        if (root != null) {
            root.finish(error == null && response != null && response.aiMessage() != null
                    ? response.aiMessage().text() : null, error);
        }
    }

    void partial(String text) {
        firstToken();
        if (text != null) {
            synchronized (partials) {
                partials.add(text);
            }
        }
    }

    void finish(ChatResponse response, Throwable error) {
        if (finished.compareAndSet(false, true)) {
            LangChainChatEvent event = new LangChainChatEvent(runtime, scope, model.getClass(), request, response,
                    error, System.nanoTime(), firstTokenNanos, "chat");
            double[] hit = cacheHit;
            runtime.record(hit != null ? event.cacheHit(hit[0], hit[1]) : event);
            endStreamingRootIfLastTurn(response, error);
            if (cacheMiss != null && error == null && response != null) {
                java.util.List<String> recorded;
                synchronized (partials) {
                    recorded = java.util.List.copyOf(partials);
                }
                runtime.cache().store(cacheMiss, "langchain4j", "chat.stream", request.parameters() == null ? null
                        : request.parameters().modelName(), new RecordedStream(response, recorded),
                        () -> LangChainCache.answerJson(response, recorded), scope.elapsedMillis());
            }
        }
    }
}
