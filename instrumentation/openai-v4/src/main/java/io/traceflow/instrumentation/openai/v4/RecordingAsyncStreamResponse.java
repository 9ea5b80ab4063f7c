package io.traceflow.instrumentation.openai.v4;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import com.openai.core.http.AsyncStreamResponse;

import io.traceflow.core.capture.LlmCall;

/**
 * The app's {@link AsyncStreamResponse}, observed: the app's handler receives every element unchanged (on the
 * thread the SDK chose), and the step ends when the stream completes, fails, or is closed first.
 */
final class RecordingAsyncStreamResponse<T> implements AsyncStreamResponse<T> {
    private final AsyncStreamResponse<T> delegate;
    private final LlmCall call;

    RecordingAsyncStreamResponse(AsyncStreamResponse<T> delegate, LlmCall call) {
        this.delegate = delegate;
        this.call = call;
        // Completion is observed even if the app never subscribes with a handler (e.g. only waits on the future).
        delegate.onCompleteFuture().whenComplete((ignored, error) -> {
            if (error != null) {
                call.fail(error);
            } else {
                call.end(null);
            }
        });
    }

    @Override
    public AsyncStreamResponse<T> subscribe(Handler<? super T> handler) {
        delegate.subscribe(new ObservingHandler<>(handler, call));
        return this;
    }

    @Override
    public AsyncStreamResponse<T> subscribe(Handler<? super T> handler, Executor executor) {
        delegate.subscribe(new ObservingHandler<>(handler, call), executor);
        return this;
    }

    @Override
    public CompletableFuture<Void> onCompleteFuture() {
        return delegate.onCompleteFuture();
    }

    /**
     * Cancels first: the SDK's {@code close()} completes {@code onCompleteFuture} normally, which would otherwise end
     * the step ok with the chunks so far (and, with the cache on, keep them as the answer).
     */
    @Override
    public void close() {
        call.cancel();
        delegate.close();
    }

    static final class ObservingHandler<T> implements Handler<T> {
        private final Handler<? super T> app;
        private final LlmCall call;

        ObservingHandler(Handler<? super T> app, LlmCall call) {
            this.app = app;
            this.call = call;
        }

        @Override
        public void onNext(T value) {
            call.chunk(value);
            app.onNext(value);
        }

        @Override
        public void onComplete(Optional<Throwable> error) {
            if (error.isPresent()) {
                call.fail(error.get());
            } else {
                call.end(null);
            }
            app.onComplete(error);
        }
    }
}
