package io.traceflow.instrumentation.langchain4j.v1;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.FinishReason;

/**
 * The LangChain4j objects of the recorded fixtures ({@code src/test/resources/fixtures/langchain4j/}, see the README
 * there), built with LangChain4j's own builders: a tool loop's request and an answer asking for two more tool calls,
 * with the OpenAI provider module's metadata.
 */
final class RecordedChat {
    static final String PARIS = "call_Vx2kQ8mZ1pL7sR4tY9uW3aBc";
    static final String ROME = "call_Hn5dF0gJ6kL2mN8pQ4rS1tUv";
    static final String MILAN = "call_Qw3eR5tY7uI9oP1aS2dF4gH6";
    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedChat() {
    }

    static ToolSpecification getWeather() {
        return ToolSpecification.builder()
                .name("getWeather")
                .description("Current weather for a city")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("city", "City name")
                        .addEnumProperty("unit", List.of("CELSIUS", "FAHRENHEIT"))
                        .required("city")
                        .build())
                .build();
    }

    static ChatRequestParameters parameters() {
        return ChatRequestParameters.builder()
                .modelName("gpt-4o-mini")
                .temperature(0.3).topP(0.9).topK(40).maxOutputTokens(200)
                .frequencyPenalty(0.1).presencePenalty(0.2)
                .stopSequences(List.of("END", "STOP"))
                .toolChoice(ToolChoice.AUTO)
                .responseFormat(ResponseFormat.JSON)
                .toolSpecifications(getWeather())
                .build();
    }

    /** {@code chat-request-1.19.x.json}: every message kind, a user's image by URL and inline, thinking, tools. */
    static ChatRequest request() {
        return ChatRequest.builder()
                .messages(
                        SystemMessage.from("You are a weather assistant. Answer in one sentence."),
                        UserMessage.from("alice", TextContent.from("What's the weather in Paris?")),
                        AiMessage.from(call(PARIS, "{\"city\":\"Paris\",\"unit\":\"CELSIUS\"}")),
                        ToolExecutionResultMessage.from(PARIS, "getWeather", "{\"temp\":21,\"sky\":\"sunny\"}"),
                        AiMessage.from("Paris is sunny at 21 °C."),
                        UserMessage.from(TextContent.from("And what do these pictures show?"),
                                ImageContent.from("https://example.com/eiffel.jpg", ImageContent.DetailLevel.LOW),
                                ImageContent.from(PNG, "image/png", ImageContent.DetailLevel.LOW)),
                        UserMessage.from("And Rome?"),
                        AiMessage.builder().text("Let me check Rome.")
                                .thinking("The user now asks about Rome; call getWeather again.")
                                .toolExecutionRequests(List.of(call(ROME, "{\"city\":\"Rome\"}"))).build(),
                        ToolExecutionResultMessage.builder().id(ROME).toolName("getWeather")
                                .contents(TextContent.from("{\"temp\":26,"), TextContent.from("\"sky\":\"clear\"}"))
                                .build())
                .parameters(parameters())
                .build();
    }

    static ToolExecutionRequest call(String id, String arguments) {
        return ToolExecutionRequest.builder().id(id).name("getWeather").arguments(arguments).build();
    }

    static OpenAiTokenUsage openAiUsage() {
        return OpenAiTokenUsage.builder()
                .inputTokenCount(1312).outputTokenCount(245).totalTokenCount(1557)
                .inputTokensDetails(OpenAiTokenUsage.InputTokensDetails.builder().cachedTokens(1024).build())
                .outputTokensDetails(OpenAiTokenUsage.OutputTokensDetails.builder().reasoningTokens(192).build())
                .build();
    }

    static OpenAiChatResponseMetadata openAiMetadata() {
        return OpenAiChatResponseMetadata.builder()
                .id("chatcmpl-BdR1a2B3c4D5e6F7g8H9i0JkLmN")
                .modelName("o4-mini-2025-04-16")
                .tokenUsage(openAiUsage())
                .finishReason(FinishReason.TOOL_EXECUTION)
                .created(1748779199L)
                .serviceTier("default")
                .systemFingerprint("fp_34a54ae93c")
                .build();
    }

    static AiMessage toolCallsMessage() {
        return AiMessage.builder().text("Checking both cities.").thinking("Two cities: call getWeather for each.")
                .toolExecutionRequests(List.of(call(ROME, "{\"city\":\"Rome\"}"),
                        call(MILAN, "{\"city\":\"Milan\",\"unit\":\"CELSIUS\"}")))
                .build();
    }

    /** {@code chat-response-tool-calls.json}, as the OpenAI provider module returns it. */
    static ChatResponse response() {
        return ChatResponse.builder().aiMessage(toolCallsMessage()).metadata(openAiMetadata()).build();
    }

    static String fixture(String name) {
        try (InputStream in = RecordedChat.class.getResourceAsStream("/fixtures/langchain4j/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode fixtureTree(String name) {
        return tree(fixture(name));
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
