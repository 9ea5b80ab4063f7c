package io.traceflow.instrumentation.openai.v4;

import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.openai.core.http.StreamResponse;

import io.traceflow.core.capture.LlmCall;

/**
 * The app's {@link StreamResponse}, observed: every element passes through unchanged, and the step ends when
 * iteration is exhausted (ok), fails (error), or the stream is closed first (cancelled).
 */
final class RecordingStreamResponse<T> implements StreamResponse<T> {
    private final StreamResponse<T> delegate;
    private final LlmCall call;

    RecordingStreamResponse(StreamResponse<T> delegate, LlmCall call) {
        this.delegate = delegate;
        this.call = call;
    }

    @Override
    public Stream<T> stream() {
        Stream<T> inner = delegate.stream();
        Spliterator<T> observed = new ObservingSpliterator<>(inner.spliterator(), call);
        return StreamSupport.stream(observed, inner.isParallel()).onClose(inner::close);
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } finally {
            call.cancel();
        }
    }

    /** Sees each element and the end of iteration; splitting is refused so order is kept. */
    static final class ObservingSpliterator<T> implements Spliterator<T> {
        private final Spliterator<T> inner;
        private final LlmCall call;

        ObservingSpliterator(Spliterator<T> inner, LlmCall call) {
            this.inner = inner;
            this.call = call;
        }

        @Override
        public boolean tryAdvance(Consumer<? super T> action) {
            boolean advanced;
            try {
                advanced = inner.tryAdvance(element -> {
                    call.chunk(element);
                    action.accept(element);
                });
            } catch (RuntimeException | Error e) {
                call.fail(e);
                throw e;
            }
            if (!advanced) {
                call.end(null);
            }
            return advanced;
        }

        @Override
        public Spliterator<T> trySplit() {
            return null;
        }

        @Override
        public long estimateSize() {
            return inner.estimateSize();
        }

        @Override
        public int characteristics() {
            return inner.characteristics() & ~(Spliterator.SIZED | Spliterator.SUBSIZED);
        }
    }
}
