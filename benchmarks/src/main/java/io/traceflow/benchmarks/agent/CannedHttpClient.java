package io.traceflow.benchmarks.agent;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpRequestBody;
import com.openai.core.http.HttpResponse;

/**
 * An in-process transport for the OpenAI SDK: it serializes the request body like a real transport would (into a
 * discarding stream) and answers every request with the same canned chat completion, without any network. Plugged
 * in with {@code ClientOptions.builder().httpClient(...)}, it leaves only the SDK's own work (and the agent's) in
 * a call, so the agent's share is not hidden by a loopback round trip.
 */
public final class CannedHttpClient implements HttpClient {
    private static final Headers HEADERS = Headers.builder().put("Content-Type", "application/json").build();
    private static final OutputStream DISCARD = OutputStream.nullOutputStream();

    private final byte[] body;

    public CannedHttpClient(String responseJson) {
        this.body = responseJson.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
        HttpRequestBody requestBody = request.body();
        if (requestBody != null) {
            requestBody.writeTo(DISCARD);
        }
        return new Canned(body);
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
        return CompletableFuture.completedFuture(execute(request, requestOptions));
    }

    @Override
    public void close() {
    }

    /** A chat completion whose answer is {@code content}, with usage, as the API returns it. */
    public static String chatCompletionJson(String model, String content) {
        return "{\"id\":\"chatcmpl-canned\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"" + model
                + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content
                + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":262,\"completion_tokens\":257,"
                + "\"total_tokens\":519,\"prompt_tokens_details\":{\"cached_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}";
    }

    private static final class Canned implements HttpResponse {
        private final byte[] body;

        Canned(byte[] body) {
            this.body = body;
        }

        @Override
        public int statusCode() {
            return 200;
        }

        @Override
        public Headers headers() {
            return HEADERS;
        }

        @Override
        public InputStream body() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public void close() {
        }
    }
}
