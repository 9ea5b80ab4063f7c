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
    final TraceFlowRuntime runtime;
    final Object model;
    final StepScope scope = StepScope.start(false);
    final RecordingStreamingHandler wrapper;
    volatile ChatRequest request;
    private volatile long firstTokenNanos;
    private final AtomicBoolean finished = new AtomicBoolean();

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

    void finish(ChatResponse response, Throwable error) {
        if (finished.compareAndSet(false, true)) {
            runtime.record(new LangChainChatEvent(runtime, scope, model.getClass(), request, response, error,
                    System.nanoTime(), firstTokenNanos, "chat"));
        }
    }
}
