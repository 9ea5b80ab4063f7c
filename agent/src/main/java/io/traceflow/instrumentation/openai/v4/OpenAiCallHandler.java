package io.traceflow.instrumentation.openai.v4;

import io.traceflow.bootstrap.CallHandler;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.runtime.TraceFlowRuntime;

/**
 * Handles one OpenAI SDK service type (e.g. the blocking chat completions service, or its raw-response twin).
 * Work on the app thread is kept to taking the time and the trace placement; turning the SDK objects into a row
 * happens later on the writer thread ({@link OpenAiStepEvent}).
 */
public final class OpenAiCallHandler implements CallHandler {
    /**
     * Call depth per thread, shared by all OpenAI types of one app loader: the blocking {@code create} calls its
     * raw twin, and a user's decorator may wrap a service; one logical call records one step.
     */
    static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private static final CallScope NESTED = (returned, thrown) -> {
        DEPTH.get()[0]--;
        return returned;
    };

    private final String operation;
    private final boolean async;
    private final boolean raw;

    public OpenAiCallHandler(Class<?> type) {
        String name = type.getName();
        this.async = name.startsWith("com.openai.services.async.");
        this.raw = name.contains("$WithRawResponse");
        if (name.contains(".chat.")) {
            operation = "chat";
        } else if (name.contains("Response")
                && (name.contains(".ResponseService") || name.contains(".responses."))) {
            operation = "responses";
        } else if (name.contains("Embedding")) {
            operation = "embeddings";
        } else {
            operation = "unknown";
        }
    }

    @Override
    public CallScope enter(String method, Object self, Object[] args) {
        TraceFlowRuntime runtime = TraceFlowRuntime.current();
        int[] depth = DEPTH.get();
        if (runtime == null || depth[0] > 0) {
            depth[0]++;
            return NESTED;
        }
        depth[0]++;
        boolean streaming = method.equals("createStreaming");
        try {
            OpenAiCall call = new OpenAiCall(runtime, operation, streaming, async, raw, self,
                    args.length > 0 ? args[0] : null);
            if (!runtime.cache().enabled()) {
                return call;
            }
            // Raw-response calls are traced but never answered from the cache (there is no HTTP response to hand
            // back); in strict replay they must still not reach the network.
            return raw ? OpenAiCacheHit.refuseInReplay(call) : OpenAiCacheHit.consult(call);
        } catch (RuntimeException | LinkageError e) {
            depth[0]--; // undo, or every later call on this thread would look nested and go unrecorded
            throw e;
        }
    }
}
