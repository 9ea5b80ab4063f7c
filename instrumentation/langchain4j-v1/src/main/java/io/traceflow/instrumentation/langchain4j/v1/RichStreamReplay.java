package io.traceflow.instrumentation.langchain4j.v1;

import java.util.List;

import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;

/**
 * Replays partial texts through the callback shape of LangChain4j lines that have it (with a cancellable
 * handle). Kept apart so that on older lines only this class fails to load ({@code LinkageError}), and the caller
 * falls back to the plain callback.
 */
final class RichStreamReplay {
    private RichStreamReplay() {
    }

    /** Returns false when the app cancelled the stream part-way. */
    static boolean replay(StreamingChatResponseHandler handler, List<String> partials) {
        Handle handle = new Handle();
        for (String partial : partials) {
            if (handle.isCancelled()) {
                return false;
            }
            if (!partial.isEmpty()) { // PartialResponse refuses empty text, and the live stream never sends it
                handler.onPartialResponse(new PartialResponse(partial), new PartialResponseContext(handle));
            }
        }
        return !handle.isCancelled();
    }

    static final class Handle implements StreamingHandle {
        private volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
