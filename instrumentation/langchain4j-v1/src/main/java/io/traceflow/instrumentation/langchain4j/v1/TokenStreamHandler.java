package io.traceflow.instrumentation.langchain4j.v1;

import io.traceflow.core.capture.InFrame;
import io.traceflow.bootstrap.CallHandler;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.capture.TraceContext;

/**
 * {@code TokenStream.start()}: a streaming AI Service makes its model call only when the app starts the stream,
 * after the service method returned. The frame of the service call is put back for the duration of
 * {@code start()}, so that call (and, through the wrapped handler, every later turn) lands in the same trace.
 */
public final class TokenStreamHandler implements CallHandler {
    public TokenStreamHandler(Class<?> type) {
    }

    @Override
    public CallScope enter(String method, Object self, Object[] args) {
        TraceContext.Frame frame = StreamingRoots.TOKEN_STREAMS.remove(self);
        if (frame == null) {
            return null;
        }
        return InFrame.run(frame);
    }
}
