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

    ChatCall(TraceFlowRuntime runtime, Object model, ChatRequest request, ChatCall previous) {
        this.runtime = runtime;
        this.model = model;
        this.request = request;
        this.previous = previous;
    }

    @Override
    public Object exit(Object returned, Throwable thrown) {
        long end = System.nanoTime();
        scope.closeFrame();
        if (previous == null) {
            ChatModelHandler.CURRENT.remove();
        } else {
            ChatModelHandler.CURRENT.set(previous);
        }
        runtime.record(new LangChainChatEvent(runtime, scope, model.getClass(), request,
                returned instanceof ChatResponse r ? r : null, thrown, end, 0, "chat"));
        return returned;
    }
}
