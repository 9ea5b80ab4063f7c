package io.traceflow.instrumentation.openai.v4;

import java.util.List;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;

import io.traceflow.bootstrap.CacheReplayMissException;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.bootstrap.ShortCircuit;
import io.traceflow.core.cache.CacheEntry;
import io.traceflow.core.cache.CacheLookup;
import io.traceflow.core.cache.CacheMode;

/**
 * The cache, consulted before an OpenAI call (on the app thread): a hit skips the SDK call and returns the
 * recorded answer as the SDK's own type; a strict-replay miss skips it and throws; anything else lets the call
 * run (a read-write miss then stores its answer when it succeeds).
 */
final class OpenAiCacheHit implements ShortCircuit {
    private final OpenAiCall call;
    private final Object returnValue;
    private final RuntimeException failure;

    private OpenAiCacheHit(OpenAiCall call, Object returnValue, RuntimeException failure) {
        this.call = call;
        this.returnValue = returnValue;
        this.failure = failure;
    }

    static CallScope consult(OpenAiCall call) {
        String operation = OpenAiCache.cacheOperation(call.operation, call.streaming);
        CacheLookup lookup = call.runtime.cache().lookup("openai", operation, OpenAiStepEvent.baseUrl(call.service),
                OpenAiCache.requestJson(call.params), OpenAiCache.temperature(call.params));
        if (lookup.hit()) {
            try {
                CacheEntry entry = lookup.entry();
                Object answer = OpenAiCache.answer(entry, call.operation, call.streaming);
                if (entry.answer() == null) {
                    call.runtime.cache().remember(new CacheEntry(entry.key(), entry.namespace(), entry.provider(),
                            entry.operation(), entry.model(), entry.canonicalRequest(), answer, entry.answerJson(),
                            entry.originalLatencyMs(), entry.createdAt()));
                }
                double lookupMs = (System.nanoTime() - call.startNanos) / 1e6;
                Object response = call.streaming ? null : answer;
                List<Object> chunks = call.streaming ? castList(answer) : List.of();
                call.runtime.record(new OpenAiStepEvent(call, response, chunks, null, "ok", System.nanoTime(), 0)
                        .cacheHit(lookupMs, entry.originalLatencyMs()));
                return new OpenAiCacheHit(call, OpenAiCache.returnValue(answer, call.async, call.streaming), null);
            } catch (Exception e) {
                call.runtime.adviceError(e); // an unreadable entry: the call goes live
            }
        }
        if (lookup.miss() && call.runtime.cache().mode() == CacheMode.REPLAY) {
            String message = call.runtime.cache().replayMissMessage(operation, OpenAiCall.modelOf(call.params),
                    lookup, lastUserText(call.params));
            CacheReplayMissException failure = new CacheReplayMissException(message);
            call.runtime.record(new OpenAiStepEvent(call, null, List.of(), failure, "error", System.nanoTime(), 0));
            return new OpenAiCacheHit(call, null, failure);
        }
        if (lookup.miss()) {
            call.cacheMiss = lookup;
        }
        return call;
    }

    /** A raw-response call under strict replay: it cannot be answered, and must not go out. */
    static CallScope refuseInReplay(OpenAiCall call) {
        if (call.runtime.cache().mode() != CacheMode.REPLAY) {
            return call;
        }
        CacheReplayMissException failure = new CacheReplayMissException("TraceFlow replay: " + call.operation
                + " through withRawResponse() cannot be answered from the cache, and replay makes no network call."
                + " Use the regular (parsed) call in code that runs under replay, or run with -Dtraceflow.cache=read-only.");
        call.runtime.record(new OpenAiStepEvent(call, null, List.of(), failure, "error", System.nanoTime(), 0));
        return new OpenAiCacheHit(call, null, failure);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object answer) {
        return (List<Object>) answer;
    }

    private static String lastUserText(Object params) {
        try {
            if (params instanceof ChatCompletionCreateParams p) {
                String last = null;
                for (var message : p.messages()) {
                    if (message.isUser()) {
                        last = message.asUser().content().isText() ? message.asUser().content().asText()
                                : String.valueOf(message.asUser().content());
                    }
                }
                return last;
            }
            if (params instanceof ResponseCreateParams p) {
                return p.input().map(in -> in.isText() ? in.asText() : String.valueOf(in)).orElse(null);
            }
        } catch (RuntimeException e) {
            return null;
        }
        return String.valueOf(params);
    }

    @Override
    public Object exit(Object returned, Throwable thrown) {
        OpenAiCallHandler.DEPTH.get()[0]--;
        if (failure != null && returnsFuture()) {
            // An async call reports failures through its future, as a failed request would: the SDK's futures are
            // dependent stages, whose failures reach callbacks as a CompletionException around the cause.
            return java.util.concurrent.CompletableFuture.failedFuture(
                    new java.util.concurrent.CompletionException(failure));
        }
        return failure != null ? null : returnValue;
    }

    /** Async calls return a future, except async streams; an async raw stream is a future of the response. */
    private boolean returnsFuture() {
        return call.async && (!call.streaming || call.raw);
    }

    @Override
    public Throwable thrown(Throwable thrown) {
        if (failure != null && returnsFuture()) {
            return thrown;
        }
        return failure != null ? failure : thrown;
    }
}
