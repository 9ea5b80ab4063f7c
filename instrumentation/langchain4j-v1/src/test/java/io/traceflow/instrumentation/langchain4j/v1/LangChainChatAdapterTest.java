package io.traceflow.instrumentation.langchain4j.v1;

import static io.traceflow.instrumentation.langchain4j.v1.RecordedChat.MILAN;
import static io.traceflow.instrumentation.langchain4j.v1.RecordedChat.PARIS;
import static io.traceflow.instrumentation.langchain4j.v1.RecordedChat.PNG;
import static io.traceflow.instrumentation.langchain4j.v1.RecordedChat.ROME;
import static io.traceflow.instrumentation.langchain4j.v1.RecordedChat.fixtureTree;
import static io.traceflow.instrumentation.langchain4j.v1.RecordedChat.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;

import io.traceflow.core.capture.CacheRequest;
import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.Message;
import io.traceflow.core.format.Part;
import io.traceflow.core.format.Usage;

/**
 * {@link LangChainChatAdapter} on LangChain4j's own objects, built with its builders as an app or a provider module
 * builds them: the request and response JSON against the recorded fixtures, the neutral form, the step's name, the
 * cache key, and the tool call ids of a manual tool loop.
 */
class LangChainChatAdapterTest {
    private static final LangChainChatAdapter ADAPTER = LangChainChatAdapter.INSTANCE;
    static final String URL = "http://127.0.0.1:9/v1";

    private final OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(URL).apiKey("sk-test-key")
            .modelName("gpt-4o-mini").build();

    @Test
    void theRequestIsWrittenAsTheRecordedShapeWithLangChain4jsOwnMessageJson() {
        Exchange exchange = ADAPTER.read("chat", model, RecordedChat.request(), null, List.of());

        assertThat(tree(exchange.requestJson)).isEqualTo(fixtureTree("chat-request-1.19.x"));
        assertThat(exchange.answered).isFalse();
        assertThat(exchange.responseJson).isNull();
    }

    @Test
    void theRequestReadsIntoTheNeutralForm() {
        Exchange exchange = ADAPTER.read("chat", model, RecordedChat.request(), null, List.of());

        assertThat(exchange.model).isEqualTo("gpt-4o-mini");
        assertThat(exchange.parameters).containsEntry("temperature", 0.3).containsEntry("top_p", 0.9)
                .containsEntry("top_k", 40).containsEntry("max_tokens", 200)
                .containsEntry("frequency_penalty", 0.1).containsEntry("presence_penalty", 0.2)
                .containsEntry("stop_sequences", List.of("END", "STOP")).containsEntry("tool_choice", "AUTO")
                .containsEntry("output_type", "json");
        assertThat(exchange.input).extracting(Message::role).containsExactly("system", "user", "assistant", "tool",
                "assistant", "user", "user", "assistant", "tool");
        assertThat(exchange.input.get(0)).isEqualTo(
                Message.text("system", "You are a weather assistant. Answer in one sentence."));
        assertThat(exchange.input.get(1).name()).isEqualTo("alice");
        assertThat(exchange.input.get(2).toolCalls()).containsExactly(
                new Part.ToolCall(PARIS, "getWeather", "{\"city\":\"Paris\",\"unit\":\"CELSIUS\"}"));
        assertThat(exchange.input.get(3).parts()).containsExactly(
                new Part.ToolCallResponse(PARIS, "{\"temp\":21,\"sky\":\"sunny\"}"));
        assertThat(exchange.input.get(5).parts()).containsExactly(
                new Part.Text("And what do these pictures show?"),
                new Part.Uri("image", "https://example.com/eiffel.jpg", null),
                new Part.Blob("image", "image/png", PNG.length() * 3L / 4));
        assertThat(exchange.input.get(7).parts()).containsExactly(
                new Part.Reasoning("The user now asks about Rome; call getWeather again."),
                new Part.Text("Let me check Rome."),
                new Part.ToolCall(ROME, "getWeather", "{\"city\":\"Rome\"}"));
        assertThat(exchange.input.get(8).parts()).as("a result of two text contents, joined")
                .containsExactly(new Part.ToolCallResponse(ROME, "{\"temp\":26,\"sky\":\"clear\"}"));
        assertThat(exchange.input.get(8).name()).isEqualTo("getWeather");
        assertThat(exchange.tools).singleElement().satisfies(tool -> {
            assertThat(tool.type()).isEqualTo("function");
            assertThat(tool.name()).isEqualTo("getWeather");
            assertThat(tool.description()).isEqualTo("Current weather for a city");
            assertThat(tree(tool.parameters())).isEqualTo(
                    fixtureTree("chat-request-1.19.x").at("/tools/0/parameters"));
        });
    }

    @Test
    void theResponseIsWrittenAsTheRecordedShapeAndReadIntoTheNeutralForm() {
        Exchange exchange = ADAPTER.read("chat", model, RecordedChat.request(), RecordedChat.response(), List.of());

        assertThat(tree(exchange.responseJson)).isEqualTo(fixtureTree("chat-response-tool-calls"));
        assertThat(exchange.answered).isTrue();
        assertThat(exchange.responseId).isEqualTo("chatcmpl-BdR1a2B3c4D5e6F7g8H9i0JkLmN");
        assertThat(exchange.responseModel).isEqualTo("o4-mini-2025-04-16");
        assertThat(exchange.output).singleElement().satisfies(message -> {
            assertThat(message.role()).isEqualTo("assistant");
            assertThat(message.parts()).containsExactly(
                    new Part.Reasoning("Two cities: call getWeather for each."),
                    new Part.Text("Checking both cities."),
                    new Part.ToolCall(ROME, "getWeather", "{\"city\":\"Rome\"}"),
                    new Part.ToolCall(MILAN, "getWeather", "{\"city\":\"Milan\",\"unit\":\"CELSIUS\"}"));
            assertThat(message.finishReason()).isEqualTo("tool_call");
        });
        assertThat(exchange.finishReason).isEqualTo("tool_execution");
        assertThat(exchange.usage).isEqualTo(new Usage(1312L, 245L, 1557L, 1024L, null, 192L));
    }

    @Test
    void aStreamedAnswerIsReadFromItsCompleteResponse() {
        RecordedAnswers.Stream streamed = new RecordedAnswers.Stream(RecordedChat.response(),
                List.of("Checking ", "both cities."));

        Exchange exchange = ADAPTER.read("chat", model, RecordedChat.request(), streamed, List.of("Checking "));

        assertThat(tree(exchange.responseJson)).isEqualTo(fixtureTree("chat-response-tool-calls"));
        assertThat(exchange.requestedToolCalls()).extracting(Part.ToolCall::id).containsExactly(ROME, MILAN);
    }

    @Test
    void theStepIsNamedAfterTheModelClassWhichIsKept() {
        Exchange exchange = ADAPTER.read("chat", model, RecordedChat.request(), null, List.of());
        Exchange anonymous = ADAPTER.read("chat", new OwnModel(), ChatRequest.builder()
                .messages(UserMessage.from("Hi")).build(), null, List.of());

        assertThat(ADAPTER.library()).isEqualTo("langchain4j");
        assertThat(ADAPTER.stepName("chat", model, exchange)).isEqualTo("OpenAiChatModel gpt-4o-mini");
        assertThat(exchange.attributes).containsEntry("model_class", "dev.langchain4j.model.openai.OpenAiChatModel");
        assertThat(anonymous.model).as("no parameters").isNull();
        assertThat(ADAPTER.stepName("chat", new OwnModel(), anonymous)).isEqualTo("OwnModel");
        assertThat(anonymous.attributes).containsEntry("model_class", OwnModel.class.getName());
    }

    @Test
    void aTextResponseFormatIsNotJson() {
        ChatRequest request = ChatRequest.builder().messages(UserMessage.from("Tell me a joke about JSON."))
                .parameters(ChatRequestParameters.builder().modelName("gpt-4o-mini")
                        .responseFormat(ResponseFormat.TEXT).build())
                .build();

        Exchange exchange = ADAPTER.read("chat", model, request, null, List.of());

        assertThat(tree(exchange.requestJson)).isEqualTo(fixtureTree("chat-request-text-format-1.19.x"));
        assertThat(exchange.parameters).containsEntry("response_format",
                "ResponseFormat { type = TEXT, jsonSchema = null }").doesNotContainKey("output_type");
        assertThat(exchange.tools).isEmpty();
    }

    // ---- the cache key ----

    @Test
    void theKeyCoversTheModelClassItsBaseUrlTheConversationAndEveryParameter() {
        CacheRequest asked = ADAPTER.cacheRequest("chat", model, RecordedChat.request());

        assertThat(asked.endpoint()).isEqualTo("dev.langchain4j.model.openai.OpenAiChatModel " + URL);
        assertThat(asked.temperature()).isEqualTo(0.3);
        assertThat(asked.model()).isEqualTo("gpt-4o-mini");
        assertThat(asked.lastUserText()).isEqualTo("And Rome?");
        assertThat(tree(asked.requestJson()).path("messages")).isEqualTo(
                fixtureTree("chat-request-1.19.x").path("messages"));
        assertThat(tree(asked.requestJson()).at("/parameters/all").asText()).as("the parameters' full text")
                .isEqualTo(String.valueOf(RecordedChat.parameters())).contains("topK=40");
        assertThat(asked.requestJson()).doesNotContain("sk-test-key");
    }

    @Test
    void keysDifferWithAParameterOnlyTheFullTextShows() {
        ChatRequest seeded = ChatRequest.builder().messages(UserMessage.from("Hi"))
                .parameters(OpenAiChatRequestParameters.builder()
                        .modelName("gpt-4o-mini").seed(42).build()).build();
        ChatRequest otherSeed = ChatRequest.builder().messages(UserMessage.from("Hi"))
                .parameters(OpenAiChatRequestParameters.builder()
                        .modelName("gpt-4o-mini").seed(7).build()).build();

        assertThat(ADAPTER.cacheRequest("chat", model, seeded).requestJson())
                .isNotEqualTo(ADAPTER.cacheRequest("chat", model, otherSeed).requestJson());
        assertThat(ADAPTER.read("chat", model, seeded, null, List.of()).requestJson)
                .as("the step's own JSON").isEqualTo(ADAPTER.read("chat", model, otherSeed, null, List.of())
                        .requestJson);
    }

    @Test
    void aRequestWithoutParametersHasNoTemperatureNorModel() {
        ChatRequest request = ChatRequest.builder()
                .messages(UserMessage.from("First"), AiMessage.from("Yes?"), UserMessage.from("Second")).build();

        CacheRequest asked = ADAPTER.cacheRequest("chat", new OwnModel(), request);

        assertThat(asked.temperature()).isNull();
        assertThat(asked.model()).isNull();
        assertThat(asked.endpoint()).isEqualTo(OwnModel.class.getName());
        assertThat(asked.lastUserText()).isEqualTo("Second");
    }

    // ---- manual tool loops ----

    @Test
    void anAnswerAsksForItsToolExecutionRequests() {
        assertThat(ADAPTER.toolCallIdsAsked(RecordedChat.response(), List.of())).containsExactly(ROME, MILAN);
        assertThat(ADAPTER.toolCallIdsAsked(new RecordedAnswers.Stream(RecordedChat.response(), List.of()),
                List.of())).as("streamed").containsExactly(ROME, MILAN);
        assertThat(ADAPTER.toolCallIdsAsked(ChatResponse.builder().aiMessage(AiMessage.from("Sunny.")).build(),
                List.of())).isEmpty();
        assertThat(ADAPTER.toolCallIdsAsked(null, List.of())).isEmpty();
    }

    @Test
    void aRequestAnswersTheToolResultsAtItsEnd() {
        ChatRequest twoResults = ChatRequest.builder().messages(UserMessage.from("Rome and Milan?"),
                AiMessage.from(RecordedChat.call(ROME, "{}"), RecordedChat.call(MILAN, "{}")),
                ToolExecutionResultMessage.from(ROME, "getWeather", "26"),
                ToolExecutionResultMessage.from(MILAN, "getWeather", "24")).build();

        assertThat(ADAPTER.toolCallIdsAnswered(twoResults)).containsExactlyInAnyOrder(ROME, MILAN);
        assertThat(ADAPTER.toolCallIdsAnswered(RecordedChat.request())).as("only the trailing one")
                .containsExactly(ROME);
        assertThat(ADAPTER.toolCallIdsAnswered(ChatRequest.builder().messages(UserMessage.from("Hi")).build()))
                .isEmpty();
        assertThat(ADAPTER.toolCallIdsAnswered("not a request")).isEmpty();
    }

    /** A user's own model, with no base URL and no parameters of its own. */
    static final class OwnModel implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            return ChatResponse.builder().aiMessage(AiMessage.from("Hello")).build();
        }
    }
}
