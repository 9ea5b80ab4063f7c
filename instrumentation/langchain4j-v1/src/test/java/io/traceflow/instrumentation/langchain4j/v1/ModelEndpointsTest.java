package io.traceflow.instrumentation.langchain4j.v1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;

/**
 * Where a model sends its requests: the base URL langchain4j-open-ai keeps on its HTTP client (one level down), or
 * on a user's own model; the model class is always part of the endpoint. Real models, built only (no request).
 */
class ModelEndpointsTest {
    static final String URL = "http://127.0.0.1:9/v1";

    @Test
    void anOpenAiChatModelsBaseUrlIsOnItsClient() {
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(URL).apiKey("sk-test-key").modelName("gpt-4o-mini")
                .build();

        assertThat(ModelEndpoints.baseUrl(model)).isEqualTo(URL);
        assertThat(ModelEndpoints.endpoint(model)).isEqualTo("dev.langchain4j.model.openai.OpenAiChatModel " + URL);
        assertThat(ModelEndpoints.endpoint(model)).doesNotContain("sk-test-key");
    }

    @Test
    void eachInstanceHasItsOwnBaseUrl() {
        OpenAiChatModel one = OpenAiChatModel.builder().baseUrl(URL).apiKey("k").build();
        OpenAiChatModel other = OpenAiChatModel.builder().baseUrl("http://127.0.0.1:10/v1").apiKey("k").build();

        assertThat(ModelEndpoints.baseUrl(one)).isEqualTo(URL);
        assertThat(ModelEndpoints.baseUrl(other)).as("the path is cached per class, not the value")
                .isEqualTo("http://127.0.0.1:10/v1");
    }

    @Test
    void theDefaultBaseUrl() {
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().apiKey("k").modelName("gpt-4o-mini")
                .build();

        assertThat(ModelEndpoints.baseUrl(model)).isEqualTo("https://api.openai.com/v1");
    }

    @Test
    void anEmbeddingModelsBaseUrlAndModelName() {
        OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder().baseUrl(URL).apiKey("k")
                .modelName("text-embedding-3-small").build();

        assertThat(ModelEndpoints.baseUrl(model)).isEqualTo(URL);
        assertThat(ModelEndpoints.modelName(model)).isEqualTo("text-embedding-3-small");
    }

    @Test
    void aUsersOwnModelWithABaseUrlFieldOrAClientHoldingOne() {
        assertThat(ModelEndpoints.baseUrl(new DirectModel())).isEqualTo("http://direct.example/v1");
        assertThat(ModelEndpoints.baseUrl(new WrappingModel())).isEqualTo("http://wrapped.example/v1");
        assertThat(ModelEndpoints.endpoint(new WrappingModel()))
                .isEqualTo(WrappingModel.class.getName() + " http://wrapped.example/v1");
    }

    @Test
    void aModelWithoutABaseUrlIsItsClass() {
        assertThat(ModelEndpoints.baseUrl(new LangChainChatAdapterTest.OwnModel())).isNull();
        assertThat(ModelEndpoints.endpoint(new LangChainChatAdapterTest.OwnModel()))
                .isEqualTo(LangChainChatAdapterTest.OwnModel.class.getName());
        assertThat(ModelEndpoints.baseUrl(new NotAStringModel())).as("only a String named baseUrl").isNull();
    }

    @Test
    void aMethodThatIsMissingOrThrowsIsNull() {
        assertThat(ModelEndpoints.modelName(new Object())).isNull();
        assertThat(ModelEndpoints.call(new Throwing(), "modelName")).isNull();
    }

    @SuppressWarnings("unused")
    static final class DirectModel {
        private final String baseUrl = "http://direct.example/v1";
    }

    @SuppressWarnings("unused")
    static final class WrappingModel {
        private final Client client = new Client();
        private final int retries = 2;
    }

    @SuppressWarnings("unused")
    static final class Client {
        private final String baseUrl = "http://wrapped.example/v1";
    }

    @SuppressWarnings("unused")
    static final class NotAStringModel {
        private final java.net.URI baseUrl = java.net.URI.create("http://uri.example/v1");
    }

    public static final class Throwing {
        public String modelName() {
            throw new IllegalStateException("not configured");
        }
    }
}
