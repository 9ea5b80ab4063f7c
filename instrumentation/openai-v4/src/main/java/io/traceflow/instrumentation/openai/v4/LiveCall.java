package io.traceflow.instrumentation.openai.v4;

import java.util.concurrent.CompletableFuture;

import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;

import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.capture.LlmCall;

/**
 * A call that goes to the API: the exit hook hands the app what the SDK returned, observed where the answer is not
 * complete yet (a stream, a future, a raw response), so the {@link LlmCall} ends when it is.
 */
final class LiveCall implements CallScope {
    private final LlmCall call;
    private final boolean async;
    private final boolean raw;

    LiveCall(LlmCall call, boolean async, boolean raw) {
        this.call = call;
        this.async = async;
        this.raw = raw;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object exit(Object returned, Throwable thrown) {
        call.exitMethod();
        if (thrown != null) {
            call.fail(thrown);
            return returned;
        }
        if (raw && async) {
            return recordingWhenParsed((CompletableFuture<HttpResponseFor<Object>>) returned);
        }
        if (raw) {
            return new RecordingHttpResponseFor<>((HttpResponseFor<Object>) returned, call);
        }
        if (async) {
            if (call.streaming()) {
                return new RecordingAsyncStreamResponse<>((AsyncStreamResponse<Object>) returned, call);
            }
            call.completeWith((CompletableFuture<?>) returned);
            return returned;
        }
        if (call.streaming()) {
            return new RecordingStreamResponse<>((StreamResponse) returned, call);
        }
        call.end(returned);
        return returned;
    }

    /**
     * An async {@code withRawResponse()} call: the app gets a future of the observed response, so the step is
     * recorded when it parses the body, as for a blocking raw call. The SDK's future cannot be given another
     * value, so this is a new one, made to behave like it: it completes with the SDK's own exception, unwrapped
     * no further and wrapped no more (a dependent stage would add a {@code CompletionException}), and cancelling
     * it cancels the SDK's. When the app completes it first (cancel, {@code orTimeout}, {@code complete}), the step
     * is recorded then, and a response that arrives later is closed, as nobody can read it any more.
     */
    private CompletableFuture<HttpResponseFor<Object>> recordingWhenParsed(
            CompletableFuture<HttpResponseFor<Object>> sdk) {
        CompletableFuture<HttpResponseFor<Object>> observed = new CompletableFuture<>();
        observed.whenComplete((response, error) -> {
            if (response instanceof RecordingHttpResponseFor<?>) {
                return; // ours: recorded when the app parses or closes it
            }
            if (observed.isCancelled()) {
                call.cancel(); // before cancelling the SDK's, whose callback would say "error"
                sdk.cancel(true);
            } else if (error != null) {
                call.fail(error);
            } else {
                call.end(null);
            }
        });
        sdk.whenComplete((response, error) -> {
            try {
                if (error != null) {
                    call.fail(error);
                }
            } finally {
                // Whatever happened to the recording, the app's future completes.
                if (error != null) {
                    observed.completeExceptionally(error);
                } else if (!observed.complete(new RecordingHttpResponseFor<>(response, call))) {
                    response.close();
                }
            }
        });
        return observed;
    }
}
