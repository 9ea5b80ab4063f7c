package io.traceflow.instrumentation.openai.v4;

import static io.traceflow.instrumentation.openai.v4.SdkFixtures.elements;
import static io.traceflow.instrumentation.openai.v4.SdkFixtures.fixtureTree;
import static io.traceflow.instrumentation.openai.v4.SdkFixtures.parse;
import static io.traceflow.instrumentation.openai.v4.SdkFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.openai.core.JsonValue;
import com.openai.core.http.Headers;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnexpectedStatusCodeException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;

import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.Message;
import io.traceflow.core.format.Part;
import io.traceflow.core.format.Usage;

/**
 * {@link OpenAiAdapter#read} on the SDK's own objects: requests built with the SDK's builders (or its body type read
 * from a recorded request), responses and stream elements read from recorded JSON with the SDK's mapper. The adapter's
 * job is to hand the SDK's wire JSON to the OpenAI reader, so the verbatim JSON is checked against the recordings, and
 * the neutral form for what it must say.
 */
class OpenAiAdapterReadTest {
    private static final OpenAiAdapter ADAPTER = OpenAiAdapter.INSTANCE;
    private static final Object SERVICE = new Object();

    static final String PARIS = "call_Vx2kQ8mZ1pL7sR4tY9uW3aBc";
    static final String ROME = "call_Hn5dF0gJ6kL2mN8pQ4rS1tUv";

    /** The recorded full chat request, as SDK params (its body read by the SDK). */
    static ChatCompletionCreateParams fullChatRequest() {
        return ChatCompletionCreateParams.builder()
                .body(parse("chat-request-full", ChatCompletionCreateParams.Body.class)).build();
    }

    /**
     * A tool loop's second request, built as an app builds it: system and user messages (one with an image), the
     * assistant's tool calls, and the two tools' results at the end.
     */
    static ChatCompletionCreateParams toolResultsRequest() {
        return ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addSystemMessage("You are a weather assistant.")
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder()
                                .text("What's the weather here?").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("https://example.com/paris.jpg").build())
                                .build())))
                .addUserMessage("And in Paris and Rome?")
                .addMessage(ChatCompletionAssistantMessageParam.builder()
                        .addToolCall(functionCall(PARIS, "{\"city\":\"Paris\"}"))
                        .addToolCall(functionCall(ROME, "{\"city\":\"Rome\"}"))
                        .build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(PARIS)
                        .content("{\"temp\":21}").build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(ROME)
                        .content("{\"temp\":26}").build())
                .addFunctionTool(FunctionDefinition.builder()
                        .name("get_weather")
                        .description("Current weather for a city")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties",
                                        JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .build())
                        .build())
                .temperature(0.0)
                .build();
    }

    static ChatCompletionMessageFunctionToolCall functionCall(String id, String arguments) {
        return ChatCompletionMessageFunctionToolCall.builder().id(id)
                .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                        .name("get_weather").arguments(arguments).build())
                .build();
    }

    static ChatCompletionCreateParams streamingRequest() {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Say hello")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    }

    // ---- chat completions ----

    @Test
    void aChatCallIsTheSdksWireJsonReadIntoTheNeutralForm() {
        ChatCompletion completion = parse("chat-response-text", ChatCompletion.class);

        Exchange exchange = ADAPTER.read("chat", SERVICE, fullChatRequest(), completion, List.of());

        assertThat(tree(exchange.requestJson)).as("the request body as sent").isEqualTo(fixtureTree("chat-request-full"));
        assertThat(tree(exchange.responseJson)).isEqualTo(fixtureTree("chat-response-text"));
        assertThat(exchange.model).isEqualTo("gpt-4o-mini");
        assertThat(exchange.parameters).containsEntry("temperature", 0.2).containsEntry("top_p", 0.9)
                .containsEntry("seed", 42).containsEntry("max_tokens", 256)
                .containsEntry("stop_sequences", List.of("\n\n", "END"));
        assertThat(exchange.input).extracting(Message::role)
                .containsExactly("system", "system", "user", "assistant", "tool", "tool", "assistant", "user");
        assertThat(exchange.tools).singleElement().satisfies(tool -> {
            assertThat(tool.name()).isEqualTo("get_weather");
            assertThat(tree(tool.parameters()).at("/required/0").asText()).isEqualTo("city");
        });
        assertThat(exchange.answered).isTrue();
        assertThat(exchange.responseId).isEqualTo("chatcmpl-BdQ4xLwZbJtVYm0a5cKQ3f2rS8pEh");
        assertThat(exchange.responseModel).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(exchange.answerText()).isEqualTo("Paris is sunny at 21 °C and Rome is clear at 26 °C.");
        assertThat(exchange.finishReason).isEqualTo("stop");
        assertThat(exchange.usage).isEqualTo(new Usage(187L, 21L, 208L, 0L, null, 0L));
    }

    @Test
    void aToolLoopBuiltWithTheSdkBuildersAndAnAnswerWithToolCalls() {
        ChatCompletion completion = parse("chat-response-tool-calls", ChatCompletion.class);

        Exchange exchange = ADAPTER.read("chat", SERVICE, toolResultsRequest(), completion, List.of());

        assertThat(exchange.input).extracting(Message::role)
                .containsExactly("system", "user", "user", "assistant", "tool", "tool");
        assertThat(exchange.input.get(1).parts()).containsExactly(new Part.Text("What's the weather here?"),
                new Part.Uri("image", "https://example.com/paris.jpg", null));
        assertThat(exchange.input.get(3).toolCalls()).containsExactly(
                new Part.ToolCall(PARIS, "get_weather", "{\"city\":\"Paris\"}"),
                new Part.ToolCall(ROME, "get_weather", "{\"city\":\"Rome\"}"));
        assertThat(exchange.input.get(5).parts()).containsExactly(new Part.ToolCallResponse(ROME, "{\"temp\":26}"));
        assertThat(exchange.tools).singleElement().satisfies(tool -> {
            assertThat(tool.type()).isEqualTo("function");
            assertThat(tool.description()).isEqualTo("Current weather for a city");
            assertThat(tree(tool.parameters()).at("/properties/city/type").asText()).isEqualTo("string");
        });
        assertThat(exchange.parameters).containsEntry("temperature", 0.0);

        assertThat(exchange.requestedToolCalls()).containsExactly(
                new Part.ToolCall(PARIS, "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
                new Part.ToolCall(ROME, "get_weather", "{\"city\":\"Rome\"}"));
        assertThat(exchange.answerText()).isNull();
        assertThat(exchange.finishReason).isEqualTo("tool_calls");
        assertThat(exchange.output).singleElement().extracting(Message::finishReason).isEqualTo("tool_call");
    }

    @Test
    void theVerbatimRequestNeverCarriesTheApiKeyNorHeadersButKeepsExtraBodyFields() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addUserMessage("Hello")
                .putAdditionalHeader("Authorization", "Bearer sk-header-secret")
                .putAdditionalHeader("api-key", "sk-azure-secret")
                .putAdditionalQueryParam("api-version", "2024-10-21")
                .putAdditionalBodyProperty("reasoning_effort", JsonValue.from("low"))
                .build();

        Exchange exchange = ADAPTER.read("chat", SERVICE, params, null, List.of());

        assertThat(exchange.requestJson).doesNotContain("sk-header-secret", "sk-azure-secret", "Authorization",
                "api-key", "api-version");
        assertThat(tree(exchange.requestJson).path("reasoning_effort").asText()).as("sent in the body")
                .isEqualTo("low");
        assertThat(exchange.answered).as("no response: a failed call").isFalse();
        assertThat(exchange.responseJson).isNull();
    }

    @Test
    void aChatStreamsTextChunksAndItsUsageChunkAssembleIntoOneAnswer() {
        List<ChatCompletionChunk> chunks = elements("chat-stream-text", ChatCompletionChunk.class);

        Exchange exchange = ADAPTER.read("chat", SERVICE, streamingRequest(), null, new ArrayList<>(chunks));

        assertThat(exchange.answerText()).isEqualTo("Hello! How can I help you today?");
        assertThat(exchange.responseId).isEqualTo("chatcmpl-BdQCq7nVx2LmK9pT4rS6uW8yZ0aBc");
        assertThat(exchange.finishReason).isEqualTo("stop");
        assertThat(exchange.usage).as("from the last chunk, which has no choices")
                .isEqualTo(new Usage(19L, 10L, 29L, 0L, null, 0L));
        assertThat(tree(exchange.responseJson).path("object").asText()).isEqualTo("chat.completion");
        assertThat(tree(exchange.requestJson).at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void aStreamsToolCallFragmentsAreJoinedIntoTheCallsTheBlockingAnswerHas() {
        List<ChatCompletionChunk> chunks = elements("chat-stream-tool-calls", ChatCompletionChunk.class);
        ChatCompletion blocking = parse("chat-response-tool-calls", ChatCompletion.class);

        Exchange streamed = ADAPTER.read("chat", SERVICE, toolResultsRequest(), null, new ArrayList<>(chunks));
        Exchange whole = ADAPTER.read("chat", SERVICE, toolResultsRequest(), blocking, List.of());

        assertThat(streamed.requestedToolCalls()).hasSize(2).isEqualTo(whole.requestedToolCalls());
        assertThat(streamed.finishReason).isEqualTo("tool_calls");
        assertThat(streamed.usage).isEqualTo(whole.usage);
        assertThat(streamed.answerText()).isNull();
    }

    // ---- the Responses API ----

    @Test
    void aResponsesCallBuiltWithTheSdkBuilders() {
        ResponseCreateParams params = ResponseCreateParams.builder().input("Hello responses")
                .instructions("Be brief.").maxOutputTokens(128).model("gpt-4o-mini").temperature(0.5).build();
        Response response = parse("responses-response-message", Response.class);

        Exchange exchange = ADAPTER.read("responses", SERVICE, params, response, List.of());

        assertThat(tree(exchange.requestJson)).isEqualTo(fixtureTree("responses-request-string"));
        assertThat(tree(exchange.responseJson)).isEqualTo(fixtureTree("responses-response-message"));
        assertThat(exchange.model).isEqualTo("gpt-4o-mini");
        assertThat(exchange.systemInstructions).containsExactly(new Part.Text("Be brief."));
        assertThat(exchange.input).containsExactly(Message.text("user", "Hello responses"));
        assertThat(exchange.parameters).containsEntry("temperature", 0.5).containsEntry("max_tokens", 128);
        assertThat(exchange.answerText()).isEqualTo("Hello! How can I help you today?");
        assertThat(exchange.responseId).isEqualTo("resp_68af2c0e1d3c8193a4f1b2c3d4e5f607");
        assertThat(exchange.usage).isEqualTo(new Usage(19L, 10L, 29L, 0L, null, 0L));
    }

    @Test
    void aResponsesItemListAndAFunctionCallAnswer() {
        ResponseCreateParams params = ResponseCreateParams.builder()
                .body(parse("responses-request-items", ResponseCreateParams.Body.class)).build();
        Response response = parse("responses-response-function-call", Response.class);

        Exchange exchange = ADAPTER.read("responses", SERVICE, params, response, List.of());

        assertThat(tree(exchange.requestJson)).isEqualTo(fixtureTree("responses-request-items"));
        assertThat(exchange.input).extracting(Message::role)
                .containsExactly("system", "user", "assistant", "assistant", "tool", "user");
        assertThat(exchange.input.get(4).parts()).containsExactly(
                new Part.ToolCallResponse("call_R8sT2uV4wX6yZ0aB1cD3eF5g", "{\"temp\":21,\"sky\":\"sunny\"}"));
        assertThat(exchange.tools).extracting(t -> t.name()).containsExactly("get_weather");
        assertThat(exchange.requestedToolCalls()).containsExactly(
                new Part.ToolCall("call_R8sT2uV4wX6yZ0aB1cD3eF5g", "get_weather", "{\"city\":\"Paris\"}"));
        assertThat(exchange.output.get(0).parts()).first().isInstanceOf(Part.Reasoning.class);
        assertThat(exchange.finishReason).isEqualTo("tool_calls");
        assertThat(exchange.usage).isEqualTo(new Usage(2210L, 180L, 2390L, 2048L, null, 128L));
    }

    @Test
    void aResponsesStreamIsReadFromItsCompletedEvent() {
        ResponseCreateParams params = ResponseCreateParams.builder().input("Stream please").model("gpt-4o-mini")
                .build();
        List<ResponseStreamEvent> events = elements("responses-stream-completed", ResponseStreamEvent.class);

        Exchange exchange = ADAPTER.read("responses", SERVICE, params, null, new ArrayList<>(events));

        assertThat(exchange.answerText()).isEqualTo("Streaming works fine.");
        assertThat(exchange.responseId).isEqualTo("resp_68af2f3c4d5e81932b3c4d5e6f708192");
        assertThat(exchange.usage).isEqualTo(new Usage(12L, 4L, 16L, 0L, null, 0L));
        assertThat(tree(exchange.responseJson).path("status").asText()).isEqualTo("completed");
    }

    // ---- embeddings ----

    @Test
    void anEmbeddingsRequestIsWrittenWithTheSdksDefaultBase64Encoding() {
        EmbeddingCreateParams params = EmbeddingCreateParams.builder()
                .input("The food was delicious and the waiter was friendly.").model("text-embedding-3-small").build();

        Exchange exchange = ADAPTER.read("embeddings", SERVICE, params, null, List.of());

        assertThat(tree(exchange.requestJson)).isEqualTo(fixtureTree("embeddings-request-string"));
        assertThat(exchange.parameters).containsEntry("encoding_formats", List.of("base64"));
        assertThat(exchange.input).containsExactly(
                Message.text("user", "The food was delicious and the waiter was friendly."));
    }

    @Test
    void base64EmbeddingsAreSizedByTheirDecodedBytesOverFour() {
        EmbeddingCreateParams params = EmbeddingCreateParams.builder()
                .inputOfArrayOfStrings(List.of("alpha", "beta")).model("text-embedding-3-small").build();
        CreateEmbeddingResponse response = parse("embeddings-response-base64", CreateEmbeddingResponse.class);
        List<Integer> decodedSizes = new ArrayList<>();
        for (var vector : fixtureTree("embeddings-response-base64").path("data")) {
            decodedSizes.add(Base64.getDecoder().decode(vector.path("embedding").asText()).length / 4);
        }

        Exchange exchange = ADAPTER.read("embeddings", SERVICE, params, response, List.of());

        assertThat(decodedSizes).containsExactly(256, 256);
        assertThat(exchange.embeddingDimensions).isEqualTo(decodedSizes);
        assertThat(exchange.input).singleElement().extracting(Message::parts).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactly(new Part.Text("alpha"), new Part.Text("beta"));
        assertThat(exchange.responseJson).as("a summary, not the vectors").doesNotContain("rY2Xva");
        assertThat(exchange.usage.input()).isEqualTo(3L);
        assertThat(exchange.answered).isTrue();
    }

    @Test
    void floatEmbeddingsAreSizedByTheirLength() {
        EmbeddingCreateParams params = EmbeddingCreateParams.builder().inputOfArrayOfStrings(List.of("alpha", "beta"))
                .model("text-embedding-3-small").dimensions(4)
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build();
        CreateEmbeddingResponse response = parse("embeddings-response-float", CreateEmbeddingResponse.class);

        Exchange exchange = ADAPTER.read("embeddings", SERVICE, params, response, List.of());

        assertThat(exchange.embeddingDimensions).containsExactly(4, 4);
        assertThat(exchange.parameters).containsEntry("dimensions", 4);
    }

    // ---- failures ----

    @Test
    void theHttpStatusOfTheSdksServiceExceptions() {
        Headers none = Headers.builder().build();

        assertThat(ADAPTER.httpStatus(InternalServerException.builder().statusCode(503).headers(none).build()))
                .isEqualTo(503);
        assertThat(ADAPTER.httpStatus(RateLimitException.builder().headers(none).build())).isEqualTo(429);
        assertThat(ADAPTER.httpStatus(UnexpectedStatusCodeException.builder().statusCode(418).headers(none).build()))
                .isEqualTo(418);
        assertThat(ADAPTER.httpStatus(new OpenAIIoException("connection reset", null))).as("no HTTP exchange")
                .isNull();
        assertThat(ADAPTER.httpStatus(new IllegalStateException())).isNull();
    }

    @Test
    void theLibraryAndTheStepName() {
        Exchange exchange = ADAPTER.read("chat", SERVICE, streamingRequest(), null, List.of());

        assertThat(ADAPTER.library()).isEqualTo("openai");
        assertThat(ADAPTER.stepName("chat", SERVICE, exchange)).isEqualTo("openai.chat gpt-4o-mini");
    }
}
