package io.traceflow.instrumentation.langchain4j.v1;

import dev.langchain4j.model.chat.request.ChatRequest;

import io.traceflow.bootstrap.CallHandler;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.capture.CacheDecision;
import io.traceflow.core.capture.LlmCall;
import io.traceflow.core.capture.LlmScopes;
import io.traceflow.schema.Operations;

/**
 * {@code ChatModel.chat(ChatRequest)} overrides and {@code doChat(ChatRequest)}. The outermost call on a model
 * makes the step (its nesting key is the model); a {@code doChat} nested in it on the same model only contributes
 * its request, which is the one merged with the model's default parameters (model name included). A different
 * model called inside (a router, a wrapper), or an SDK the model uses, is a child step of its own.
 */
public final class ChatModelHandler implements CallHandler {
    public ChatModelHandler(Class<?> type) {
    }

    @Override
    public CallScope enter(String method, Object self, Object[] args) {
        if (!(args[0] instanceof ChatRequest request)) {
            return null;
        }
        LlmCall enclosing = LlmCall.enclosing(self);
        if (enclosing != null) {
            enclosing.updateRequest(request);
            return null;
        }
        LlmCall call = LlmCall.start(LangChainChatAdapter.INSTANCE, Operations.CHAT, false, self, self, request);
        if (call == null) {
            return null;
        }
        try {
            CacheDecision decision = call.consultCache();
            if (decision instanceof CacheDecision.Hit hit) {
                return LlmScopes.answered(call, hit.answer());
            }
            if (decision instanceof CacheDecision.ReplayMiss miss) {
                return LlmScopes.refused(call, miss.error(), false);
            }
            return LlmScopes.blocking(call);
        } catch (RuntimeException | LinkageError e) {
            call.abandon(); // undo the thread state: the call runs untraced
            throw e;
        }
    }
}
