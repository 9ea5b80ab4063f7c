package io.traceflow.instrumentation.openai.v4;

import java.util.List;
import java.util.stream.Stream;

import com.openai.core.http.StreamResponse;

/** A recorded stream, replayed: the same chunks in the same order, no connection to close. */
final class ReplayedStreamResponse<T> implements StreamResponse<T> {
    private final List<T> chunks;

    ReplayedStreamResponse(List<T> chunks) {
        this.chunks = chunks;
    }

    @Override
    public Stream<T> stream() {
        return chunks.stream();
    }

    @Override
    public void close() {
        // nothing is open
    }
}
