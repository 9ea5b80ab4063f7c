package io.traceflow.instrumentation.openai.v4;

import static io.traceflow.instrumentation.openai.v4.SdkFixtures.elements;
import static io.traceflow.instrumentation.openai.v4.SdkFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.responses.ResponseStreamEvent;

/**
 * What a hooked service method returns for a cache hit ({@link Replies}): the SDK's own return types, the answer
 * itself, a completed future, and streams that hand out every recorded element in order, the async one on the
 * executor the app gave and completing its future.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RepliesTest {
    private final List<ChatCompletionChunk> chunks = elements("chat-stream-text", ChatCompletionChunk.class);

    @Test
    void aBlockingCallReturnsTheAnswerItself() {
        ChatCompletion completion = parse("chat-response-text", ChatCompletion.class);

        assertThat(Replies.of(completion, false, false)).isSameAs(completion);
    }

    @Test
    void anAsyncCallReturnsACompletedFutureOfTheAnswer() {
        ChatCompletion completion = parse("chat-response-text", ChatCompletion.class);

        Object reply = Replies.of(completion, true, false);

        assertThat(reply).isInstanceOf(CompletableFuture.class);
        CompletableFuture<?> future = (CompletableFuture<?>) reply;
        assertThat(future).isCompleted();
        assertThat(future.join()).isSameAs(completion);
    }

    @Test
    void aStreamHandsOutEveryRecordedChunkInOrder() {
        Object reply = Replies.of(List.copyOf(chunks), false, true);

        assertThat(reply).isInstanceOf(StreamResponse.class).isInstanceOf(ReplayedStreamResponse.class);
        @SuppressWarnings("unchecked")
        StreamResponse<ChatCompletionChunk> stream = (StreamResponse<ChatCompletionChunk>) reply;
        try (stream) {
            List<ChatCompletionChunk> seen = stream.stream().toList();
            assertThat(seen).hasSize(12).containsExactlyElementsOf(chunks);
            for (int i = 0; i < seen.size(); i++) {
                assertThat(seen.get(i)).isSameAs(chunks.get(i));
            }
        }
    }

    @Test
    void aResponsesStreamToo() {
        List<ResponseStreamEvent> events = elements("responses-stream-completed", ResponseStreamEvent.class);

        @SuppressWarnings("unchecked")
        StreamResponse<ResponseStreamEvent> stream = (StreamResponse<ResponseStreamEvent>) Replies.of(
                List.copyOf(events), false, true);

        assertThat(stream.stream().toList()).containsExactlyElementsOf(events);
        assertThat(stream.stream().reduce((a, b) -> b).orElseThrow().isCompleted()).as("read again").isTrue();
    }

    @Test
    void anAsyncStreamRunsTheHandlerOnTheGivenExecutorAndCompletes() throws Exception {
        AtomicInteger tasks = new AtomicInteger();
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        Executor executor = task -> {
            tasks.incrementAndGet();
            Thread thread = new Thread(task, "app-executor");
            thread.start();
        };
        RecordingHandler handler = new RecordingHandler(threads);

        Object reply = Replies.of(List.copyOf(chunks), true, true);
        assertThat(reply).isInstanceOf(AsyncStreamResponse.class);
        @SuppressWarnings("unchecked")
        AsyncStreamResponse<ChatCompletionChunk> stream = (AsyncStreamResponse<ChatCompletionChunk>) reply;

        assertThat(stream.subscribe(handler, executor)).isSameAs(stream);
        stream.onCompleteFuture().get(10, TimeUnit.SECONDS);
        assertThat(handler.done.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(tasks).hasValue(1);
        assertThat(handler.seen).containsExactlyElementsOf(chunks);
        assertThat(handler.error.get()).isEqualTo(Optional.empty());
        assertThat(threads).extracting(Thread::getName).containsOnly("app-executor");
    }

    @Test
    void anAsyncStreamWithoutAnExecutorIsNotDeliveredOnTheCallersThread() throws Exception {
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        RecordingHandler handler = new RecordingHandler(threads);
        @SuppressWarnings("unchecked")
        AsyncStreamResponse<ChatCompletionChunk> stream = (AsyncStreamResponse<ChatCompletionChunk>) Replies.of(
                List.copyOf(chunks), true, true);

        stream.subscribe(handler);
        stream.onCompleteFuture().get(10, TimeUnit.SECONDS);
        assertThat(handler.done.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(handler.seen).containsExactlyElementsOf(chunks);
        assertThat(threads).doesNotContain(Thread.currentThread());
    }

    @Test
    void aHandlerThatThrowsIsToldAndTheFutureFails() {
        IllegalStateException boom = new IllegalStateException("the app's handler failed");
        AtomicReference<Optional<Throwable>> completedWith = new AtomicReference<>();
        @SuppressWarnings("unchecked")
        AsyncStreamResponse<ChatCompletionChunk> stream = (AsyncStreamResponse<ChatCompletionChunk>) Replies.of(
                List.copyOf(chunks), true, true);

        stream.subscribe(new AsyncStreamResponse.Handler<ChatCompletionChunk>() {
            @Override
            public void onNext(ChatCompletionChunk value) {
                throw boom;
            }

            @Override
            public void onComplete(Optional<Throwable> error) {
                completedWith.set(error);
            }
        }, Runnable::run);

        assertThat(completedWith.get()).contains(boom);
        assertThatThrownBy(() -> stream.onCompleteFuture().get()).isInstanceOf(ExecutionException.class)
                .hasCause(boom);
    }

    @Test
    void closingAnAsyncStreamCompletesItsFuture() {
        AsyncStreamResponse<?> stream = (AsyncStreamResponse<?>) Replies.of(List.copyOf(chunks), true, true);

        stream.close();

        assertThat(stream.onCompleteFuture()).isCompleted();
    }

    private static final class RecordingHandler implements AsyncStreamResponse.Handler<ChatCompletionChunk> {
        final List<ChatCompletionChunk> seen = Collections.synchronizedList(new ArrayList<>());
        final AtomicReference<Optional<Throwable>> error = new AtomicReference<>();
        final CountDownLatch done = new CountDownLatch(1);
        private final List<Thread> threads;

        RecordingHandler(List<Thread> threads) {
            this.threads = threads;
        }

        @Override
        public void onNext(ChatCompletionChunk value) {
            threads.add(Thread.currentThread());
            seen.add(value);
        }

        @Override
        public void onComplete(Optional<Throwable> failure) {
            threads.add(Thread.currentThread());
            error.set(failure);
            done.countDown();
        }
    }
}
