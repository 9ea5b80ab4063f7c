package io.traceflow.core.format.langchain4j;

import static io.traceflow.core.format.Fixtures.parse;
import static io.traceflow.core.format.Fixtures.read;
import static io.traceflow.core.format.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.Message;
import io.traceflow.core.format.NeutralJson;
import io.traceflow.core.format.Part;
import io.traceflow.core.format.Usage;

/** TraceFlow's LangChain4j shape, with the messages of LangChain4j's own serializer (fixtures/langchain4j). */
class LangChain4jShapeTest {
    static final String PARIS_CALL = "call_Vx2kQ8mZ1pL7sR4tY9uW3aBc";
    static final String ROME_CALL = "call_Hn5dF0gJ6kL2mN8pQ4rS1tUv";

    private static Exchange request(String fixture) {
        Exchange exchange = new Exchange();
        LangChain4jShape.readRequest(read("langchain4j/" + fixture), exchange);
        return exchange;
    }

    private static Exchange response(String fixture) {
        Exchange exchange = new Exchange();
        LangChain4jShape.readResponse(read("langchain4j/" + fixture), exchange);
        return exchange;
    }

    private static Message message(String role, Part... parts) {
        return Message.of(role, List.of(parts));
    }

    /** The six messages both lines send, as the neutral format reads them. */
    private static List<Message> commonConversation() {
        return List.of(
                message("system", new Part.Text("You are a weather assistant. Answer in one sentence.")),
                new Message("user", List.of(new Part.Text("What's the weather in Paris?")), "alice", null),
                message("assistant", new Part.ToolCall(PARIS_CALL, "getWeather", "{\"city\":\"Paris\",\"unit\":\"CELSIUS\"}")),
                new Message("tool", List.of(new Part.ToolCallResponse(PARIS_CALL, "{\"temp\":21,\"sky\":\"sunny\"}")),
                        "getWeather", null),
                message("assistant", new Part.Text("Paris is sunny at 21 °C.")),
                message("user", new Part.Text("And what do these pictures show?"),
                        new Part.Uri("image", "https://example.com/eiffel.jpg", null),
                        new Part.Blob("image", "image/png", 33)));
    }

    @Test
    void serializerJsonOfThe10Line() {
        Exchange exchange = request("chat-request-1.0.x.json");

        // 1.0.x: a tool result's text is "text"
        assertThat(tree("langchain4j/chat-request-1.0.x.json").at("/messages/3").has("text")).isTrue();
        assertThat(exchange.input).containsExactlyElementsOf(commonConversation());
    }

    @Test
    void serializerJsonOfThe119Line() {
        Exchange exchange = request("chat-request-1.19.x.json");

        // 1.19.x: a tool result's text is "contents", AI messages carry "thinking" and "attributes"
        assertThat(tree("langchain4j/chat-request-1.19.x.json").at("/messages/3").has("contents")).isTrue();
        List<Message> expected = new ArrayList<>(commonConversation());
        expected.add(message("user", new Part.Text("And Rome?")));
        expected.add(message("assistant", new Part.Reasoning("The user now asks about Rome; call getWeather again."),
                new Part.Text("Let me check Rome."), new Part.ToolCall(ROME_CALL, "getWeather", "{\"city\":\"Rome\"}")));
        // several text contents are one result
        expected.add(new Message("tool", List.of(new Part.ToolCallResponse(ROME_CALL, "{\"temp\":26,\"sky\":\"clear\"}")),
                "getWeather", null));
        assertThat(exchange.input).containsExactlyElementsOf(expected);
    }

    @Test
    void userMessageWithTextAndMessagesOfUnknownTypes() {
        // No 1.x line writes a USER message with "text" (both write "contents"); it is the form older lines stored.
        List<Message> messages = LangChain4jShape.messages("""
                [{"text": "Hello from an older line", "type": "USER"},
                 {"attributes": {"k": "v"}, "type": "CUSTOM"},
                 {"contents": [{"type": "AUDIO", "audio": {"base64Data": "AAAA", "mimeType": "audio/wav"}},
                               {"type": "VIDEO", "video": {"url": "https://example.com/v.mp4", "mimeType": "video/mp4"}},
                               {"type": "SOMETHING_NEW"}],
                  "type": "USER"}]""");

        assertThat(messages.get(0)).isEqualTo(message("user", new Part.Text("Hello from an older line")));
        assertThat(messages.get(1).role()).isEqualTo("custom");
        assertThat(messages.get(1).text()).contains("\"k\":\"v\"");
        assertThat(messages.get(2).parts()).containsExactly(new Part.Blob("audio", "audio/wav", 3),
                new Part.Uri("video", "https://example.com/v.mp4", "video/mp4"), new Part.Other("something_new", null));
    }

    @Test
    void inlineMediaSizeIsItsDecodedBytes() {
        // "iVBORw0KGgo=": the 8 bytes of a PNG signature, as the OpenAI reader counts them too
        List<Message> messages = LangChain4jShape.messages(read("langchain4j/messages-media-1.19.x.json"));

        assertThat(messages.get(0).parts()).contains(new Part.Blob("audio", "audio/wav", 3),
                new Part.Uri("video", "https://example.com/v.mp4", null), new Part.Blob("image", "image/png", 8));
    }

    @Test
    void pdfContentsByUrlAndInline() {
        // LangChain4j writes a PDF's data under "pdfFile"
        List<Message> messages = LangChain4jShape.messages(read("langchain4j/messages-media-1.19.x.json"));

        assertThat(messages.get(0).parts()).contains(
                new Part.Uri("file", "https://example.com/a.pdf", "application/pdf"),
                new Part.Blob("file", "application/pdf", 5)); // "JVBERi0=": "%PDF-"
    }

    @Test
    void messagesTolerateAbsentAndGarbageJson() {
        assertThat(LangChain4jShape.messages(null)).isEmpty();
        assertThat(LangChain4jShape.messages("")).isEmpty();
        assertThat(LangChain4jShape.messages("not json")).isEmpty();
        Exchange exchange = new Exchange();
        LangChain4jShape.readRequest("[1, 2]", exchange);
        LangChain4jShape.readResponse("\"text\"", exchange);
        assertThat(exchange.input).isEmpty();
        assertThat(exchange.answered).isFalse();
    }

    @Test
    void requestParametersGetTheConventionsNames() {
        Exchange exchange = request("chat-request-1.19.x.json");

        assertThat(exchange.model).isEqualTo("gpt-4o-mini");
        assertThat(parse(NeutralJson.parameters(exchange.parameters))).isEqualTo(parse("""
                {"temperature": 0.3, "top_p": 0.9, "top_k": 40, "frequency_penalty": 0.1, "presence_penalty": 0.2,
                 "max_tokens": 200, "stop_sequences": ["END", "STOP"], "tool_choice": "AUTO",
                 "response_format": "ResponseFormat { type = JSON, jsonSchema = null }", "output_type": "json"}"""));
    }

    @Test
    void aTextResponseFormatIsNotJsonOutput() {
        // ResponseFormat.TEXT reads "ResponseFormat { type = TEXT, jsonSchema = null }"
        Exchange exchange = request("chat-request-text-format-1.19.x.json");

        assertThat(exchange.parameters).containsEntry("response_format", "ResponseFormat { type = TEXT, jsonSchema = null }")
                .doesNotContainKey("output_type");
        assertThat(exchange.input).containsExactly(message("user", new Part.Text("Tell me a joke about JSON.")));
    }

    @Test
    void requestTools() {
        Exchange exchange = request("chat-request-1.0.x.json");

        assertThat(exchange.tools).singleElement().satisfies(tool -> {
            assertThat(tool.type()).isEqualTo("function");
            assertThat(tool.name()).isEqualTo("getWeather");
            assertThat(tool.description()).isEqualTo("Current weather for a city");
            assertThat(parse(tool.parameters())).isEqualTo(tree("langchain4j/chat-request-1.0.x.json")
                    .at("/tools/0/parameters"));
        });
    }

    @Test
    void responseWithThinkingTextToolCallsAndUsage() {
        Exchange exchange = response("chat-response-tool-calls.json");

        assertThat(exchange.answered).isTrue();
        assertThat(exchange.responseId).isEqualTo("chatcmpl-BdR1a2B3c4D5e6F7g8H9i0JkLmN");
        assertThat(exchange.responseModel).isEqualTo("o4-mini-2025-04-16");
        // LangChain4j's name, lower case, in the column; the conventions' in the message
        assertThat(exchange.finishReason).isEqualTo("tool_execution");
        assertThat(exchange.output).containsExactly(new Message("assistant", List.of(
                new Part.Reasoning("Two cities: call getWeather for each."),
                new Part.Text("Checking both cities."),
                new Part.ToolCall(ROME_CALL, "getWeather", "{\"city\":\"Rome\"}"),
                new Part.ToolCall("call_Qw3eR5tY7uI9oP1aS2dF4gH6", "getWeather",
                        "{\"city\":\"Milan\",\"unit\":\"CELSIUS\"}")), null, "tool_call"));
        assertThat(exchange.usage).isEqualTo(new Usage(1312L, 245L, 1557L, 1024L, null, 192L));
    }

    @Test
    void responseWithCacheCreationTokens() {
        Exchange exchange = response("chat-response-anthropic-cache.json");

        assertThat(exchange.output).containsExactly(
                new Message("assistant", List.of(new Part.Text("Paris is sunny at 21 °C.")), null, "stop"));
        assertThat(exchange.usage).isEqualTo(new Usage(2095L, 503L, 2598L, 1800L, 248L, null));
    }

    @Test
    void responseWithoutUsage() {
        Exchange exchange = new Exchange();
        LangChain4jShape.readResponse("{\"text\": \"hi\"}", exchange);

        assertThat(exchange.usage.isEmpty()).isTrue();
        assertThat(exchange.finishReason).isNull();
        assertThat(exchange.output).containsExactly(message("assistant", new Part.Text("hi")));
    }

    @Test
    void requestJsonIsWhatReadRequestReads() {
        String messagesJson = tree("langchain4j/chat-request-1.19.x.json").get("messages").toString();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("temperature", 0.3);
        parameters.put("stop", List.of("END"));
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("name", "getWeather");
        tool.put("parameters", Map.of("type", "object"));

        String json = LangChain4jShape.requestJson("gpt-4o-mini", messagesJson, parameters, List.of(tool));
        Exchange exchange = new Exchange();
        LangChain4jShape.readRequest(json, exchange);

        assertThat(exchange.model).isEqualTo("gpt-4o-mini");
        assertThat(exchange.input).isEqualTo(request("chat-request-1.19.x.json").input);
        assertThat(exchange.parameters).containsEntry("temperature", 0.3).containsEntry("stop_sequences", List.of("END"));
        assertThat(exchange.tools).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("getWeather");
            assertThat(t.parameters()).isEqualTo("{\"type\":\"object\"}");
        });
        // nothing to say: an empty conversation, no parameters or tools keys
        assertThat(parse(LangChain4jShape.requestJson(null, "not json", Map.of(), List.of())))
                .isEqualTo(parse("{\"messages\": []}"));
    }
}
