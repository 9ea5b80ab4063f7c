package io.traceflow.instrumentation.openai.v4;

import static io.traceflow.instrumentation.openai.v4.SdkFixtures.elements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.RequestOptions;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.services.async.chat.ChatCompletionServiceAsyncImpl;
import com.openai.services.blocking.chat.ChatCompletionServiceImpl;

import io.traceflow.bootstrap.CallScope;

/**
 * A live stream, observed: what the hooked {@code createStreaming} returns wraps the SDK's stream
 * ({@link RecordingStreamResponse}, {@link RecordingAsyncStreamResponse}); the app gets the SDK's own chunks, in order,
 * and the step ends ok when the stream is exhausted, cancelled when the app closes it first, error when it breaks.
 * The SDK's stream is a stand-in replaying recorded chunks; the step is read back from a real runtime's file.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordingStreamResponseTest {
    private static final String URL = "http://127.0.0.1:9/v1";

    @TempDir
    Path dir;
    InProcessRuntime tf;
    OpenAIClient client;
    final List<ChatCompletionChunk> chunks = elements("chat-stream-text", ChatCompletionChunk.class);
    final ChatCompletionCreateParams params = OpenAiAdapterReadTest.streamingRequest();

    @BeforeEach
    void start() {
        tf = InProcessRuntime.start(dir.resolve("traceflow.db"));
        client = OpenAIOkHttpClient.builder().apiKey("sk-test-key").baseUrl(URL).build();
    }

    @AfterEach
    void stop() {
        tf.stop();
        client.close();
        assertThat(tf.adviceErrors()).as("errors TraceFlow swallowed").isZero();
    }

    @SuppressWarnings("unchecked")
    private StreamResponse<ChatCompletionChunk> createStreaming(StreamResponse<ChatCompletionChunk> sdk) {
        CallScope scope = new OpenAiCallHandler(ChatCompletionServiceImpl.class).enter("createStreaming",
                client.chat().completions(), new Object[] {params, RequestOptions.none()});
        assertThat(scope).as("recorded").isNotNull();
        return (StreamResponse<ChatCompletionChunk>) scope.exit(sdk, null);
    }

    @Test
    void anExhaustedStreamIsOneOkStepWithTheAssembledAnswer() throws Exception {
        SdkStream sdk = new SdkStream(chunks, -1);

        StreamResponse<ChatCompletionChunk> returned = createStreaming(sdk);
        List<ChatCompletionChunk> seen;
        try (returned) {
            seen = returned.stream().toList();
        }
        tf.stop();

        assertThat(returned).isInstanceOf(RecordingStreamResponse.class);
        assertThat(seen).hasSize(chunks.size());
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("the SDK's own chunk " + i).isSameAs(chunks.get(i));
        }
        assertThat(sdk.closed).isTrue();
        Map<String, Object> step = tf.onlyStep();
        assertThat(step).containsEntry("provider", "openai").containsEntry("operation", "chat")
                .containsEntry("status", "ok").containsEntry("model", "gpt-4o-mini")
                .containsEntry("base_url", URL).containsEntry("output_text", "Hello! How can I help you today?")
                .containsEntry("total_tokens", 29).containsEntry("finish_reason", "stop");
        assertThat(step.get("ttft_ms")).as("a stream's first chunk").isNotNull();
        assertThat((String) step.get("request_json")).doesNotContain("sk-test-key");
    }

    @Test
    void aStreamClosedBeforeItsEndIsCancelled() throws Exception {
        SdkStream sdk = new SdkStream(chunks, -1);

        StreamResponse<ChatCompletionChunk> returned = createStreaming(sdk);
        Iterator<ChatCompletionChunk> it = returned.stream().iterator();
        List<ChatCompletionChunk> seen = List.of(it.next(), it.next(), it.next());
        returned.close();
        tf.stop();

        assertThat(seen).containsExactlyElementsOf(chunks.subList(0, 3));
        assertThat(sdk.closed).as("the SDK's connection").isTrue();
        assertThat(tf.onlyStep()).containsEntry("status", "cancelled");
    }

    @Test
    void aStreamThatBreaksIsAnErrorAndTheAppSeesTheFailure() throws Exception {
        SdkStream sdk = new SdkStream(chunks, 4);

        StreamResponse<ChatCompletionChunk> returned = createStreaming(sdk);
        List<ChatCompletionChunk> seen = new ArrayList<>();
        assertThatThrownBy(() -> returned.stream().forEach(seen::add)).isSameAs(sdk.failure);
        returned.close();
        tf.stop();

        assertThat(seen).containsExactlyElementsOf(chunks.subList(0, 4));
        Map<String, Object> step = tf.onlyStep();
        assertThat(step).containsEntry("status", "error");
        assertThat((String) step.get("error")).contains("connection reset mid-stream");
    }

    @Test
    void closingTheJavaStreamClosesTheSdksStream() throws Exception {
        SdkStream sdk = new SdkStream(chunks, -1);

        StreamResponse<ChatCompletionChunk> returned = createStreaming(sdk);
        try (Stream<ChatCompletionChunk> stream = returned.stream()) {
            assertThat(stream.findFirst()).contains(chunks.get(0));
        }

        assertThat(sdk.javaStreamClosed).isTrue();
        returned.close();
    }

    @Test
    void closingAfterTheEndKeepsTheStepOk() throws Exception {
        StreamResponse<ChatCompletionChunk> returned = createStreaming(new SdkStream(chunks, -1));

        assertThat(returned.stream().count()).isEqualTo(chunks.size());
        returned.close();
        tf.stop();

        assertThat(tf.onlyStep()).containsEntry("status", "ok");
    }

    @Test
    void anEvenParallelStreamIsHandedOutInOrder() throws Exception {
        StreamResponse<ChatCompletionChunk> returned = createStreaming(new SdkStream(chunks, -1));

        List<ChatCompletionChunk> seen = returned.stream().parallel().toList();
        returned.close();
        tf.stop();

        assertThat(seen).containsExactlyElementsOf(chunks);
        assertThat(tf.onlyStep()).containsEntry("status", "ok")
                .containsEntry("output_text", "Hello! How can I help you today?");
    }

    // ---- async streams ----

    @SuppressWarnings("unchecked")
    private AsyncStreamResponse<ChatCompletionChunk> createStreamingAsync(AsyncStreamResponse<ChatCompletionChunk> sdk) {
        CallScope scope = new OpenAiCallHandler(ChatCompletionServiceAsyncImpl.class).enter("createStreaming",
                client.async().chat().completions(), new Object[] {params, RequestOptions.none()});
        assertThat(scope).isNotNull();
        return (AsyncStreamResponse<ChatCompletionChunk>) scope.exit(sdk, null);
    }

    @Test
    void anAsyncStreamHandsEveryChunkToTheAppsHandlerAndEndsOk() throws Exception {
        SdkAsyncStream sdk = new SdkAsyncStream(chunks);
        List<ChatCompletionChunk> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Optional<Throwable>> completed = new AtomicReference<>();

        AsyncStreamResponse<ChatCompletionChunk> returned = createStreamingAsync(sdk);
        returned.subscribe(new AsyncStreamResponse.Handler<ChatCompletionChunk>() {
            @Override
            public void onNext(ChatCompletionChunk value) {
                seen.add(value);
            }

            @Override
            public void onComplete(Optional<Throwable> error) {
                completed.set(error);
            }
        }, Runnable::run);
        returned.onCompleteFuture().get(10, TimeUnit.SECONDS);
        tf.stop();

        assertThat(returned).isInstanceOf(RecordingAsyncStreamResponse.class);
        assertThat(sdk.executor).as("the app's executor, passed on").isNotNull();
        assertThat(seen).containsExactlyElementsOf(chunks);
        assertThat(completed.get()).isEmpty();
        assertThat(tf.onlyStep()).containsEntry("status", "ok")
                .containsEntry("output_text", "Hello! How can I help you today?");
    }

    @Test
    void anAsyncStreamNobodySubscribesToEndsWithItsFuture() throws Exception {
        SdkAsyncStream sdk = new SdkAsyncStream(chunks);

        AsyncStreamResponse<ChatCompletionChunk> returned = createStreamingAsync(sdk);
        sdk.completion.completeExceptionally(new IllegalStateException("stream failed before any chunk"));
        tf.stop();

        assertThat(returned.onCompleteFuture()).isSameAs(sdk.completion);
        assertThat(tf.onlyStep()).containsEntry("status", "error");
    }

    @Test
    void anAsyncStreamClosedByTheAppIsCancelled() throws Exception {
        SdkAsyncStream sdk = new SdkAsyncStream(chunks);

        createStreamingAsync(sdk).close();
        tf.stop();

        assertThat(sdk.closed).isTrue();
        assertThat(tf.onlyStep()).containsEntry("status", "cancelled");
    }

    @Test
    void anAsyncStreamCutByTheAppIsNotKeptAsTheAnswer() throws Exception {
        tf.stop();
        tf = InProcessRuntime.start(dir.resolve("cached.db"), "traceflow.cache", "read-write");
        SdkAsyncStream sdk = new SdkAsyncStream(chunks);
        List<ChatCompletionChunk> seen = Collections.synchronizedList(new ArrayList<>());

        AsyncStreamResponse<ChatCompletionChunk> returned = createStreamingAsync(sdk);
        returned.subscribe(value -> {
            seen.add(value);
            if (seen.size() == 3) {
                returned.close(); // the app has what it needs
            }
        }, Runnable::run);
        tf.stop();

        assertThat(seen).containsExactlyElementsOf(chunks.subList(0, 3));
        assertThat(tf.onlyStep()).containsEntry("status", "cancelled");
        assertThat(tf.rows("SELECT key FROM llm_cache")).as("a cut stream replayed as the answer").isEmpty();
    }

    /** The SDK's blocking stream, replaying chunks; it breaks before element {@code failAt} (when not negative). */
    static final class SdkStream implements StreamResponse<ChatCompletionChunk> {
        final List<ChatCompletionChunk> elements;
        final int failAt;
        final RuntimeException failure = new IllegalStateException("connection reset mid-stream");
        volatile boolean closed;
        volatile boolean javaStreamClosed;

        SdkStream(List<ChatCompletionChunk> elements, int failAt) {
            this.elements = elements;
            this.failAt = failAt;
        }

        @Override
        public Stream<ChatCompletionChunk> stream() {
            return IntStream.range(0, elements.size()).mapToObj(i -> {
                if (i == failAt) {
                    throw failure;
                }
                return elements.get(i);
            }).onClose(() -> javaStreamClosed = true);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /**
     * The SDK's async stream: a subscriber gets every chunk on the executor, then completion. Closing it completes its
     * future normally, as the SDK's own does (4.x {@code AsyncStreamResponse.toAsync}); delivery stops.
     */
    static final class SdkAsyncStream implements AsyncStreamResponse<ChatCompletionChunk> {
        final List<ChatCompletionChunk> elements;
        final CompletableFuture<Void> completion = new CompletableFuture<>();
        volatile Executor executor;
        volatile boolean closed;
        private final AtomicBoolean subscribed = new AtomicBoolean();

        SdkAsyncStream(List<ChatCompletionChunk> elements) {
            this.elements = elements;
        }

        @Override
        public AsyncStreamResponse<ChatCompletionChunk> subscribe(Handler<? super ChatCompletionChunk> handler) {
            return subscribe(handler, Runnable::run);
        }

        @Override
        public AsyncStreamResponse<ChatCompletionChunk> subscribe(Handler<? super ChatCompletionChunk> handler,
                Executor executor) {
            if (!subscribed.compareAndSet(false, true)) {
                throw new IllegalStateException("cannot subscribe more than once");
            }
            this.executor = executor;
            executor.execute(() -> {
                for (ChatCompletionChunk chunk : elements) {
                    if (closed) {
                        return;
                    }
                    handler.onNext(chunk);
                }
                handler.onComplete(Optional.empty());
                completion.complete(null);
            });
            return this;
        }

        @Override
        public CompletableFuture<Void> onCompleteFuture() {
            return completion;
        }

        @Override
        public void close() {
            closed = true;
            completion.complete(null);
        }
    }
}
