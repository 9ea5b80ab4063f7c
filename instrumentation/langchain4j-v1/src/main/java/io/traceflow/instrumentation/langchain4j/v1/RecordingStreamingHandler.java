package io.traceflow.instrumentation.langchain4j.v1;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

import io.traceflow.core.capture.LlmCall;
import io.traceflow.core.capture.TraceContext;

/**
 * Stands in for the app's handler: forwards every callback (partial text, thinking, tool calls, raw events, complete,
 * error), notes the first token, and ends the step: complete, error, or the app cancelling through the handle the
 * callbacks carry (from 1.2; the handle passed on is an observed one, see {@link CancellableStreams}). Callbacks run
 * on the library's HTTP threads; each runs inside the trace frame the call was made in, so calls made from a
 * callback (an AI Service's next turn) stay in the trace.
 *
 * <p>Methods added after LangChain4j 1.0 name types older lines lack; they are only ever called by lines that
 * have them.
 */
final class RecordingStreamingHandler implements StreamingChatResponseHandler {
    private final StreamingChatResponseHandler app;
    private final LlmCall call;

    RecordingStreamingHandler(StreamingChatResponseHandler app, LlmCall call) {
        this.app = app;
        this.call = call;
    }

    LlmCall call() {
        return call;
    }

    /** A partial text: kept only when the answer will be stored in the cache (to replay it), else only timed. */
    private void partial(String text) {
        if (text != null && call.storesAnswer()) {
            call.chunk(text);
        } else {
            call.firstToken();
        }
    }

    /** Runs an app callback in the trace frame the call was made in (callbacks arrive on HTTP threads). */
    private void inCallersFrame(Runnable callback) {
        TraceContext.Frame previous = TraceContext.attach(call.callersFrame());
        try {
            callback.run();
        } finally {
            TraceContext.restore(previous);
        }
    }

    @Override
    public void onPartialResponse(String partialResponse) {
        partial(partialResponse);
        inCallersFrame(() -> app.onPartialResponse(partialResponse));
    }

    @Override
    public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
        partial(partialResponse.text());
        PartialResponseContext observed = CancellableStreams.observed(context, call);
        inCallersFrame(() -> app.onPartialResponse(partialResponse, observed));
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking) {
        call.firstToken();
        inCallersFrame(() -> app.onPartialThinking(partialThinking));
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
        call.firstToken();
        PartialThinkingContext observed = CancellableStreams.observed(context, call);
        inCallersFrame(() -> app.onPartialThinking(partialThinking, observed));
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall) {
        call.firstToken();
        inCallersFrame(() -> app.onPartialToolCall(partialToolCall));
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
        call.firstToken();
        PartialToolCallContext observed = CancellableStreams.observed(context, call);
        inCallersFrame(() -> app.onPartialToolCall(partialToolCall, observed));
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall completeToolCall) {
        inCallersFrame(() -> app.onCompleteToolCall(completeToolCall));
    }

    @Override
    public void onUnmappedRawEvent(Object rawEvent) {
        inCallersFrame(() -> app.onUnmappedRawEvent(rawEvent));
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
        call.end(completeResponse);
        StreamingRoots.endIfLastTurn(call.callersFrame(), completeResponse, null);
        inCallersFrame(() -> app.onCompleteResponse(completeResponse));
    }

    @Override
    public void onError(Throwable error) {
        call.fail(error);
        StreamingRoots.endIfLastTurn(call.callersFrame(), null, error);
        inCallersFrame(() -> app.onError(error));
    }
}
