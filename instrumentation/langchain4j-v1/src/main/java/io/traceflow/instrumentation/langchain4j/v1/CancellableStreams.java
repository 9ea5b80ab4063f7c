package io.traceflow.instrumentation.langchain4j.v1;

import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingHandle;

import io.traceflow.core.capture.LlmCall;

/**
 * The handle LangChain4j gives a streaming handler's callbacks (from 1.2), observed: when the app cancels the stream,
 * the call ends as {@code cancelled} (the provider stops calling back, so nothing else would end it), and a streaming
 * AI Service's root with it. Kept apart so that on older lines only this class fails to link.
 */
final class CancellableStreams {
    private CancellableStreams() {
    }

    static PartialResponseContext observed(PartialResponseContext context, LlmCall call) {
        return context == null ? null : new PartialResponseContext(new Handle(context.streamingHandle(), call));
    }

    static PartialThinkingContext observed(PartialThinkingContext context, LlmCall call) {
        return context == null ? null : new PartialThinkingContext(new Handle(context.streamingHandle(), call));
    }

    static PartialToolCallContext observed(PartialToolCallContext context, LlmCall call) {
        return context == null ? null : new PartialToolCallContext(new Handle(context.streamingHandle(), call));
    }

    private record Handle(StreamingHandle delegate, LlmCall call) implements StreamingHandle {
        @Override
        public void cancel() {
            try {
                if (delegate != null) {
                    delegate.cancel();
                }
            } finally {
                call.cancel();
                StreamingRoots.endIfLastTurn(call.callersFrame(), null, null);
            }
        }

        @Override
        public boolean isCancelled() {
            return delegate != null && delegate.isCancelled();
        }
    }
}
