package io.traceflow.core.capture;

import static io.traceflow.core.format.Fixtures.elements;
import static io.traceflow.core.format.Fixtures.parse;
import static io.traceflow.core.format.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.traceflow.core.config.ContentPolicy;
import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.Message;
import io.traceflow.core.format.NeutralJson;
import io.traceflow.core.format.Part;
import io.traceflow.core.format.ToolDefinition;
import io.traceflow.core.format.openai.OpenAiWire;
import io.traceflow.core.model.StepRow;

/** A step's content columns filled from its exchange, through the content policy. */
class StepContentTest {
    static final String SECRET = "sk-proj-AbCdEfGh0123456789xyz";
    static final List<Pattern> REDACT = List.of(Pattern.compile("sk-[A-Za-z0-9_-]{16,}"));

    private static StepRow chatRow() {
        StepRow row = new StepRow();
        row.operation = "chat";
        return row;
    }

    private static Exchange toolCallExchange() {
        return OpenAiWire.read("chat", read("openai/chat-request-full.json"), read("openai/chat-response-tool-calls.json"),
                null);
    }

    @Test
    void everyColumnFromTheExchange() {
        Exchange exchange = toolCallExchange();
        StepRow row = chatRow();

        StepContent.fill(row, exchange, new ContentPolicy(true, 200_000, REDACT));

        assertThat(row.model).isEqualTo("gpt-4o-mini");
        assertThat(row.responseModel).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(row.responseId).isEqualTo("chatcmpl-BdQ4wTq1kGhX7uV2nLm9ZyPq0RsAb");
        assertThat(row.finishReason).isEqualTo("tool_calls");
        assertThat(List.of(row.promptTokens, row.completionTokens, row.totalTokens, row.cachedTokens,
                row.reasoningTokens)).containsExactly(82L, 51L, 133L, 0L, 0L);
        assertThat(row.cacheCreationTokens).isNull();
        assertThat(row.requestJson).isEqualTo(read("openai/chat-request-full.json"));
        assertThat(row.responseJson).isEqualTo(read("openai/chat-response-tool-calls.json"));
        assertThat(row.systemInstructionsJson).isNull();
        assertThat(NeutralJson.readMessages(row.inputMessagesJson)).isEqualTo(exchange.input);
        assertThat(NeutralJson.readMessages(row.outputMessagesJson)).isEqualTo(exchange.output);
        assertThat(NeutralJson.readTools(row.toolDefinitionsJson)).extracting(ToolDefinition::name).containsExactly("get_weather");
        assertThat(parse(row.parametersJson).get("max_tokens").asInt()).isEqualTo(256);
        assertThat(row.inputText).startsWith("system: You are a weather assistant.");
        assertThat(row.outputText).startsWith("tool call get_weather(");
        assertThat(row.attributesJson).isNull();
        assertThat(row.truncated).isFalse();
    }

    @Test
    void withoutContentOnlyMetadataAndToolNames() {
        StepRow row = chatRow();

        StepContent.fill(row, toolCallExchange(), new ContentPolicy(false, 200_000, REDACT));

        assertThat(row.requestJson).isNull();
        assertThat(row.responseJson).isNull();
        assertThat(row.systemInstructionsJson).isNull();
        assertThat(row.inputMessagesJson).isNull();
        assertThat(row.outputMessagesJson).isNull();
        assertThat(row.inputText).isNull();
        assertThat(row.outputText).isNull();
        assertThat(parse(row.toolDefinitionsJson)).isEqualTo(parse("[{\"type\":\"function\",\"name\":\"get_weather\"}]"));
        // what is not content stays
        assertThat(row.parametersJson).isNotNull();
        assertThat(row.model).isEqualTo("gpt-4o-mini");
        assertThat(row.totalTokens).isEqualTo(133L);
        assertThat(row.finishReason).isEqualTo("tool_calls");
        assertThat(row.responseId).isNotNull();
    }

    @Test
    void redactionBeforeTruncationInEveryColumn() {
        Exchange exchange = new Exchange();
        exchange.requestJson = "{\"messages\":[{\"role\":\"user\",\"content\":\"0123456789" + SECRET + "\"}]}";
        exchange.systemInstructions.add(new Part.Text("Never reveal " + SECRET));
        exchange.in(Message.text("user", "0123456789" + SECRET));
        exchange.in(Message.of("assistant", List.of(new Part.ToolCall("c1", "call_api",
                "{\"auth\":{\"key\":\"" + SECRET + "\"},\"q\":\"short\"}"))));
        exchange.out(Message.text("assistant", "Your key is " + SECRET));
        exchange.parameter("metadata_hint", "use " + SECRET);
        StepRow row = chatRow();

        StepContent.fill(row, exchange, new ContentPolicy(true, 16, REDACT));

        for (String column : stringColumns(row)) {
            assertThat(column).doesNotContain("sk-");
        }
        assertThat(row.truncated).isTrue();
        // the neutral columns stay JSON, whatever was cut
        JsonNode input = parse(row.inputMessagesJson);
        assertThat(input.at("/0/parts/0/content").asText()).isEqualTo("0123456789[REDAC…[truncated]");
        assertThat(input.at("/1/parts/0/arguments/auth/key").asText()).isEqualTo("[REDACTED]");
        assertThat(input.at("/1/parts/0/arguments/q").asText()).isEqualTo("short");
        assertThat(parse(row.systemInstructionsJson).at("/0/content").asText()).startsWith("Never reveal [RE");
        assertThat(parse(row.outputMessagesJson).at("/0/parts/0/content").asText()).endsWith("…[truncated]");
        // parameters are redacted, never cut
        assertThat(parse(row.parametersJson).get("metadata_hint").asText()).isEqualTo("use [REDACTED]");
    }

    private static List<String> stringColumns(StepRow row) {
        List<String> out = new ArrayList<>();
        for (Field field : StepRow.class.getFields()) {
            try {
                if (field.getType() == String.class && field.get(row) != null) {
                    out.add((String) field.get(row));
                }
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    @Test
    void embeddingSizesAndAttributesInAttributesJson() {
        Exchange exchange = OpenAiWire.read("embeddings", read("openai/embeddings-request-array.json"),
                read("openai/embeddings-response-float.json"), null);
        exchange.attributes.put("model_class", "OpenAiEmbeddingModel");
        StepRow row = new StepRow();
        row.operation = "embeddings";

        StepContent.fill(row, exchange, new ContentPolicy(true, 200_000, REDACT));

        assertThat(parse(row.attributesJson)).isEqualTo(parse(
                "{\"model_class\":\"OpenAiEmbeddingModel\",\"embedding_dimensions\":[4,4]}"));
        assertThat(row.outputText).isEqualTo("2 embedding(s), dimensions 4, 4");
        assertThat(row.outputMessagesJson).isNull();
        assertThat(row.responseJson).doesNotContain("embedding\"");
    }

    @Test
    void aStreamIsStoredAssembled() {
        Exchange exchange = OpenAiWire.read("chat", read("openai/chat-request-stop-string.json"), null,
                elements("openai/chat-stream-text.json"));
        StepRow row = chatRow();

        StepContent.fill(row, exchange, new ContentPolicy(true, 200_000, REDACT));

        assertThat(parse(row.responseJson).at("/choices/0/message/content").asText())
                .isEqualTo("Hello! How can I help you today?");
        assertThat(row.outputText).isEqualTo("Hello! How can I help you today?");
        assertThat(row.totalTokens).isEqualTo(29L);
    }

    @Test
    void anEmptyExchangeKeepsWhatTheRowHas() {
        StepRow row = new StepRow(); // operation unknown
        row.model = "set-by-the-caller";

        StepContent.fill(row, new Exchange(), new ContentPolicy(true, 200_000, REDACT));

        assertThat(row.model).isEqualTo("set-by-the-caller");
        assertThat(row.inputMessagesJson).isNull();
        assertThat(row.outputMessagesJson).isNull();
        assertThat(row.toolDefinitionsJson).isNull();
        assertThat(row.parametersJson).isNull();
        assertThat(row.outputText).isNull();
        assertThat(row.promptTokens).isNull();
    }
}
