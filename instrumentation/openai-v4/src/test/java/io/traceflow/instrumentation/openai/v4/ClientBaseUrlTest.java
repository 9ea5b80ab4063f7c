package io.traceflow.instrumentation.openai.v4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;

/** A service's base URL, read from the SDK's real service objects (no request is made). */
class ClientBaseUrlTest {
    private static final String URL = "http://127.0.0.1:9/v1";

    private final OpenAIClient client = OpenAIOkHttpClient.builder().apiKey("sk-test-key").baseUrl(URL).build();
    private final OpenAIClientAsync async = OpenAIOkHttpClientAsync.builder().apiKey("sk-test-key").baseUrl(URL)
            .build();

    @AfterEach
    void close() {
        client.close();
        async.close();
    }

    @Test
    void everyHookedServiceHasItsClientsBaseUrl() {
        assertThat(ClientBaseUrl.of(client.chat().completions())).isEqualTo(URL);
        assertThat(ClientBaseUrl.of(client.chat().completions().withRawResponse())).isEqualTo(URL);
        assertThat(ClientBaseUrl.of(client.responses())).isEqualTo(URL);
        assertThat(ClientBaseUrl.of(client.responses().withRawResponse())).isEqualTo(URL);
        assertThat(ClientBaseUrl.of(client.embeddings())).isEqualTo(URL);
        assertThat(ClientBaseUrl.of(async.chat().completions())).isEqualTo(URL);
        assertThat(ClientBaseUrl.of(async.chat().completions().withRawResponse())).isEqualTo(URL);
        assertThat(ClientBaseUrl.of(async.responses())).isEqualTo(URL);
        assertThat(ClientBaseUrl.of(async.embeddings().withRawResponse())).isEqualTo(URL);
    }

    @Test
    void aServiceWithOtherOptionsHasItsOwn() {
        var other = client.chat().completions().withOptions(options -> options.baseUrl("http://127.0.0.1:10/v1"));

        assertThat(ClientBaseUrl.of(other)).isEqualTo("http://127.0.0.1:10/v1");
        assertThat(ClientBaseUrl.of(client.chat().completions())).as("unchanged").isEqualTo(URL);
    }

    @Test
    void theDefaultBaseUrl() {
        OpenAIClient defaults = OpenAIOkHttpClient.builder().apiKey("sk-test-key").build();
        try {
            assertThat(ClientBaseUrl.of(defaults.embeddings())).isEqualTo("https://api.openai.com/v1");
        } finally {
            defaults.close();
        }
    }

    @Test
    void nothingWhereThereIsNoClientOptions() {
        assertThat(ClientBaseUrl.of(null)).isNull();
        assertThat(ClientBaseUrl.of(new Object())).isNull();
        assertThat(ClientBaseUrl.of(new Decorator())).as("a field of that name, not the SDK's options").isNull();
    }

    @SuppressWarnings("unused")
    private static final class Decorator {
        private final String clientOptions = "http://not-a-base-url";
    }
}
