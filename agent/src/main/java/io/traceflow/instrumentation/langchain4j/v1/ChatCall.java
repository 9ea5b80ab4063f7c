package io.traceflow.instrumentation.langchain4j.v1;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.capture.StepScope;
import io.traceflow.core.runtime.TraceFlowRuntime;

/**
 * One blocking LangChain4j chat call. It opens a frame, so a client library called inside (a user's
 * {@code ChatModel} that uses the OpenAI SDK) records a child step.
 */
final class ChatCall implements CallScope {
    final TraceFlowRuntime runtime;
    final Object model;
    final ChatCall previous;
    final StepScope scope = StepScope.start(true);
    volatile ChatRequest request;
    /** A miss whose successful answer is stored (read-write mode), else null. */
    volatile io.traceflow.core.cache.CacheLookup cacheMiss;

    ChatCall(TraceFlowRuntime runtime, Object model, ChatRequest request, ChatCall previous) {
        this.runtime = runtime;
        this.model = model;
        this.request = request;
        this.previous = previous;
    }

    @Override
    public Object exit(Object returned, Throwable thrown) {
        LangChainChatEvent event = end(returned instanceof ChatResponse r ? r : null, thrown);
        runtime.record(event);
        if (cacheMiss != null && thrown == null && returned instanceof ChatResponse response) {
            runtime.cache().store(cacheMiss, "langchain4j", "chat", request.parameters() == null ? null
                    : request.parameters().modelName(), response,
                    () -> LangChainCache.answerJson(response, java.util.List.of()), scope.elapsedMillis());
        }
        return returned;
    }

    /** Closes the frame and the nesting bookkeeping; returns the step to record. */
    LangChainChatEvent end(ChatResponse response, Throwable thrown) {
        long end = System.nanoTime();
        scope.closeFrame();
        if (previous == null) {
            ChatModelHandler.CURRENT.remove();
        } else {
            ChatModelHandler.CURRENT.set(previous);
        }
        return new LangChainChatEvent(runtime, scope, model.getClass(), request, response, thrown, end, 0, "chat");
    }
}
