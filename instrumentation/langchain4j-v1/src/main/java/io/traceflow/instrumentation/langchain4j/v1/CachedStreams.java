package io.traceflow.instrumentation.langchain4j.v1;

/**
 * A recorded stream, delivered: the partial texts in order, then the complete response, through the handler that
 * stands in for the app's (so callbacks run in the caller's trace frame, and a streaming AI Service's root ends).
 */
final class CachedStreams {
    private CachedStreams() {
    }

    static void replay(RecordingStreamingHandler handler, RecordedAnswers.Stream recorded) {
        try {
            if (!RichStreamReplay.replay(handler, recorded.partials())) {
                return; // cancelled by the app: as live, no completion follows
            }
        } catch (LinkageError olderLangChain4j) {
            // 1.0.x has no PartialResponse/StreamingHandle: the plain callback is all there is
            for (String partial : recorded.partials()) {
                handler.onPartialResponse(partial);
            }
        }
        handler.onCompleteResponse(recorded.response());
    }
}
