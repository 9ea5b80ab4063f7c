package io.traceflow.instrumentation.openai.v4;

import io.traceflow.bootstrap.CallHandler;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.capture.CacheDecision;
import io.traceflow.core.capture.LlmCall;
import io.traceflow.core.capture.LlmScopes;
import io.traceflow.schema.Operations;

/**
 * Handles one OpenAI SDK service type (e.g. the blocking chat completions service, or its raw-response twin). On
 * the app thread it only starts the {@link LlmCall} (and, with the cache on, looks the call up); turning the SDK
 * objects into a row happens later on the writer thread ({@link OpenAiAdapter}).
 */
public final class OpenAiCallHandler implements CallHandler {
    /**
     * The nesting key of every OpenAI service call: the blocking {@code create} calls its raw twin, and a user's
     * decorator may wrap a service; one logical call records one step.
     */
    static final String NESTING = "openai";

    static final String RAW_IN_REPLAY = " through withRawResponse() cannot be answered from the cache, and replay"
            + " makes no network call. Use the regular (parsed) call in code that runs under replay, or run with"
            + " -Dtraceflow.cache=read-only.";

    private final String operation;
    private final boolean async;
    private final boolean raw;

    public OpenAiCallHandler(Class<?> type) {
        String name = type.getName();
        this.async = name.startsWith("com.openai.services.async.");
        this.raw = name.contains("$WithRawResponse");
        if (name.contains(".chat.")) {
            operation = Operations.CHAT;
        } else if (name.contains("Response")
                && (name.contains(".ResponseService") || name.contains(".responses."))) {
            operation = Operations.RESPONSES;
        } else if (name.contains("Embedding")) {
            operation = Operations.EMBEDDINGS;
        } else {
            operation = Operations.UNKNOWN;
        }
    }

    @Override
    public CallScope enter(String method, Object self, Object[] args) {
        boolean streaming = method.equals("createStreaming");
        LlmCall call = LlmCall.start(OpenAiAdapter.INSTANCE, operation, streaming, NESTING, self,
                args.length > 0 ? args[0] : null);
        if (call == null) {
            return null;
        }
        try {
            // Raw-response calls are traced but never answered from the cache (there is no HTTP response to hand
            // back); in strict replay they must still not reach the network.
            CacheDecision decision = raw ? call.refuseInReplay("TraceFlow replay: " + operation + RAW_IN_REPLAY)
                    : call.consultCache();
            if (decision instanceof CacheDecision.Hit hit) {
                return LlmScopes.answered(call, Replies.of(hit.answer(), async, streaming));
            }
            if (decision instanceof CacheDecision.ReplayMiss miss) {
                // Async calls fail through their future, except async streams; an async raw stream is a future.
                return LlmScopes.refused(call, miss.error(), async && (!streaming || raw));
            }
            return new LiveCall(call, async, raw);
        } catch (RuntimeException | LinkageError e) {
            call.abandon(); // undo the thread state: the call runs untraced
            throw e;
        }
    }
}
