package io.traceflow.instrumentation.langchain4j.v1;

import static io.traceflow.instrumentation.langchain4j.v1.RecordedChat.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.DimensionAwareEmbeddingModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;

import io.traceflow.core.capture.CacheRequest;
import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.Message;
import io.traceflow.core.format.Part;
import io.traceflow.core.format.Usage;

/**
 * {@link LangChainEmbeddingsAdapter} on LangChain4j's own types: {@code embedAll(List<TextSegment>)} returning
 * {@code Response<List<Embedding>>}, and {@code doEmbed(EmbeddingRequest)} returning {@code EmbeddingResponse} (1.x
 * after 1.0); each adapter instance rebuilds the type its hooked method returns.
 */
class LangChainEmbeddingsAdapterTest {
    static final String URL = "http://127.0.0.1:9/v1";

    private final OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder().baseUrl(URL).apiKey("sk-test-key")
            .modelName("text-embedding-3-small").build();
    private final List<TextSegment> segments = List.of(TextSegment.from("one"), TextSegment.from("two"));
    private final List<Embedding> vectors = List.of(
            Embedding.from(new float[] {-0.028186757f, -0.055864133f, 0.024149517f}),
            Embedding.from(new float[] {0.005741121f, -0.021489773f, -0.07072017f}));

    private EmbeddingResponse embeddingResponse() {
        return EmbeddingResponse.builder().embeddings(vectors).tokenUsage(new TokenUsage(2, null, 2))
                .modelName("text-embedding-3-small").build();
    }

    @Test
    void embedAllReadsTheTextsAndTheVectorsSizes() {
        Response<List<Embedding>> response = Response.from(vectors, new TokenUsage(2, null, 2));

        Exchange exchange = LangChainEmbeddingsAdapter.EMBED_ALL.read("embeddings", model, segments, response,
                List.of());

        assertThat(exchange.input).containsExactly(Message.of("user", List.of(new Part.Text("one"),
                new Part.Text("two"))));
        assertThat(tree(exchange.requestJson).path("input").toString()).isEqualTo("[\"one\",\"two\"]");
        assertThat(exchange.answered).isTrue();
        assertThat(exchange.embeddingDimensions).containsExactly(3, 3);
        assertThat(exchange.usage).isEqualTo(new Usage(2L, null, 2L, null, null, null));
        assertThat(exchange.attributes).containsEntry("model_class", OpenAiEmbeddingModel.class.getName());
        assertThat(LangChainEmbeddingsAdapter.EMBED_ALL.stepName("embeddings", model, exchange))
                .startsWith("OpenAiEmbeddingModel");
    }

    @Test
    void doEmbedReadsTheRequestsInputsAndTheResponsesModel() {
        EmbeddingRequest request = EmbeddingRequest.builder().textSegments(segments).build();

        Exchange exchange = LangChainEmbeddingsAdapter.DO_EMBED.read("embeddings", model, request,
                embeddingResponse(), List.of());

        assertThat(exchange.input).singleElement().extracting(Message::text).isEqualTo("onetwo");
        assertThat(exchange.input.get(0).parts()).containsExactly(new Part.Text("one"), new Part.Text("two"));
        assertThat(exchange.model).isEqualTo("text-embedding-3-small");
        assertThat(exchange.embeddingDimensions).containsExactly(3, 3);
        assertThat(exchange.usage.input()).isEqualTo(2L);
        assertThat(LangChainEmbeddingsAdapter.DO_EMBED.stepName("embeddings", model, exchange))
                .isEqualTo("OpenAiEmbeddingModel text-embedding-3-small");
    }

    @Test
    void aFailedCallHasTheInputsOnly() {
        Exchange exchange = LangChainEmbeddingsAdapter.EMBED_ALL.read("embeddings", model, segments, null, List.of());

        assertThat(exchange.answered).isFalse();
        assertThat(exchange.embeddingDimensions).isEmpty();
        assertThat(exchange.input).hasSize(1);
    }

    // ---- the cache ----

    @Test
    void embedAllsAnswerIsRebuiltAsAResponseOfEmbeddings() throws Exception {
        Response<List<Embedding>> live = Response.from(vectors, new TokenUsage(2, null, 2));

        String json = LangChainEmbeddingsAdapter.EMBED_ALL.answerJson("embeddings", false, live);
        Object replayed = LangChainEmbeddingsAdapter.EMBED_ALL.replay("embeddings", false, null, json);

        assertThat(replayed).isExactlyInstanceOf(Response.class);
        Response<?> response = (Response<?>) replayed;
        assertThat(response.content()).isEqualTo(vectors);
        assertThat(response.tokenUsage()).isEqualTo(new TokenUsage(2, null, 2));
        assertThat(replayed).isEqualTo(live);
    }

    @Test
    void doEmbedsAnswerIsRebuiltAsAnEmbeddingResponse() throws Exception {
        EmbeddingResponse live = embeddingResponse();

        String json = LangChainEmbeddingsAdapter.DO_EMBED.answerJson("embeddings", false, live);
        Object replayed = LangChainEmbeddingsAdapter.DO_EMBED.replay("embeddings", false, null, json);

        assertThat(replayed).isExactlyInstanceOf(EmbeddingResponse.class);
        EmbeddingResponse response = (EmbeddingResponse) replayed;
        assertThat(response.embeddings()).isEqualTo(vectors);
        assertThat(response.modelName()).isEqualTo("text-embedding-3-small");
        assertThat(response.tokenUsage()).isEqualTo(new TokenUsage(2, null, 2));
    }

    @Test
    void anAnswerKeptByOneMethodIsRebuiltForTheOther() throws Exception {
        Response<List<Embedding>> keptByEmbedAll = Response.from(vectors);
        EmbeddingResponse keptByDoEmbed = embeddingResponse();

        assertThat(LangChainEmbeddingsAdapter.EMBED_ALL.replay("embeddings", false, keptByEmbedAll, null))
                .isSameAs(keptByEmbedAll);
        assertThat(LangChainEmbeddingsAdapter.DO_EMBED.replay("embeddings", false, keptByDoEmbed, null))
                .isSameAs(keptByDoEmbed);
        Object asDoEmbed = LangChainEmbeddingsAdapter.DO_EMBED.replay("embeddings", false, keptByEmbedAll, null);
        Object asEmbedAll = LangChainEmbeddingsAdapter.EMBED_ALL.replay("embeddings", false, keptByDoEmbed, null);
        assertThat(asDoEmbed).isExactlyInstanceOf(EmbeddingResponse.class);
        assertThat(((EmbeddingResponse) asDoEmbed).embeddings()).isEqualTo(vectors);
        assertThat(asEmbedAll).isExactlyInstanceOf(Response.class);
        assertThat(((Response<?>) asEmbedAll).content()).isEqualTo(vectors);
    }

    @Test
    void onlyEmbeddingsAreAnAnswer() {
        assertThat(LangChainEmbeddingsAdapter.EMBED_ALL.answerJson("embeddings", false, "text")).isNull();
    }

    @Test
    void theKeyCoversTheModelItsBaseUrlAndTheTexts() {
        CacheRequest asked = LangChainEmbeddingsAdapter.EMBED_ALL.cacheRequest("embeddings", model, segments);

        assertThat(asked.endpoint()).isEqualTo(OpenAiEmbeddingModel.class.getName() + " " + URL);
        assertThat(asked.temperature()).isEqualTo(0.0);
        assertThat(asked.lastUserText()).isEqualTo("one two");
        assertThat(tree(asked.requestJson()).path("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(tree(asked.requestJson()).path("input").toString()).isEqualTo("[\"one\",\"two\"]");
        assertThat(asked.requestJson()).doesNotContain("sk-test-key");
    }

    @Test
    void theKeyOfAnEmbeddingRequestCoversItsParameters() {
        EmbeddingRequest small = EmbeddingRequest.builder().textSegments(segments).dimensions(256).build();
        EmbeddingRequest large = EmbeddingRequest.builder().textSegments(segments).dimensions(1024).build();

        CacheRequest asked = LangChainEmbeddingsAdapter.DO_EMBED.cacheRequest("embeddings", model, small);

        assertThat(tree(asked.requestJson()).path("input").toString()).isEqualTo("[\"one\",\"two\"]");
        assertThat(asked.requestJson()).isNotEqualTo(LangChainEmbeddingsAdapter.DO_EMBED.cacheRequest("embeddings",
                model, large).requestJson());
    }

    @Test
    void theKeyCoversTheConfiguredDimension() {
        OpenAiEmbeddingModel reduced = OpenAiEmbeddingModel.builder().baseUrl(URL).apiKey("sk-test-key")
                .modelName("text-embedding-3-small").dimensions(256).build();

        CacheRequest asked = LangChainEmbeddingsAdapter.EMBED_ALL.cacheRequest("embeddings", reduced, segments);

        assertThat(tree(asked.requestJson()).path("dimensions").asInt()).isEqualTo(256);
        assertThat(asked.requestJson()).isNotEqualTo(LangChainEmbeddingsAdapter.EMBED_ALL.cacheRequest(
                "embeddings", model, segments).requestJson());
    }

    @Test
    void theKeyNeverAsksTheModelToEmbedForItsDimension() {
        OwnEmbeddingModel own = new OwnEmbeddingModel();
        OwnDimensionAwareModel aware = new OwnDimensionAwareModel();

        CacheRequest ownKey = LangChainEmbeddingsAdapter.EMBED_ALL.cacheRequest("embeddings", own, segments);
        CacheRequest awareKey = LangChainEmbeddingsAdapter.DO_EMBED.cacheRequest("embeddings", aware,
                EmbeddingRequest.builder().textSegments(segments).build());

        // EmbeddingModel.dimension() embeds a test text when the model does not know its dimension: a request to
        // the provider on the app thread, made even under strict replay.
        assertThat(own.embedded).as("texts sent to embed").isEmpty();
        assertThat(aware.embedded).isEmpty();
        assertThat(tree(ownKey.requestJson()).path("input").toString()).isEqualTo("[\"one\",\"two\"]");
        assertThat(tree(awareKey.requestJson()).path("dimensions").isNull()).as("not known").isTrue();
    }

    /** A user's own embedding model: it only embeds (LangChain4j's defaults do the rest). */
    static final class OwnEmbeddingModel implements EmbeddingModel {
        final List<String> embedded = new ArrayList<>();

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> textSegments) {
            List<Embedding> out = new ArrayList<>();
            for (TextSegment segment : textSegments) {
                embedded.add(segment.text());
                out.add(Embedding.from(new float[] {1f, 2f, 3f, 4f}));
            }
            return Response.from(out);
        }
    }

    /** A provider-style model that learns its dimension from its first answer when it is not configured. */
    static final class OwnDimensionAwareModel extends DimensionAwareEmbeddingModel {
        final List<String> embedded = new ArrayList<>();

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> textSegments) {
            textSegments.forEach(segment -> embedded.add(segment.text()));
            return Response.from(textSegments.stream().map(s -> Embedding.from(new float[] {1f, 2f})).toList());
        }
    }
}
