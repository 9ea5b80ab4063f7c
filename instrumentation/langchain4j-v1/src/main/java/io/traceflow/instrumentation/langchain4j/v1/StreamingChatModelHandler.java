package io.traceflow.instrumentation.langchain4j.v1;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

import io.traceflow.bootstrap.CallHandler;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.bootstrap.ShortCircuit;
import io.traceflow.core.capture.CacheDecision;
import io.traceflow.core.capture.LlmCall;
import io.traceflow.schema.Operations;

/**
 * {@code StreamingChatModel.chat/doChat(ChatRequest, StreamingChatResponseHandler)}: the handler is replaced by a
 * {@link RecordingStreamingHandler} that forwards every callback; the step ends on complete or error. A nested call
 * on the same model (the default {@code chat} calling {@code doChat}, with our handler) updates the request only.
 * A cache hit does not call the model: the app's handler receives the recorded answer on a thread of its own.
 */
public final class StreamingChatModelHandler implements CallHandler {
    public StreamingChatModelHandler(Class<?> type) {
    }

    @Override
    public CallScope enter(String method, Object self, Object[] args) {
        if (!(args[0] instanceof ChatRequest request) || !(args[1] instanceof StreamingChatResponseHandler handler)) {
            return null;
        }
        LlmCall enclosing = LlmCall.enclosing(self);
        if (enclosing == null && handler instanceof RecordingStreamingHandler recording) {
            enclosing = recording.call(); // called on another thread with our handler: still the same call
        }
        if (enclosing != null) {
            enclosing.updateRequest(request);
            return null;
        }
        LlmCall call = LlmCall.start(LangChainChatAdapter.INSTANCE, Operations.CHAT, true, self, self, request);
        if (call == null) {
            return null;
        }
        RecordingStreamingHandler wrapper = new RecordingStreamingHandler(handler, call);
        try {
            CacheDecision decision = call.consultCache();
            if (decision instanceof CacheDecision.Hit hit) {
                return replay(call, () -> CachedStreams.replay(wrapper, (RecordedAnswers.Stream) hit.answer()));
            }
            if (decision instanceof CacheDecision.ReplayMiss miss) {
                // As a failed stream would: onError on another thread, no network call.
                return replay(call, () -> wrapper.onError(miss.error()));
            }
        } catch (RuntimeException | LinkageError e) {
            call.abandon();
            throw e;
        }
        return new CallScope() {
            @Override
            public Object[] replaceArguments(Object[] arguments) {
                Object[] replaced = arguments.clone();
                replaced[1] = wrapper;
                return replaced;
            }

            @Override
            public Object exit(Object returned, Throwable thrown) {
                call.exitMethod();
                if (thrown != null) {
                    call.fail(thrown); // failed before streaming started
                }
                return returned;
            }
        };
    }

    /** Skips the model: {@code delivery} runs on a thread of its own, as a provider's HTTP client calls back. */
    private static CallScope replay(LlmCall call, Runnable delivery) {
        return (ShortCircuit) (returned, thrown) -> {
            call.exitMethod();
            Thread replay = new Thread(delivery, "traceflow-cache-replay");
            replay.setDaemon(true);
            replay.start();
            return null;
        };
    }
}
