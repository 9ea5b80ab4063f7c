package io.traceflow.it.apps;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

/**
 * A streaming handler that cancels the stream at its first partial answer, through the handle LangChain4j gives the
 * callback (from 1.2; older lines call the plain callback, and the scenario says so).
 */
final class CancelledStream {
    private CancelledStream() {
    }

    static String run(StreamingChatModel model, String prompt) throws InterruptedException {
        CountDownLatch first = new CountDownLatch(1);
        AtomicReference<String> seen = new AtomicReference<>("nothing");
        model.chat(prompt, new StreamingChatResponseHandler() {
            /** What LangChain4j 1.0 and 1.1 call: no handle to cancel with. */
            @Override
            public void onPartialResponse(String partial) {
                seen.set("no cancellable streams in this LangChain4j line");
                first.countDown();
            }

            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                seen.set("first part, then cancelled");
                context.streamingHandle().cancel();
                first.countDown();
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                seen.compareAndSet("nothing", "completed");
                first.countDown();
            }

            @Override
            public void onError(Throwable error) {
                seen.compareAndSet("nothing", "error " + error);
                first.countDown();
            }
        });
        first.await(30, TimeUnit.SECONDS);
        Thread.sleep(200); // nothing more is delivered after a cancel
        return seen.get();
    }
}
