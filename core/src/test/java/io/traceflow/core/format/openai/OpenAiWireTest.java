package io.traceflow.core.format.openai;

import static io.traceflow.core.format.Fixtures.elements;
import static io.traceflow.core.format.Fixtures.parse;
import static io.traceflow.core.format.Fixtures.read;
import static io.traceflow.core.format.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.Message;
import io.traceflow.core.format.NeutralJson;
import io.traceflow.core.format.Part;
import io.traceflow.core.format.ToolDefinition;
import io.traceflow.core.format.Usage;

/** The OpenAI API's wire JSON, as the SDK writes it (fixtures/openai), read into the neutral form. */
class OpenAiWireTest {
    static final String PARIS_CALL = "call_Vx2kQ8mZ1pL7sR4tY9uW3aBc";
    static final String ROME_CALL = "call_Hn5dF0gJ6kL2mN8pQ4rS1tUv";
    static final String RESPONSES_CALL = "call_R8sT2uV4wX6yZ0aB1cD3eF5g";

    private static Exchange chat(String request, String response) {
        return OpenAiWire.read("chat", request == null ? null : read("openai/" + request),
                response == null ? null : read("openai/" + response), null);
    }

    private static Message message(String role, Part... parts) {
        return Message.of(role, List.of(parts));
    }

    private static Message answer(String finishReason, Part... parts) {
        return new Message(Message.ASSISTANT, List.of(parts), null, finishReason);
    }

    /** The parameters as they are stored, for comparing with expected JSON whatever the number types. */
    private static JsonNode storedParameters(Exchange exchange) {
        return parse(NeutralJson.parameters(exchange.parameters));
    }

    // ---- Chat Completions ----

    @Test
    void chatRequestReadsEveryMessageKind() {
        Exchange exchange = chat("chat-request-full.json", null);

        assertThat(exchange.model).isEqualTo("gpt-4o-mini");
        assertThat(exchange.requestJson).isEqualTo(read("openai/chat-request-full.json"));
        assertThat(exchange.systemInstructions).isEmpty();
        assertThat(exchange.input).containsExactly(
                // developer messages are the system's, in the neutral format
                message("system", new Part.Text("You are a weather assistant. Answer in one sentence.")),
                message("system", new Part.Text("Today is 2025-06-01.")),
                message("user", new Part.Text("What's the weather in Paris and Rome?")),
                message("assistant",
                        new Part.ToolCall(PARIS_CALL, "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
                        new Part.ToolCall(ROME_CALL, "get_weather", "{\"city\":\"Rome\"}")),
                message("tool", new Part.ToolCallResponse(PARIS_CALL, "{\"temp\":21,\"sky\":\"sunny\"}")),
                message("tool", new Part.ToolCallResponse(ROME_CALL, "{\"temp\":26,\"sky\":\"clear\"}")),
                message("assistant", new Part.Text("Paris is sunny at 21 °C and Rome is clear at 26 °C.")),
                message("user", new Part.Text("And what do these two pictures show?"),
                        new Part.Uri("image", "https://upload.wikimedia.org/wikipedia/commons/4/4b/"
                                + "La_Tour_Eiffel_vue_de_la_Tour_Saint-Jacques%2C_Paris_ao%C3%BBt_2014_%282%29.jpg", null),
                        // a data: URL keeps only its kind and size: 44 base64 characters, 33 bytes
                        new Part.Blob("image", "image/png", 33)));
        assertThat(exchange.answered).isFalse();
        assertThat(exchange.output).isEmpty();
    }

    @Test
    void chatRequestToolsKeepTheirSchema() {
        Exchange exchange = chat("chat-request-full.json", null);

        assertThat(exchange.tools).singleElement().satisfies(tool -> {
            assertThat(tool.type()).isEqualTo("function");
            assertThat(tool.name()).isEqualTo("get_weather");
            assertThat(tool.description()).isEqualTo("Current weather for a city");
            assertThat(parse(tool.parameters()))
                    .isEqualTo(tree("openai/chat-request-full.json").at("/tools/0/function/parameters"));
        });
    }

    @Test
    void chatRequestParametersGetTheConventionsNames() {
        Exchange exchange = chat("chat-request-full.json", null);

        JsonNode responseFormat = tree("openai/chat-request-full.json").get("response_format");
        assertThat(storedParameters(exchange)).isEqualTo(parse("""
                {"frequency_penalty": 0.1, "parallel_tool_calls": true, "presence_penalty": 0.0,
                 "response_format": %s, "output_type": "json", "seed": 42, "stop_sequences": ["\\n\\n", "END"],
                 "temperature": 0.2, "tool_choice": "auto", "top_p": 0.9, "max_tokens": 256, "choice_count": 2}"""
                .formatted(responseFormat)));
        // the conversation, the tools and transport are not parameters
        assertThat(exchange.parameters).doesNotContainKeys("messages", "tools", "model", "user", "stop", "n",
                "max_completion_tokens");
    }

    @Test
    void chatRequestStopAsOneStringAndLegacyMaxTokens() {
        Exchange exchange = chat("chat-request-stop-string.json", null);

        assertThat(storedParameters(exchange)).isEqualTo(parse("""
                {"max_tokens": 64, "response_format": {"type": "json_object"}, "output_type": "json",
                 "stop_sequences": ["STOP"]}"""));
        assertThat(exchange.input).containsExactly(message("system", new Part.Text("Be brief.")),
                message("user", new Part.Text("Say hello")));
    }

    @Test
    void streamFlagIsAParameter() {
        Exchange exchange = OpenAiWire.read("chat",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"stream\":true,\"temperature\":null}", null, null);

        assertThat(exchange.parameters).containsEntry("stream", true).doesNotContainKey("temperature");
    }

    @Test
    void chatResponseWithText() {
        Exchange exchange = chat("chat-request-full.json", "chat-response-text.json");

        assertThat(exchange.answered).isTrue();
        assertThat(exchange.responseId).isEqualTo("chatcmpl-BdQ4xLwZbJtVYm0a5cKQ3f2rS8pEh");
        assertThat(exchange.responseModel).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(exchange.finishReason).isEqualTo("stop");
        assertThat(exchange.output).containsExactly(
                answer("stop", new Part.Text("Paris is sunny at 21 °C and Rome is clear at 26 °C.")));
        assertThat(exchange.usage).isEqualTo(new Usage(187L, 21L, 208L, 0L, null, 0L));
        assertThat(exchange.responseJson).isEqualTo(read("openai/chat-response-text.json"));
    }

    @Test
    void chatResponseWithToolCalls() {
        Exchange exchange = chat("chat-request-full.json", "chat-response-tool-calls.json");

        // the provider's value in the column, the conventions' in the message
        assertThat(exchange.finishReason).isEqualTo("tool_calls");
        assertThat(exchange.output).containsExactly(answer("tool_call",
                new Part.ToolCall(PARIS_CALL, "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
                new Part.ToolCall(ROME_CALL, "get_weather", "{\"city\":\"Rome\"}")));
        assertThat(exchange.answerText()).isNull();
        assertThat(exchange.requestedToolCalls()).extracting(Part.ToolCall::id).containsExactly(PARIS_CALL, ROME_CALL);
        assertThat(exchange.usage).isEqualTo(new Usage(82L, 51L, 133L, 0L, null, 0L));
    }

    @Test
    void chatResponseWithSeveralChoicesAndCachedAndReasoningTokens() {
        Exchange exchange = chat(null, "chat-response-choices.json");

        assertThat(exchange.output).containsExactly(
                answer("stop", new Part.Text("A lighthouse keeper counts the ships that never come.")),
                answer("length", new Part.Text("The tide remembers every footprint it")));
        assertThat(exchange.finishReason).as("the first choice's").isEqualTo("stop");
        assertThat(exchange.responseModel).isEqualTo("o4-mini-2025-04-16");
        assertThat(exchange.usage).isEqualTo(new Usage(1342L, 310L, 1652L, 1152L, null, 256L));
    }

    @Test
    void failedCallHasTheRequestOnly() {
        Exchange exchange = chat("chat-request-stop-string.json", null);

        assertThat(exchange.answered).isFalse();
        assertThat(exchange.responseJson).isNull();
        assertThat(exchange.usage.isEmpty()).isTrue();
        assertThat(OpenAiWire.read("chat", null, null, null).input).isEmpty();
        assertThat(OpenAiWire.read("chat", "{not json", "also not", null).answered).isFalse();
    }

    @Test
    void deprecatedFunctionsAndFunctionCall() {
        Exchange exchange = OpenAiWire.read("chat", """
                {"model":"gpt-3.5-turbo","messages":[{"role":"user","content":"Weather in Oslo?"},
                 {"role":"assistant","content":null,"function_call":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}},
                 {"role":"function","name":"get_weather","content":"cold"}],
                 "functions":[{"name":"get_weather","parameters":{"type":"object"}}]}""", null, null);

        assertThat(exchange.input.get(1)).isEqualTo(
                message("assistant", new Part.ToolCall(null, "get_weather", "{\"city\":\"Oslo\"}")));
        assertThat(exchange.input.get(2)).isEqualTo(
                new Message("function", List.of(new Part.Text("cold")), "get_weather", null));
        assertThat(exchange.tools).containsExactly(ToolDefinition.function("get_weather", null, "{\"type\":\"object\"}"));
    }

    // ---- chat streams ----

    @Test
    void chatStreamTextAndTheUsageChunk() {
        Exchange exchange = OpenAiWire.read("chat", read("openai/chat-request-stop-string.json"), null,
                elements("openai/chat-stream-text.json"));

        assertThat(exchange.output).containsExactly(answer("stop", new Part.Text("Hello! How can I help you today?")));
        assertThat(exchange.finishReason).isEqualTo("stop");
        assertThat(exchange.usage).isEqualTo(new Usage(19L, 10L, 29L, 0L, null, 0L));
        assertThat(exchange.responseId).isEqualTo("chatcmpl-BdQCq7nVx2LmK9pT4rS6uW8yZ0aBc");
        assertThat(exchange.responseModel).isEqualTo("gpt-4o-mini-2024-07-18");
        // the stored response is the stream assembled into a completion
        JsonNode assembled = parse(exchange.responseJson);
        assertThat(assembled.path("object").asText()).isEqualTo("chat.completion");
        assertThat(assembled.at("/choices/0/message/content").asText()).isEqualTo("Hello! How can I help you today?");
        assertThat(assembled.at("/usage/total_tokens").asInt()).isEqualTo(29);
    }

    @Test
    void chatStreamToolCallArgumentsAreJoinedByIndex() {
        Exchange exchange = OpenAiWire.read("chat", read("openai/chat-request-full.json"), null,
                elements("openai/chat-stream-tool-calls.json"));

        assertThat(exchange.requestedToolCalls()).containsExactly(
                new Part.ToolCall(PARIS_CALL, "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
                new Part.ToolCall(ROME_CALL, "get_weather", "{\"city\":\"Rome\"}"));
        assertThat(exchange.finishReason).isEqualTo("tool_calls");
        assertThat(exchange.output).singleElement().extracting(Message::finishReason).isEqualTo("tool_call");
        assertThat(exchange.usage).isEqualTo(new Usage(82L, 51L, 133L, 0L, null, 0L));
    }

    @Test
    void aStreamedToolCallAnswerReadsLikeTheSameAnswerNotStreamed() {
        Exchange streamed = OpenAiWire.read("chat", read("openai/chat-request-full.json"), null,
                elements("openai/chat-stream-tool-calls.json"));
        Exchange whole = chat("chat-request-full.json", "chat-response-tool-calls.json");

        // no empty text part: the answer has no text, streamed or not
        assertThat(streamed.output).isEqualTo(whole.output);
        assertThat(streamed.answerText()).isNull();
    }

    @Test
    void chatStreamFragmentsOfSeveralCallsMayInterleave() {
        List<String> chunks = List.of(
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"b\","
                        + "\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"x\\\"\"}}]}}]}",
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}]}",
                "not json: skipped",
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,"
                        + "\"function\":{\"arguments\":\":1}\"}}]},\"finish_reason\":\"tool_calls\"}]}");

        Exchange exchange = OpenAiWire.read("chat", null, null, chunks);

        assertThat(exchange.requestedToolCalls()).containsExactly(new Part.ToolCall("a", "f", "{}"),
                new Part.ToolCall("b", "g", "{\"x\":1}"));
    }

    // ---- the Responses API ----

    @Test
    void responsesRequestInstructionsAndStringInput() {
        Exchange exchange = OpenAiWire.read("responses", read("openai/responses-request-string.json"),
                read("openai/responses-response-message.json"), null);

        assertThat(exchange.model).isEqualTo("gpt-4o-mini");
        assertThat(exchange.systemInstructions).containsExactly(new Part.Text("Be brief."));
        assertThat(exchange.input).containsExactly(message("user", new Part.Text("Hello responses")));
        assertThat(storedParameters(exchange)).isEqualTo(parse("{\"temperature\": 0.5, \"max_tokens\": 128}"));

        assertThat(exchange.responseId).isEqualTo("resp_68af2c0e1d3c8193a4f1b2c3d4e5f607");
        assertThat(exchange.responseModel).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(exchange.output).containsExactly(answer("stop", new Part.Text("Hello! How can I help you today?")));
        assertThat(exchange.finishReason).isEqualTo("completed");
        assertThat(exchange.usage).isEqualTo(new Usage(19L, 10L, 29L, 0L, null, 0L));
    }

    @Test
    void responsesRequestItemList() {
        Exchange exchange = OpenAiWire.read("responses", read("openai/responses-request-items.json"), null, null);

        assertThat(exchange.systemInstructions).isEmpty();
        assertThat(exchange.input).containsExactly(
                message("system", new Part.Text("Use the tools when you need live data.")),
                message("user", new Part.Text("What's the weather in Paris?")),
                message("assistant", new Part.Reasoning("The user wants live weather; call get_weather.")),
                message("assistant", new Part.ToolCall(RESPONSES_CALL, "get_weather", "{\"city\":\"Paris\"}")),
                message("tool", new Part.ToolCallResponse(RESPONSES_CALL, "{\"temp\":21,\"sky\":\"sunny\"}")),
                message("user", new Part.Text("Is that warm?"),
                        new Part.Uri("image", "https://example.com/paris.jpg", null)));
        assertThat(exchange.tools).singleElement().satisfies(tool -> {
            assertThat(tool.type()).isEqualTo("function");
            assertThat(tool.name()).isEqualTo("get_weather");
            assertThat(tool.description()).isEqualTo("Current weather for a city");
            assertThat(parse(tool.parameters())).isEqualTo(tree("openai/responses-request-items.json")
                    .at("/tools/0/parameters"));
        });
        assertThat(storedParameters(exchange)).isEqualTo(parse("""
                {"max_tokens": 512, "output_type": "json", "text": {"format": {"type": "json_object"}}}"""));
    }

    @Test
    void responsesResponseWithReasoningSummaryAndFunctionCall() {
        Exchange exchange = OpenAiWire.read("responses", null, read("openai/responses-response-function-call.json"),
                null);

        assertThat(exchange.output).containsExactly(answer("tool_call",
                new Part.Reasoning("**Checking the weather**\n\nThe user asks about Paris; I need live data.\n"
                        + "I'll call get_weather with city Paris."),
                new Part.ToolCall(RESPONSES_CALL, "get_weather", "{\"city\":\"Paris\"}")));
        assertThat(exchange.finishReason).isEqualTo("tool_calls");
        assertThat(exchange.usage).isEqualTo(new Usage(2210L, 180L, 2390L, 2048L, null, 128L));
    }

    @Test
    void responsesIncompleteResponseFinishesWithItsReason() {
        Exchange exchange = OpenAiWire.read("responses", null, read("openai/responses-response-incomplete.json"),
                null);

        // status in the column; the incomplete reason (max_output_tokens) is the message's: length
        assertThat(exchange.finishReason).isEqualTo("incomplete");
        assertThat(exchange.output).containsExactly(answer("length", new Part.Text("The history of Rome begins with")));
        assertThat(exchange.usage).isEqualTo(new Usage(25L, 64L, 89L, 0L, null, 48L));
    }

    @Test
    void responsesStreamWithACompletedEvent() {
        Exchange exchange = OpenAiWire.read("responses", read("openai/responses-request-string.json"), null,
                elements("openai/responses-stream-completed.json"));

        assertThat(exchange.output).containsExactly(answer("stop", new Part.Text("Streaming works fine.")));
        assertThat(exchange.responseId).isEqualTo("resp_68af2f3c4d5e81932b3c4d5e6f708192");
        assertThat(exchange.finishReason).isEqualTo("completed");
        assertThat(exchange.usage).isEqualTo(new Usage(12L, 4L, 16L, 0L, null, 0L));
        JsonNode events = tree("openai/responses-stream-completed.json");
        assertThat(parse(exchange.responseJson)).as("the response.completed event's response")
                .isEqualTo(events.path(events.size() - 1).path("response"));
    }

    @Test
    void responsesStreamWithoutACompletedEventJoinsTheTextDeltas() {
        Exchange exchange = OpenAiWire.read("responses", read("openai/responses-request-string.json"), null,
                elements("openai/responses-stream-cut.json"));

        assertThat(exchange.answered).isTrue();
        assertThat(exchange.answerText()).isEqualTo("Streaming works fine.");
        assertThat(exchange.responseId).isEqualTo("resp_68af2f3c4d5e81932b3c4d5e6f708192");
        // nothing says it completed
        assertThat(exchange.finishReason).isNotEqualTo("completed");
        assertThat(exchange.output).singleElement().extracting(Message::finishReason).isNotEqualTo("stop");
        assertThat(exchange.usage.isEmpty()).isTrue();
    }

    // ---- embeddings ----

    @Test
    void embeddingsRequestWithOneString() {
        Exchange exchange = OpenAiWire.read("embeddings", read("openai/embeddings-request-string.json"), null, null);

        assertThat(exchange.model).isEqualTo("text-embedding-3-small");
        assertThat(exchange.input).containsExactly(
                message("user", new Part.Text("The food was delicious and the waiter was friendly.")));
        // the SDK asks for base64 unless told otherwise
        assertThat(exchange.parameters).containsEntry("encoding_formats", List.of("base64"));
        assertThat(exchange.answered).isFalse();
    }

    @Test
    void embeddingsWithFloatVectors() {
        Exchange exchange = OpenAiWire.read("embeddings", read("openai/embeddings-request-array.json"),
                read("openai/embeddings-response-float.json"), null);

        assertThat(exchange.input).containsExactly(message("user", new Part.Text("alpha"), new Part.Text("beta")));
        assertThat(storedParameters(exchange)).isEqualTo(parse("{\"dimensions\": 4, \"encoding_formats\": [\"float\"]}"));
        assertThat(exchange.answered).isTrue();
        assertThat(exchange.output).isEmpty();
        assertThat(exchange.embeddingDimensions).containsExactly(4, 4);
        assertThat(exchange.responseModel).isEqualTo("text-embedding-3-small");
        assertThat(exchange.usage).isEqualTo(new Usage(2L, null, 2L, null, null, null));
        assertThat(parse(exchange.responseJson)).isEqualTo(parse("""
                {"object": "list", "model": "text-embedding-3-small",
                 "data": [{"index": 0, "dimensions": 4}, {"index": 1, "dimensions": 4}],
                 "usage": {"prompt_tokens": 2, "total_tokens": 2}}"""));
    }

    @Test
    void embeddingsWithTokenArraysAndBase64Vectors() {
        String response = read("openai/embeddings-response-base64.json");
        Exchange exchange = OpenAiWire.read("embeddings", read("openai/embeddings-request-tokens.json"), response,
                null);

        assertThat(exchange.input).containsExactly(
                message("user", new Part.Text("[9906,1917]"), new Part.Text("[15339]")));
        assertThat(exchange.parameters).containsEntry("encoding_formats", List.of("base64"));
        // 1368 base64 characters, "==" padded: 1024 bytes, 256 float32 values
        assertThat(exchange.embeddingDimensions).containsExactly(256, 256);
        // the stored summary drops the vectors
        String vector = tree("openai/embeddings-response-base64.json").at("/data/0/embedding").asText();
        assertThat(exchange.responseJson).doesNotContain(vector.substring(0, 40)).doesNotContain("embedding\"");
        assertThat(exchange.responseJson.length()).isLessThan(response.length() / 10);
    }

    @Test
    void base64SizeWithoutDecoding() {
        List<Long> sizes = new ArrayList<>();
        for (String base64 : new String[] {"", "AA==", "AAA=", "AAAA", "AAAAAA==", " AAAA\n"}) {
            sizes.add(OpenAiWire.base64Bytes(base64));
        }
        assertThat(sizes).containsExactly(0L, 1L, 2L, 3L, 4L, 3L);
    }
}
