package io.traceflow.instrumentation.langchain4j.v1;

import dev.langchain4j.model.chat.request.ChatRequest;

import io.traceflow.bootstrap.CallHandler;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.runtime.TraceFlowRuntime;

/**
 * {@code ChatModel.chat(ChatRequest)} overrides and {@code doChat(ChatRequest)}. The outermost call on a model
 * makes the step; a {@code doChat} nested in it on the same model only contributes its request, which is the one
 * merged with the model's default parameters (model name included). A different model called inside (a router,
 * a wrapper) is a child step of its own.
 */
public final class ChatModelHandler implements CallHandler {
    static final ThreadLocal<ChatCall> CURRENT = new ThreadLocal<>();

    public ChatModelHandler(Class<?> type) {
    }

    @Override
    public CallScope enter(String method, Object self, Object[] args) {
        TraceFlowRuntime runtime = TraceFlowRuntime.current();
        if (runtime == null || !(args[0] instanceof ChatRequest request)) {
            return null;
        }
        ChatCall current = CURRENT.get();
        if (current != null && current.model == self) {
            current.request = request;
            return null;
        }
        ChatCall call = new ChatCall(runtime, self, request, current);
        CURRENT.set(call);
        if (!runtime.cache().enabled()) {
            return call;
        }
        try {
            return CachedChatCall.consult(call);
        } catch (RuntimeException | LinkageError e) {
            call.end(null, null); // undo the frame and the nesting state: the call runs untraced
            throw e;
        }
    }
}
