package io.traceflow.instrumentation.openai.v4;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

import com.openai.core.http.AsyncStreamResponse;

/**
 * A recorded async stream, replayed: the handler gets every chunk, then completion, on another thread (as the
 * SDK delivers them from its HTTP threads), or on the executor the app gave.
 */
final class ReplayedAsyncStreamResponse<T> implements AsyncStreamResponse<T> {
    private final List<T> chunks;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();

    ReplayedAsyncStreamResponse(List<T> chunks) {
        this.chunks = chunks;
    }

    @Override
    public AsyncStreamResponse<T> subscribe(Handler<? super T> handler) {
        return subscribe(handler, ForkJoinPool.commonPool());
    }

    @Override
    public AsyncStreamResponse<T> subscribe(Handler<? super T> handler, Executor executor) {
        executor.execute(() -> {
            try {
                for (T chunk : chunks) {
                    handler.onNext(chunk);
                }
                handler.onComplete(Optional.empty());
                completion.complete(null);
            } catch (Throwable t) {
                handler.onComplete(Optional.of(t));
                completion.completeExceptionally(t);
            }
        });
        return this;
    }

    @Override
    public CompletableFuture<Void> onCompleteFuture() {
        return completion;
    }

    @Override
    public void close() {
        completion.complete(null);
    }
}
