package io.traceflow.instrumentation.langchain4j.v1;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

import io.traceflow.bootstrap.CallHandler;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.runtime.TraceFlowRuntime;

/**
 * {@code StreamingChatModel.chat/doChat(ChatRequest, StreamingChatResponseHandler)}: the handler is replaced by a
 * {@link RecordingStreamingHandler} that forwards every callback; the step ends on complete or error. A nested call
 * that already carries our wrapper (the default {@code chat} calling {@code doChat}) updates the request only.
 */
public final class StreamingChatModelHandler implements CallHandler {
    public StreamingChatModelHandler(Class<?> type) {
    }

    @Override
    public CallScope enter(String method, Object self, Object[] args) {
        TraceFlowRuntime runtime = TraceFlowRuntime.current();
        if (runtime == null || !(args[0] instanceof ChatRequest request)
                || !(args[1] instanceof StreamingChatResponseHandler handler)) {
            return null;
        }
        if (handler instanceof RecordingStreamingHandler recording) {
            recording.call().request = request; // the merged request of doChat
            return null;
        }
        StreamingCall call = new StreamingCall(runtime, self, request, handler);
        return runtime.cache().enabled() ? CachedStreamingCall.consult(call) : call;
    }
}
