package io.traceflow.instrumentation.langchain4j.v1;

import static io.traceflow.instrumentation.langchain4j.v1.RecordedChat.MILAN;
import static io.traceflow.instrumentation.langchain4j.v1.RecordedChat.ROME;
import static io.traceflow.instrumentation.langchain4j.v1.RecordedChat.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

/**
 * A LangChain4j chat answer as the response cache keeps it and rebuilds it ({@link RecordedAnswers}, through
 * {@link LangChainChatAdapter}'s answer, JSON and replay): a hit must be the answer the provider module returned,
 * metadata and token usage subclasses included, as an app may cast {@code response.metadata()}.
 */
class RecordedAnswersTest {
    private static final LangChainChatAdapter ADAPTER = LangChainChatAdapter.INSTANCE;

    private static ChatResponse roundTrip(ChatResponse response) throws Exception {
        String json = ADAPTER.answerJson("chat", false, ADAPTER.answer(false, response, List.of()));
        return (ChatResponse) ADAPTER.replay("chat", false, null, json);
    }

    @Test
    void anOpenAiAnswerComesBackWithTheProvidersOwnMetadataAndUsageTypes() throws Exception {
        ChatResponse live = RecordedChat.response();

        ChatResponse replayed = roundTrip(live);

        assertThat(replayed.metadata()).isExactlyInstanceOf(OpenAiChatResponseMetadata.class);
        assertThat(replayed.tokenUsage()).isExactlyInstanceOf(OpenAiTokenUsage.class);
        OpenAiChatResponseMetadata metadata = (OpenAiChatResponseMetadata) replayed.metadata();
        assertThat(metadata.created()).isEqualTo(1748779199L);
        assertThat(metadata.serviceTier()).isEqualTo("default");
        assertThat(metadata.systemFingerprint()).isEqualTo("fp_34a54ae93c");
        assertThat(metadata.id()).isEqualTo("chatcmpl-BdR1a2B3c4D5e6F7g8H9i0JkLmN");
        assertThat(metadata.modelName()).isEqualTo("o4-mini-2025-04-16");
        assertThat(metadata.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        OpenAiTokenUsage usage = metadata.tokenUsage();
        assertThat(usage.inputTokenCount()).isEqualTo(1312);
        assertThat(usage.outputTokenCount()).isEqualTo(245);
        assertThat(usage.totalTokenCount()).isEqualTo(1557);
        assertThat(usage.inputTokensDetails().cachedTokens()).isEqualTo(1024);
        assertThat(usage.outputTokensDetails().reasoningTokens()).isEqualTo(192);
        assertThat(usage).isEqualTo(live.tokenUsage());
        assertThat(metadata).isEqualTo(live.metadata());
        assertThat(replayed.aiMessage()).isEqualTo(live.aiMessage());
        assertThat(replayed).isEqualTo(live);
    }

    @Test
    void theThinkingTextAndTheToolCallsComeBack() throws Exception {
        AiMessage message = roundTrip(RecordedChat.response()).aiMessage();

        assertThat(message.text()).isEqualTo("Checking both cities.");
        assertThat(message.thinking()).isEqualTo("Two cities: call getWeather for each.");
        assertThat(message.toolExecutionRequests()).extracting(r -> r.id() + " " + r.name() + " " + r.arguments())
                .containsExactly(ROME + " getWeather {\"city\":\"Rome\"}",
                        MILAN + " getWeather {\"city\":\"Milan\",\"unit\":\"CELSIUS\"}");
    }

    @Test
    void aPlainAnswerComesBackPlain() throws Exception {
        ChatResponse live = ChatResponse.builder().aiMessage(AiMessage.from("Sunny."))
                .metadata(ChatResponseMetadata.builder().id("msg_1").modelName("my-model")
                        .tokenUsage(new TokenUsage(10, 3, 13)).finishReason(FinishReason.STOP).build())
                .build();

        ChatResponse replayed = roundTrip(live);

        assertThat(replayed.metadata()).isExactlyInstanceOf(ChatResponseMetadata.class);
        assertThat(replayed.tokenUsage()).isExactlyInstanceOf(TokenUsage.class);
        assertThat(replayed).isEqualTo(live);
        assertThat(replayed.aiMessage().thinking()).isNull();
        assertThat(replayed.aiMessage().hasToolExecutionRequests()).isFalse();
    }

    @Test
    void anAnswerWithOnlyToolCallsHasNoText() throws Exception {
        ChatResponse live = ChatResponse.builder().aiMessage(AiMessage.from(RecordedChat.call(ROME, "{}")))
                .metadata(ChatResponseMetadata.builder().finishReason(FinishReason.TOOL_EXECUTION).build()).build();

        ChatResponse replayed = roundTrip(live);

        assertThat(replayed.aiMessage().text()).isNull();
        assertThat(replayed).isEqualTo(live);
    }

    @Test
    void aMetadataClassThatIsGoneFallsBackToTheCommonFields() throws Exception {
        ObjectNode recorded = (ObjectNode) tree(ADAPTER.answerJson("chat", false, RecordedChat.response()));
        ((ObjectNode) recorded.get("metadata")).put("class", "dev.langchain4j.model.gone.GoneChatResponseMetadata");

        ChatResponse replayed = (ChatResponse) ADAPTER.replay("chat", false, null, recorded.toString());

        assertThat(replayed.metadata()).isExactlyInstanceOf(ChatResponseMetadata.class);
        assertThat(replayed.id()).isEqualTo("chatcmpl-BdR1a2B3c4D5e6F7g8H9i0JkLmN");
        assertThat(replayed.modelName()).isEqualTo("o4-mini-2025-04-16");
        assertThat(replayed.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(replayed.tokenUsage()).isEqualTo(new TokenUsage(1312, 245, 1557));
        assertThat(replayed.aiMessage()).isEqualTo(RecordedChat.toolCallsMessage());
    }

    @Test
    void anAnswerRecordedWithoutMetadataHasTheCommonFields() throws Exception {
        ObjectNode recorded = (ObjectNode) tree(ADAPTER.answerJson("chat", false, RecordedChat.response()));
        recorded.remove("metadata");
        recorded.put("finish_reason", "A_REASON_OF_A_LATER_VERSION");

        ChatResponse replayed = (ChatResponse) ADAPTER.replay("chat", false, null, recorded.toString());

        assertThat(replayed.id()).isEqualTo("chatcmpl-BdR1a2B3c4D5e6F7g8H9i0JkLmN");
        assertThat(replayed.tokenUsage()).isEqualTo(new TokenUsage(1312, 245, 1557));
        assertThat(replayed.finishReason()).as("unknown here: left unset").isNull();
    }

    @Test
    void aStreamedAnswerKeepsItsPartialTextsInOrder() throws Exception {
        List<Object> partials = List.of("Checking", " both", " cities.");

        Object kept = ADAPTER.answer(true, RecordedChat.response(), partials);
        String json = ADAPTER.answerJson("chat", true, kept);
        Object replayed = ADAPTER.replay("chat", true, null, json);

        assertThat(kept).isEqualTo(new RecordedAnswers.Stream(RecordedChat.response(), List.of("Checking", " both",
                " cities.")));
        assertThat(replayed).isInstanceOf(RecordedAnswers.Stream.class);
        RecordedAnswers.Stream stream = (RecordedAnswers.Stream) replayed;
        assertThat(stream.partials()).containsExactly("Checking", " both", " cities.");
        assertThat(stream.response()).isEqualTo(RecordedChat.response());
        assertThat(stream.response().metadata()).isExactlyInstanceOf(OpenAiChatResponseMetadata.class);
    }

    @Test
    void aBlockingAnswerHasNoPartials() throws Exception {
        String json = ADAPTER.answerJson("chat", false, RecordedChat.response());

        assertThat(tree(json).has("partials")).isFalse();
        assertThat(RecordedAnswers.partials(json)).isEmpty();
        assertThat(((RecordedAnswers.Stream) ADAPTER.replay("chat", true, null, json)).partials())
                .as("asked streaming, recorded blocking").isEmpty();
    }

    @Test
    void anAnswerKeptInMemoryIsReplayedAsIsOrReshapedForTheOtherKindOfCall() throws Exception {
        ChatResponse response = RecordedChat.response();
        RecordedAnswers.Stream streamed = new RecordedAnswers.Stream(response, List.of("Checking"));

        assertThat(ADAPTER.replay("chat", false, response, null)).isSameAs(response);
        assertThat(ADAPTER.replay("chat", true, streamed, null)).isSameAs(streamed);
        assertThat(ADAPTER.replay("chat", false, streamed, null)).isSameAs(response);
        assertThat(ADAPTER.replay("chat", true, response, null))
                .isEqualTo(new RecordedAnswers.Stream(response, List.of()));
    }

    @Test
    void onlyAChatResponseIsAnAnswer() {
        assertThat(ADAPTER.answer(false, null, List.of())).isNull();
        assertThat(ADAPTER.answer(true, "text", List.of("text"))).isNull();
        assertThatThrownBy(() -> RecordedAnswers.response("null")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReplayedAnswerReadsLikeTheLiveOne() {
        ChatResponse replayed = RecordedAnswers.response(RecordedAnswers.json(RecordedChat.response(), List.of()));

        var fromReplay = ADAPTER.readReplayed("chat", false, new LangChainChatAdapterTest.OwnModel(),
                RecordedChat.request(), replayed);
        var fromLive = ADAPTER.read("chat", new LangChainChatAdapterTest.OwnModel(), RecordedChat.request(),
                RecordedChat.response(), List.of());

        assertThat(fromReplay.responseJson).isEqualTo(fromLive.responseJson);
        assertThat(fromReplay.usage).isEqualTo(fromLive.usage);
    }
}
