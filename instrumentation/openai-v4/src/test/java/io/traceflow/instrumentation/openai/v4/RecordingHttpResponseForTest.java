package io.traceflow.instrumentation.openai.v4;

import static io.traceflow.instrumentation.openai.v4.SdkFixtures.elements;
import static io.traceflow.instrumentation.openai.v4.SdkFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.services.async.chat.ChatCompletionServiceAsyncImpl;
import com.openai.services.blocking.chat.ChatCompletionServiceImpl;

import io.traceflow.bootstrap.CallScope;

/**
 * A {@code withRawResponse()} call, observed ({@link RecordingHttpResponseFor}): the app gets the SDK's response, and
 * the step is recorded when it parses the body, or closes the response unparsed; async, when it parses the response
 * the future completes with. The SDK's response is a stand-in holding a recorded body.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordingHttpResponseForTest {
    private static final String URL = "http://127.0.0.1:9/v1";

    @TempDir
    Path dir;
    InProcessRuntime tf;
    OpenAIClient client;
    final ChatCompletionCreateParams params = OpenAiAdapterReadTest.toolResultsRequest();
    final ChatCompletion completion = parse("chat-response-tool-calls", ChatCompletion.class);

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

    private Object rawCall(Class<?> service, Object target, String method, Object returned) {
        CallScope scope = new OpenAiCallHandler(service).enter(method, target,
                new Object[] {params, RequestOptions.none()});
        assertThat(scope).as("recorded").isNotNull();
        return scope.exit(returned, null);
    }

    @SuppressWarnings("unchecked")
    private HttpResponseFor<ChatCompletion> create(SdkResponse<ChatCompletion> sdk) {
        return (HttpResponseFor<ChatCompletion>) rawCall(ChatCompletionServiceImpl.WithRawResponseImpl.class,
                client.chat().completions().withRawResponse(), "create", sdk);
    }

    @Test
    void parsingTheBodyRecordsTheAnswer() throws Exception {
        SdkResponse<ChatCompletion> sdk = new SdkResponse<>(completion);

        HttpResponseFor<ChatCompletion> returned = create(sdk);
        ChatCompletion parsed = returned.parse();
        returned.close();
        tf.stop();

        assertThat(returned).isInstanceOf(RecordingHttpResponseFor.class);
        assertThat(parsed).isSameAs(completion);
        assertThat(sdk.closed).isTrue();
        Map<String, Object> step = tf.onlyStep();
        assertThat(step).containsEntry("status", "ok").containsEntry("operation", "chat")
                .containsEntry("finish_reason", "tool_calls").containsEntry("total_tokens", 133)
                .containsEntry("base_url", URL);
        assertThat((String) step.get("output_messages_json")).contains(OpenAiAdapterReadTest.PARIS);
    }

    @Test
    void theStatusHeadersAndBodyAreTheSdksOwn() {
        SdkResponse<ChatCompletion> sdk = new SdkResponse<>(completion);

        HttpResponseFor<ChatCompletion> returned = create(sdk);

        assertThat(returned.statusCode()).isEqualTo(200);
        assertThat(returned.headers()).isSameAs(sdk.headers);
        assertThat(returned.body()).isSameAs(sdk.body);
        returned.close();
    }

    @Test
    void aResponseClosedUnparsedIsAnOkStepWithoutAnAnswer() throws Exception {
        SdkResponse<ChatCompletion> sdk = new SdkResponse<>(completion);

        create(sdk).close();
        tf.stop();

        assertThat(sdk.closed).isTrue();
        Map<String, Object> step = tf.onlyStep();
        assertThat(step).containsEntry("status", "ok");
        assertThat(step.get("output_text")).isNull();
        assertThat(step.get("response_json")).isNull();
    }

    @Test
    void aBodyThatCannotBeParsedIsAnErrorTheAppSees() throws Exception {
        InternalServerException failure = InternalServerException.builder().statusCode(502)
                .headers(Headers.builder().build()).build();
        SdkResponse<ChatCompletion> sdk = new SdkResponse<>(null);
        sdk.parseFailure = failure;

        HttpResponseFor<ChatCompletion> returned = create(sdk);
        assertThatThrownBy(returned::parse).isSameAs(failure);
        returned.close();
        tf.stop();

        assertThat(tf.onlyStep()).containsEntry("status", "error").containsEntry("http_status", 502);
    }

    @Test
    void aRawStreamIsRecordedAsTheAppReadsIt() throws Exception {
        List<ChatCompletionChunk> chunks = elements("chat-stream-text", ChatCompletionChunk.class);
        RecordingStreamResponseTest.SdkStream stream = new RecordingStreamResponseTest.SdkStream(chunks, -1);
        SdkResponse<StreamResponse<ChatCompletionChunk>> sdk = new SdkResponse<>(stream);

        @SuppressWarnings("unchecked")
        HttpResponseFor<StreamResponse<ChatCompletionChunk>> returned =
                (HttpResponseFor<StreamResponse<ChatCompletionChunk>>) rawCall(
                        ChatCompletionServiceImpl.WithRawResponseImpl.class,
                        client.chat().completions().withRawResponse(), "createStreaming", sdk);
        StreamResponse<ChatCompletionChunk> parsed = returned.parse();
        List<ChatCompletionChunk> seen = parsed.stream().toList();
        parsed.close();
        tf.stop();

        assertThat(parsed).isInstanceOf(RecordingStreamResponse.class);
        assertThat(seen).containsExactlyElementsOf(chunks);
        assertThat(tf.onlyStep()).containsEntry("status", "ok")
                .containsEntry("output_text", "Hello! How can I help you today?");
    }

    @Test
    void aRawStreamClosedUnreadIsCancelled() throws Exception {
        SdkResponse<Object> sdk = new SdkResponse<>(null);

        ((HttpResponseFor<?>) rawCall(ChatCompletionServiceImpl.WithRawResponseImpl.class,
                client.chat().completions().withRawResponse(), "createStreaming", sdk)).close();
        tf.stop();

        assertThat(tf.onlyStep()).containsEntry("status", "cancelled");
    }

    // ---- async ----

    @SuppressWarnings("unchecked")
    private CompletableFuture<HttpResponseFor<ChatCompletion>> createAsync(
            CompletableFuture<HttpResponseFor<ChatCompletion>> sdk) {
        return (CompletableFuture<HttpResponseFor<ChatCompletion>>) rawCall(
                ChatCompletionServiceAsyncImpl.WithRawResponseImpl.class,
                client.async().chat().completions().withRawResponse(), "create", sdk);
    }

    @Test
    void anAsyncRawCallIsRecordedWhenTheAppParsesTheResponseItsFutureGives() throws Exception {
        CompletableFuture<HttpResponseFor<ChatCompletion>> sdk = new CompletableFuture<>();

        CompletableFuture<HttpResponseFor<ChatCompletion>> returned = createAsync(sdk);
        assertThat(returned).isNotDone();
        sdk.complete(new SdkResponse<>(completion));
        HttpResponseFor<ChatCompletion> response = returned.get(10, TimeUnit.SECONDS);
        assertThat(response.parse()).isSameAs(completion);
        tf.stop();

        assertThat(response).isInstanceOf(RecordingHttpResponseFor.class);
        assertThat(tf.onlyStep()).containsEntry("status", "ok").containsEntry("total_tokens", 133);
    }

    @Test
    void anAsyncRawCallFailsWithTheSdksOwnException() throws Exception {
        CompletableFuture<HttpResponseFor<ChatCompletion>> sdk = new CompletableFuture<>();
        InternalServerException failure = InternalServerException.builder().statusCode(500)
                .headers(Headers.builder().build()).build();

        CompletableFuture<HttpResponseFor<ChatCompletion>> returned = createAsync(sdk);
        sdk.completeExceptionally(failure);
        tf.stop();

        assertThat(returned).isCompletedExceptionally();
        assertThatThrownBy(returned::join).hasCause(failure);
        assertThat(returned.handle((value, error) -> error).join()).as("not wrapped once more").isSameAs(failure);
        assertThat(tf.onlyStep()).containsEntry("status", "error").containsEntry("http_status", 500);
    }

    @Test
    void cancellingTheAppsFutureCancelsTheSdksAndTheStep() throws Exception {
        CompletableFuture<HttpResponseFor<ChatCompletion>> sdk = new CompletableFuture<>();

        createAsync(sdk).cancel(true);
        tf.stop();

        assertThat(sdk).isCancelled();
        assertThat(tf.onlyStep()).containsEntry("status", "cancelled");
    }

    @Test
    void aResponseArrivingAfterTheAppGaveUpIsClosed() throws Exception {
        CompletableFuture<HttpResponseFor<ChatCompletion>> sdk = new CompletableFuture<>();
        SdkResponse<ChatCompletion> late = new SdkResponse<>(completion);

        CompletableFuture<HttpResponseFor<ChatCompletion>> returned = createAsync(sdk);
        returned.complete(null); // e.g. a timeout stage completing it first
        sdk.complete(late);
        tf.stop();

        assertThat(late.closed).as("nobody can read it any more").isTrue();
        assertThat(tf.onlyStep()).containsEntry("status", "ok");
    }

    /** The SDK's raw response: status 200, a body, and what {@code parse()} gives (or throws). */
    static final class SdkResponse<T> implements HttpResponseFor<T> {
        final T parsed;
        final Headers headers = Headers.builder().put("x-request-id", "req_123").build();
        final InputStream body = new ByteArrayInputStream(new byte[0]);
        RuntimeException parseFailure;
        volatile boolean closed;

        SdkResponse(T parsed) {
            this.parsed = parsed;
        }

        @Override
        public T parse() {
            if (parseFailure != null) {
                throw parseFailure;
            }
            return parsed;
        }

        @Override
        public int statusCode() {
            return 200;
        }

        @Override
        public Headers headers() {
            return headers;
        }

        @Override
        public InputStream body() {
            return body;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
