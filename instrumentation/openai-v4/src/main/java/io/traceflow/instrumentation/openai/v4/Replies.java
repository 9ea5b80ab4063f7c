package io.traceflow.instrumentation.openai.v4;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What a hooked service method returns for a recorded answer: the SDK's own types, as the live call would. */
final class Replies {
    private Replies() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object of(Object answer, boolean async, boolean streaming) {
        if (streaming) {
            List chunks = (List) answer;
            return async ? new ReplayedAsyncStreamResponse<>(chunks) : new ReplayedStreamResponse<>(chunks);
        }
        return async ? CompletableFuture.completedFuture(answer) : answer;
    }
}
