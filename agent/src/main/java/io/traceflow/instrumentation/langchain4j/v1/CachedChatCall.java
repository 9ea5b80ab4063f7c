package io.traceflow.instrumentation.langchain4j.v1;

import dev.langchain4j.model.chat.response.ChatResponse;

import io.traceflow.bootstrap.CacheReplayMissException;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.bootstrap.ShortCircuit;
import io.traceflow.core.cache.CacheLookup;
import io.traceflow.core.cache.CacheMode;
import io.traceflow.core.capture.ChatPayloads;

/**
 * A blocking LangChain4j chat call answered before the provider is called: a hit returns the recorded
 * {@code ChatResponse} without running the model's {@code doChat}; a strict-replay miss fails without it.
 */
final class CachedChatCall implements ShortCircuit {
    private final ChatCall call;
    private final ChatResponse response;
    private final RuntimeException failure;
    private final double lookupMs;
    private final double savedMs;

    private CachedChatCall(ChatCall call, ChatResponse response, RuntimeException failure, double lookupMs,
            double savedMs) {
        this.call = call;
        this.response = response;
        this.failure = failure;
        this.lookupMs = lookupMs;
        this.savedMs = savedMs;
    }

    static CallScope consult(ChatCall call) {
        CacheLookup lookup = LangChainCache.lookup(call.runtime, call.model, call.request, "chat");
        if (lookup.hit()) {
            try {
                Object answer = lookup.entry().answer();
                ChatResponse response = answer instanceof ChatResponse r ? r
                        : LangChainCache.response(ChatPayloads.parseResponse(lookup.entry().answerJson().get()));
                return new CachedChatCall(call, response, null, lookup.lookupNanos() / 1e6,
                        lookup.entry().originalLatencyMs());
            } catch (RuntimeException | LinkageError e) {
                call.runtime.adviceError(e); // unreadable entry: go live
            }
        }
        if (lookup.miss() && call.runtime.cache().mode() == CacheMode.REPLAY) {
            String model = call.request.parameters() == null ? null : call.request.parameters().modelName();
            return new CachedChatCall(call, null, new CacheReplayMissException(call.runtime.cache()
                    .replayMissMessage("chat", model, lookup, LangChainCache.lastUserText(call.request))), 0, 0);
        }
        if (lookup.miss()) {
            call.cacheMiss = lookup;
        }
        return call;
    }

    @Override
    public Object exit(Object returned, Throwable thrown) {
        LangChainChatEvent event = call.end(response, failure);
        call.runtime.record(failure == null ? event.cacheHit(lookupMs, savedMs) : event);
        return response;
    }

    @Override
    public Throwable thrown(Throwable thrown) {
        return failure != null ? failure : thrown;
    }

}
