package io.traceflow.instrumentation.openai.v4;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;

import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.capture.StepPlacement;
import io.traceflow.core.capture.TraceContext;
import io.traceflow.core.runtime.TraceFlowRuntime;

/**
 * One recorded OpenAI call, from enter to the moment its answer is complete: at once for a blocking call, when
 * the future completes for an async one, when the stream is exhausted, closed or fails for a streaming one. The
 * step is handed to the writer exactly once, whichever of those comes first.
 */
final class OpenAiCall implements CallScope {
    final TraceFlowRuntime runtime;
    final String operation;
    final boolean streaming;
    final boolean async;
    final boolean raw;
    final Object service;
    final Object params;
    final StepPlacement placement;
    final String thread;
    final long startedAtMillis;
    final long startNanos;

    private final AtomicBoolean finished = new AtomicBoolean();
    /** A cache miss whose successful answer is to be stored (read-write mode), else null. */
    volatile io.traceflow.core.cache.CacheLookup cacheMiss;
    private final List<Object> chunks = new ArrayList<>();
    private volatile long firstChunkNanos;

    OpenAiCall(TraceFlowRuntime runtime, String operation, boolean streaming, boolean async, boolean raw,
            Object service, Object params) {
        this.runtime = runtime;
        this.operation = operation;
        this.streaming = streaming;
        this.async = async;
        this.raw = raw;
        this.service = service;
        this.params = params;
        this.placement = TraceContext.place();
        this.thread = Thread.currentThread().getName();
        this.startedAtMillis = System.currentTimeMillis();
        this.startNanos = System.nanoTime();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object exit(Object returned, Throwable thrown) {
        OpenAiCallHandler.DEPTH.get()[0]--;
        if (thrown != null) {
            finish(null, thrown, "error");
            return returned;
        }
        if (raw && async) {
            return recordingWhenParsed((CompletableFuture<HttpResponseFor<Object>>) returned);
        }
        if (raw) {
            return new RecordingHttpResponseFor<>((HttpResponseFor<Object>) returned, this);
        }
        if (async) {
            if (streaming) {
                return new RecordingAsyncStreamResponse<>((AsyncStreamResponse<Object>) returned, this);
            }
            ((CompletableFuture<Object>) returned).whenComplete((value, error) ->
                    finish(value, unwrap(error), error == null ? "ok" : "error"));
            return returned;
        }
        if (streaming) {
            return new RecordingStreamResponse<>((StreamResponse) returned, this);
        }
        finish(returned, null, "ok");
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
                finish(null, null, "cancelled"); // before cancelling the SDK's, whose callback would say "error"
                sdk.cancel(true);
            } else {
                finish(null, unwrap(error), error == null ? "ok" : "error");
            }
        });
        sdk.whenComplete((response, error) -> {
            try {
                if (error != null) {
                    finish(null, unwrap(error), "error");
                }
            } finally {
                // Whatever happened to the recording, the app's future completes.
                if (error != null) {
                    observed.completeExceptionally(error);
                } else if (!observed.complete(new RecordingHttpResponseFor<>(response, this))) {
                    response.close();
                }
            }
        });
        return observed;
    }

    /** Called for each element a stream hands to the app. */
    void onChunk(Object chunk) {
        if (firstChunkNanos == 0) {
            firstChunkNanos = System.nanoTime();
        }
        synchronized (chunks) {
            chunks.add(chunk);
        }
    }

    /** Records the step once; later calls (close after exhaustion, a second failure) are ignored. */
    void finish(Object response, Throwable error, String status) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        long endNanos = System.nanoTime();
        List<Object> streamed;
        synchronized (chunks) {
            streamed = streaming ? List.copyOf(chunks) : List.of();
        }
        runtime.record(new OpenAiStepEvent(this, response, streamed, error, status, endNanos, firstChunkNanos));
        if (cacheMiss != null && error == null && "ok".equals(status)) {
            Object answer = streaming ? (streamed.isEmpty() ? null : streamed) : response;
            runtime.cache().store(cacheMiss, "openai", OpenAiCache.cacheOperation(operation, streaming),
                    modelOf(params), answer, () -> OpenAiCache.answerJson(answer), (endNanos - startNanos) / 1e6);
        }
    }

    static String modelOf(Object params) {
        if (params instanceof com.openai.models.chat.completions.ChatCompletionCreateParams p) {
            return p.model().asString();
        }
        if (params instanceof com.openai.models.responses.ResponseCreateParams p) {
            return p.model().map(Object::toString).orElse(null);
        }
        if (params instanceof com.openai.models.embeddings.EmbeddingCreateParams p) {
            return p.model().asString();
        }
        return null;
    }

    boolean isFinished() {
        return finished.get();
    }

    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
