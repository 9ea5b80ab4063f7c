package io.traceflow.instrumentation.langchain4j.v1;

import dev.langchain4j.model.chat.response.ChatResponse;

import io.traceflow.bootstrap.CacheReplayMissException;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.bootstrap.ShortCircuit;
import io.traceflow.core.cache.CacheLookup;
import io.traceflow.core.cache.CacheMode;
import io.traceflow.core.capture.ChatCapture;
import io.traceflow.core.capture.ChatPayloads;

/**
 * A streaming LangChain4j chat call answered from the cache: the model's {@code doChat} does not run; on a thread
 * of its own (as a provider's HTTP client would call back) the app's handler receives the recorded partial
 * texts, then the complete response. A strict-replay miss reports {@code onError} the same way, as a failed
 * stream would, and makes no network call.
 */
final class CachedStreamingCall implements ShortCircuit {
    private final StreamingCall call;
    private final ChatResponse response;
    private final java.util.List<String> partials;
    private final RuntimeException failure;

    private CachedStreamingCall(StreamingCall call, ChatResponse response, java.util.List<String> partials,
            RuntimeException failure) {
        this.call = call;
        this.response = response;
        this.partials = partials;
        this.failure = failure;
    }

    static CallScope consult(StreamingCall call) {
        CacheLookup lookup = LangChainCache.lookup(call.runtime, call.model, call.request, "chat.stream");
        if (lookup.hit()) {
            try {
                Object answer = lookup.entry().answer();
                ChatResponse response;
                java.util.List<String> partials;
                if (answer instanceof StreamingCall.RecordedStream recorded) {
                    response = recorded.response();
                    partials = recorded.partials();
                } else {
                    ChatCapture capture = ChatPayloads.parseResponse(lookup.entry().answerJson().get());
                    response = LangChainCache.response(capture);
                    partials = java.util.List.copyOf(capture.partials);
                }
                call.cacheHit = new double[] {lookup.lookupNanos() / 1e6, lookup.entry().originalLatencyMs()};
                return new CachedStreamingCall(call, response, partials, null);
            } catch (RuntimeException | LinkageError e) {
                call.runtime.adviceError(e);
            }
        }
        if (lookup.miss() && call.runtime.cache().mode() == CacheMode.REPLAY) {
            String model = call.request.parameters() == null ? null : call.request.parameters().modelName();
            return new CachedStreamingCall(call, null, java.util.List.of(), new CacheReplayMissException(call.runtime
                    .cache().replayMissMessage("chat.stream", model, lookup, LangChainCache.lastUserText(call.request))));
        }
        if (lookup.miss()) {
            call.cacheMiss = lookup;
        }
        return call;
    }

    @Override
    public Object exit(Object returned, Throwable thrown) {
        Thread replay = new Thread(this::replay, "traceflow-cache-replay");
        replay.setDaemon(true);
        replay.start();
        return null;
    }

    private void replay() {
        RecordingStreamingHandler handler = call.wrapper;
        if (failure != null) {
            handler.onError(failure);
            return;
        }
        try {
            if (!RichStreamReplay.replay(handler, partials)) {
                return; // cancelled by the app: as live, no completion follows
            }
        } catch (LinkageError olderLangChain4j) {
            // 1.0.x has no PartialResponse/StreamingHandle: the plain callback is all there is
            for (String partial : partials) {
                handler.onPartialResponse(partial);
            }
        }
        handler.onCompleteResponse(response);
    }
}
