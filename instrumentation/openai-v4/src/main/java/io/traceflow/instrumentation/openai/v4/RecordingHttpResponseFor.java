package io.traceflow.instrumentation.openai.v4;

import java.io.InputStream;

import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;

import io.traceflow.core.capture.LlmCall;

/**
 * The result of a {@code withRawResponse()} call, observed: the step is recorded when the app parses the body
 * (which the SDK memoizes), or when it closes the response without parsing (then only the status is known).
 */
final class RecordingHttpResponseFor<T> implements HttpResponseFor<T> {
    private final HttpResponseFor<T> delegate;
    private final LlmCall call;

    RecordingHttpResponseFor(HttpResponseFor<T> delegate, LlmCall call) {
        this.delegate = delegate;
        this.call = call;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public T parse() {
        T parsed;
        try {
            parsed = delegate.parse();
        } catch (RuntimeException e) {
            call.fail(e);
            throw e;
        }
        if (call.streaming() && parsed instanceof StreamResponse<?> stream && !call.isFinished()) {
            return (T) new RecordingStreamResponse<>((StreamResponse) stream, call);
        }
        call.end(parsed);
        return parsed;
    }

    @Override
    public int statusCode() {
        return delegate.statusCode();
    }

    @Override
    public Headers headers() {
        return delegate.headers();
    }

    @Override
    public InputStream body() {
        return delegate.body();
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } finally {
            if (call.streaming()) {
                call.cancel();
            } else {
                call.end(null);
            }
        }
    }
}
