package io.traceflow.core.format;

import static io.traceflow.core.format.Fixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The neutral columns' JSON: written, read back, cleaned string by string. */
class NeutralJsonTest {
    private static final UnaryOperator<String> AS_IS = UnaryOperator.identity();

    /** One message per part type, with names and finish reasons. */
    static List<Message> everyPartType() {
        return List.of(
                new Message("user", List.of(new Part.Text("What's in this picture?"),
                        new Part.Uri("image", "https://example.com/a.jpg", "image/jpeg"),
                        new Part.Blob("image", "image/png", 33),
                        new Part.Blob(null, null, 0),
                        new Part.File(null, "file-abc123", "report.pdf", "application/pdf"),
                        new Part.Other("server_tool_call", "web search"),
                        new Part.Other("web_search_call", null)), "alice", null),
                new Message("assistant", List.of(new Part.Reasoning("Look at it first."),
                        new Part.ToolCall("call_1", "describe", "{\"detail\":\"high\",\"n\":2}"),
                        new Part.ToolCall(null, "noArgs", null),
                        new Part.ToolCall("call_3", "broken", "{detail: high")), null, "tool_call"),
                new Message("tool", List.of(new Part.ToolCallResponse("call_1", "A cat on a mat."),
                        new Part.ToolCallResponse(null, null)), "describe", null),
                new Message("assistant", List.of(new Part.Text(null), new Part.Text("A cat.")), null, "stop"));
    }

    @Test
    void everyPartTypeRoundTrips() {
        String json = NeutralJson.messages(everyPartType(), AS_IS);

        assertThat(NeutralJson.readMessages(json)).isEqualTo(everyPartType());
    }

    @Test
    void storedShapesAreTheConventions() {
        JsonNode stored = parse(NeutralJson.messages(everyPartType(), AS_IS));

        assertThat(stored.at("/0/parts/1")).isEqualTo(parse(
                "{\"type\":\"uri\",\"modality\":\"image\",\"mime_type\":\"image/jpeg\",\"uri\":\"https://example.com/a.jpg\"}"));
        // a blob keeps its size, not its content
        assertThat(stored.at("/0/parts/2")).isEqualTo(parse(
                "{\"type\":\"blob\",\"modality\":\"image\",\"mime_type\":\"image/png\",\"bytes\":33}"));
        assertThat(stored.at("/0/name").asText()).isEqualTo("alice");
        assertThat(stored.at("/1/finish_reason").asText()).isEqualTo("tool_call");
        assertThat(stored.at("/1").has("name")).isFalse();
        assertThat(stored.at("/2/parts/0")).isEqualTo(parse(
                "{\"type\":\"tool_call_response\",\"id\":\"call_1\",\"response\":\"A cat on a mat.\"}"));
    }

    @Test
    void toolCallArgumentsAreAnObjectWhenValidJsonAndAStringWhenNot() {
        JsonNode parts = parse(NeutralJson.messages(everyPartType(), AS_IS)).at("/1/parts");

        assertThat(parts.at("/1/arguments").isObject()).isTrue();
        assertThat(parts.at("/1/arguments")).isEqualTo(parse("{\"detail\":\"high\",\"n\":2}"));
        assertThat(parts.at("/2").has("arguments")).isFalse();
        assertThat(parts.at("/3/arguments").isTextual()).isTrue();
        assertThat(parts.at("/3/arguments").asText()).isEqualTo("{detail: high");
        // a JSON scalar is not an arguments object: kept as the text the model wrote
        String scalar = NeutralJson.messages(List.of(Message.of("assistant",
                List.of(new Part.ToolCall("c", "f", "42")))), AS_IS);
        assertThat(parse(scalar).at("/0/parts/0/arguments").isTextual()).isTrue();
        assertThat(NeutralJson.readMessages(scalar).get(0).toolCalls().get(0).arguments()).isEqualTo("42");
    }

    @Test
    void everyStringIsCleanedButNotTheStructure() {
        // marks each string it sees, so what was cleaned can be told from what was not
        UnaryOperator<String> mark = s -> s == null ? null : "<" + s + ">";
        Message withNestedArguments = Message.of("assistant", List.of(new Part.ToolCall("call_9", "search",
                "{\"query\":\"cats\",\"filters\":{\"tags\":[\"a\",\"b\"],\"max\":3,\"safe\":true}}")));
        List<Message> messages = new ArrayList<>(everyPartType());
        messages.add(withNestedArguments);

        JsonNode stored = parse(NeutralJson.messages(messages, mark));

        List<String> strings = new ArrayList<>();
        collectStrings(stored, "", strings);
        // content: cleaned
        assertThat(strings).contains("/0/parts/0/content=<What's in this picture?>",
                "/0/parts/1/uri=<https://example.com/a.jpg>", "/0/parts/4/name=<report.pdf>",
                "/0/parts/5/content=<web search>",
                "/1/parts/0/content=<Look at it first.>", "/1/parts/1/arguments/detail=<high>",
                "/1/parts/3/arguments=<{detail: high>", "/2/parts/0/response=<A cat on a mat.>",
                "/4/parts/0/arguments/query=<cats>", "/4/parts/0/arguments/filters/tags/0=<a>",
                "/4/parts/0/arguments/filters/tags/1=<b>");
        // structure and identifiers: kept
        assertThat(strings).contains("/0/role=user", "/0/name=alice", "/0/parts/1/type=uri",
                "/0/parts/1/mime_type=image/jpeg", "/1/parts/1/id=call_1", "/1/parts/1/name=describe",
                "/1/finish_reason=tool_call");
        // numbers and booleans in arguments stay what they were
        assertThat(stored.at("/4/parts/0/arguments/filters/max").isInt()).isTrue();
        assertThat(stored.at("/4/parts/0/arguments/filters/safe").isBoolean()).isTrue();
    }

    private static void collectStrings(JsonNode node, String path, List<String> out) {
        if (node.isTextual()) {
            out.add(path + "=" + node.asText());
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                collectStrings(e.getValue(), path + "/" + e.getKey(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectStrings(node.get(i), path + "/" + i, out);
            }
        }
    }

    @Test
    void aSecretInsideAnArgumentObjectIsRedactedAndCutTextStaysValidJson() {
        String secret = "sk-proj-0123456789abcdefghijKLMNOP";
        UnaryOperator<String> redactThenCut = s -> {
            String r = s.replaceAll("sk-[A-Za-z0-9_-]{16,}", "[REDACTED]");
            return r.length() > 12 ? r.substring(0, 12) + "…[truncated]" : r;
        };
        List<Message> messages = List.of(
                Message.of("user", List.of(new Part.Text("Use \"" + secret + "\" and {braces} and \\ backslashes"))),
                Message.of("assistant", List.of(new Part.ToolCall("c", "call_api",
                        "{\"auth\":{\"key\":\"" + secret + "\"},\"note\":\"quote \\\" inside\"}"))));

        String json = NeutralJson.messages(messages, redactThenCut);

        assertThat(json).doesNotContain(secret).doesNotContain("sk-proj");
        JsonNode stored = parse(json);
        assertThat(stored.at("/1/parts/0/arguments/auth/key").asText()).isEqualTo("[REDACTED]");
        assertThat(stored.at("/0/parts/0/content").asText()).isEqualTo("Use \"[REDACT…[truncated]");
        assertThat(stored.at("/1/parts/0/arguments/note").asText()).isEqualTo("quote \" insi…[truncated]");
        assertThat(NeutralJson.readMessages(json)).hasSize(2);
    }

    @Test
    void instructionsToolsAndParametersRoundTrip() {
        List<Part> instructions = List.of(new Part.Text("Be brief."), new Part.Text("Answer in French."));
        assertThat(NeutralJson.readInstructions(NeutralJson.instructions(instructions, AS_IS))).isEqualTo(instructions);

        List<ToolDefinition> tools = List.of(
                ToolDefinition.function("get_weather", "Weather for a city",
                        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"),
                new ToolDefinition("web_search_preview", "web_search_preview", null, null),
                ToolDefinition.function("legacy", null, "not a schema"));
        String toolsJson = NeutralJson.tools(tools, true, AS_IS);
        assertThat(parse(toolsJson).at("/0/parameters").isObject()).isTrue();
        assertThat(NeutralJson.readTools(toolsJson)).isEqualTo(tools);

        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("temperature", 0.2);
        parameters.put("max_tokens", 256);
        parameters.put("stop_sequences", List.of("END"));
        parameters.put("stream", true);
        parameters.put("response_format", Map.of("type", "json_object"));
        assertThat(NeutralJson.readParameters(NeutralJson.parameters(parameters))).isEqualTo(parameters);
    }

    @Test
    void withoutContentToolsKeepOnlyTypeAndName() {
        List<ToolDefinition> tools = List.of(
                ToolDefinition.function("get_weather", "Weather for a city, key sk-0123456789abcdefXYZ",
                        "{\"type\":\"object\"}"),
                new ToolDefinition(null, "untyped", "desc", null));

        assertThat(parse(NeutralJson.tools(tools, false, s -> {
            throw new AssertionError("nothing to clean: " + s);
        }))).isEqualTo(parse("[{\"type\":\"function\",\"name\":\"get_weather\"},{\"type\":\"function\",\"name\":\"untyped\"}]"));
    }

    @Test
    void nothingIsNull() {
        assertThat(NeutralJson.messages(List.of(), AS_IS)).isNull();
        assertThat(NeutralJson.instructions(List.of(), AS_IS)).isNull();
        assertThat(NeutralJson.tools(List.of(), true, AS_IS)).isNull();
        assertThat(NeutralJson.parameters(Map.of())).isNull();
        assertThat(NeutralJson.toJson(null)).isNull();
    }

    @Test
    void readersTolerateNullBlankAndGarbage() {
        String[] inputs = {null, "", "   ", "garbage", "{\"role\":\"user\"}", "\"a string\"", "[1, \"x\", null]",
                "[{\"role\":\"user\",\"parts\":\"not an array\"}]", "[{\"parts\":[1, {\"type\":7}, {}]}]", "[[[["};
        for (String input : inputs) {
            assertThatCode(() -> {
                NeutralJson.readMessages(input);
                NeutralJson.readInstructions(input);
                NeutralJson.readTools(input);
                NeutralJson.readParameters(input);
                NeutralJson.fromJson(input);
            }).as("reading %s", input).doesNotThrowAnyException();
        }
        for (String absent : new String[] {null, "", "   ", "garbage", "[[[["}) {
            assertThat(NeutralJson.readMessages(absent)).isEmpty();
            assertThat(NeutralJson.readInstructions(absent)).isEmpty();
            assertThat(NeutralJson.readTools(absent)).isEmpty();
            assertThat(NeutralJson.readParameters(absent)).isEmpty();
            assertThat(NeutralJson.fromJson(absent)).isNull();
        }
        assertThat(NeutralJson.readParameters("[1, 2]")).isEmpty();
        assertThat(NeutralJson.readTools("{\"name\":\"x\"}")).isEmpty();
        // a part with a type of its own is kept as what it is
        assertThat(NeutralJson.readMessages("[{\"role\":\"user\",\"parts\":[{\"type\":\"audio_ref\",\"content\":\"id-7\"}]}]"))
                .containsExactly(Message.of("user", List.of(new Part.Other("audio_ref", "id-7"))));
    }

    @Test
    void toJsonOfWhatJacksonCannotWriteIsNull() {
        assertThat(NeutralJson.toJson(new Object())).isNull();
        assertThat(NeutralJson.toJson(Map.of("a", List.of(1, "b")))).isEqualTo("{\"a\":[1,\"b\"]}");
    }
}
