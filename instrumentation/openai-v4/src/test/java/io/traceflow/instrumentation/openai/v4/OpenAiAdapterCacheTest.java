package io.traceflow.instrumentation.openai.v4;

import static io.traceflow.instrumentation.openai.v4.OpenAiAdapterReadTest.fullChatRequest;
import static io.traceflow.instrumentation.openai.v4.OpenAiAdapterReadTest.toolResultsRequest;
import static io.traceflow.instrumentation.openai.v4.SdkFixtures.elements;
import static io.traceflow.instrumentation.openai.v4.SdkFixtures.fixtureTree;
import static io.traceflow.instrumentation.openai.v4.SdkFixtures.parse;
import static io.traceflow.instrumentation.openai.v4.SdkFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;

import io.traceflow.core.capture.CacheRequest;

/**
 * The response cache's side of {@link OpenAiAdapter}: what a key covers, and a recorded answer written as JSON and
 * rebuilt as the SDK's own type, equal to what the live call returned (an app must not tell a hit from the real
 * answer).
 */
class OpenAiAdapterCacheTest {
    private static final OpenAiAdapter ADAPTER = OpenAiAdapter.INSTANCE;
    private static final Object SERVICE = new Object();

    // ---- the key ----

    @Test
    void aChatKeyCoversTheWireBodyTheTemperatureAndTheModel() {
        CacheRequest asked = ADAPTER.cacheRequest("chat", SERVICE, fullChatRequest());

        assertThat(tree(asked.requestJson())).isEqualTo(fixtureTree("chat-request-full"));
        assertThat(asked.temperature()).isEqualTo(0.2);
        assertThat(asked.model()).isEqualTo("gpt-4o-mini");
        assertThat(asked.endpoint()).as("the service's base URL, which LlmCall has").isNull();
    }

    @Test
    void theLastUserTextIsTheLastUserMessagesNotAToolResult() {
        CacheRequest asked = ADAPTER.cacheRequest("chat", SERVICE, toolResultsRequest());

        assertThat(asked.lastUserText()).isEqualTo("And in Paris and Rome?");
        assertThat(asked.temperature()).isEqualTo(0.0);
    }

    @Test
    void noTemperatureIsNotZero() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI)
                .addUserMessage("Hello").build();

        CacheRequest asked = ADAPTER.cacheRequest("chat", SERVICE, params);

        assertThat(asked.temperature()).as("the provider's default, not deterministic").isNull();
        assertThat(asked.model()).isEqualTo("gpt-4o-mini");
        assertThat(asked.lastUserText()).isEqualTo("Hello");
    }

    @Test
    void embeddingsAreDeterministic() {
        EmbeddingCreateParams params = EmbeddingCreateParams.builder().input("alpha")
                .model("text-embedding-3-small").build();

        CacheRequest asked = ADAPTER.cacheRequest("embeddings", SERVICE, params);

        assertThat(asked.temperature()).isEqualTo(0.0);
        assertThat(asked.model()).isEqualTo("text-embedding-3-small");
        assertThat(tree(asked.requestJson()).path("input").asText()).isEqualTo("alpha");
    }

    @Test
    void aResponsesKeyHasTheModelsNameWhicheverWayTheModelWasGiven() {
        ResponseCreateParams byName = ResponseCreateParams.builder().input("Hello responses").model("gpt-4o-mini")
                .temperature(0.5).build();
        ResponseCreateParams byConstant = ResponseCreateParams.builder().input("Hello responses")
                .model(ChatModel.GPT_4O_MINI).build();

        CacheRequest asked = ADAPTER.cacheRequest("responses", SERVICE, byName);

        assertThat(asked.model()).isEqualTo("gpt-4o-mini");
        assertThat(ADAPTER.cacheRequest("responses", SERVICE, byConstant).model()).isEqualTo("gpt-4o-mini");
        assertThat(asked.temperature()).isEqualTo(0.5);
        assertThat(asked.lastUserText()).isEqualTo("Hello responses");
        assertThat(asked.requestJson()).isEqualTo(ADAPTER.read("responses", SERVICE, byName, null, List.of())
                .requestJson);
    }

    @Test
    void theKeyNeverCarriesHeaders() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addUserMessage("Hello").putAdditionalHeader("Authorization", "Bearer sk-header-secret").build();

        assertThat(ADAPTER.cacheRequest("chat", SERVICE, params).requestJson()).doesNotContain("sk-header-secret");
    }

    @Test
    void anythingElseCannotBeCached() {
        assertThat(ADAPTER.cacheRequest("chat", SERVICE, "not SDK params")).isNull();
    }

    // ---- answers, stored and rebuilt ----

    @Test
    void aCompletionIsStoredAsItsWireJsonAndRebuiltEqual() throws Exception {
        ChatCompletion completion = parse("chat-response-tool-calls", ChatCompletion.class);

        String json = ADAPTER.answerJson("chat", false, ADAPTER.answer(false, completion, List.of()));
        Object replayed = ADAPTER.replay("chat", false, null, json);

        assertThat(tree(json)).isEqualTo(fixtureTree("chat-response-tool-calls"));
        assertThat(replayed).isInstanceOf(ChatCompletion.class).isEqualTo(completion).isNotSameAs(completion);
    }

    @Test
    void aChatStreamIsStoredAsItsChunksAndRebuiltChunkByChunk() throws Exception {
        List<ChatCompletionChunk> chunks = elements("chat-stream-tool-calls", ChatCompletionChunk.class);

        Object answer = ADAPTER.answer(true, null, new ArrayList<>(chunks));
        String json = ADAPTER.answerJson("chat", true, answer);
        Object replayed = ADAPTER.replay("chat", true, null, json);

        assertThat(tree(json)).isEqualTo(fixtureTree("chat-stream-tool-calls"));
        assertThat(replayed).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .hasSize(chunks.size()).containsExactlyElementsOf(chunks)
                .allSatisfy(chunk -> assertThat(chunk).isInstanceOf(ChatCompletionChunk.class));
    }

    @Test
    void aResponseAndAResponsesStreamAreRebuiltAsTheirOwnTypes() throws Exception {
        Response response = parse("responses-response-function-call", Response.class);
        List<ResponseStreamEvent> events = elements("responses-stream-completed", ResponseStreamEvent.class);

        Object replayedResponse = ADAPTER.replay("responses", false, null, ADAPTER.answerJson("responses", false,
                response));
        Object replayedEvents = ADAPTER.replay("responses", true, null, ADAPTER.answerJson("responses", true,
                ADAPTER.answer(true, null, new ArrayList<>(events))));

        assertThat(replayedResponse).isInstanceOf(Response.class).isEqualTo(response);
        assertThat(replayedEvents).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactlyElementsOf(events)
                .allSatisfy(event -> assertThat(event).isInstanceOf(ResponseStreamEvent.class));
        assertThat(((ResponseStreamEvent) ((List<?>) replayedEvents).get(11)).isCompleted()).isTrue();
    }

    @Test
    void embeddingsAreRebuiltWithTheirBase64Vectors() throws Exception {
        CreateEmbeddingResponse response = parse("embeddings-response-base64", CreateEmbeddingResponse.class);

        String json = ADAPTER.answerJson("embeddings", false, response);
        Object replayed = ADAPTER.replay("embeddings", false, null, json);

        assertThat(tree(json)).as("the vectors themselves are kept for the cache")
                .isEqualTo(fixtureTree("embeddings-response-base64"));
        assertThat(replayed).isInstanceOf(CreateEmbeddingResponse.class).isEqualTo(response);
        assertThat(((CreateEmbeddingResponse) replayed).data().get(0).embedding()).hasSize(256);
    }

    @Test
    void anAnswerKeptInMemoryIsReplayedAsIs() throws Exception {
        ChatCompletion completion = parse("chat-response-text", ChatCompletion.class);
        List<Object> chunks = List.copyOf(elements("chat-stream-text", ChatCompletionChunk.class));

        assertThat(ADAPTER.replay("chat", false, completion, "not even JSON")).isSameAs(completion);
        assertThat(ADAPTER.replay("chat", true, chunks, null)).isSameAs(chunks);
    }

    @Test
    void aHitIsReadLikeTheLiveCall() {
        List<Object> chunks = List.copyOf(elements("chat-stream-text", ChatCompletionChunk.class));
        ChatCompletionCreateParams params = OpenAiAdapterReadTest.streamingRequest();

        var replayed = ADAPTER.readReplayed("chat", true, SERVICE, params, chunks);
        var live = ADAPTER.read("chat", SERVICE, params, null, chunks);

        assertThat(replayed.answerText()).isEqualTo(live.answerText()).isEqualTo("Hello! How can I help you today?");
        assertThat(replayed.responseJson).isEqualTo(live.responseJson);
    }
}
