package io.traceflow.core.store;

import static io.traceflow.core.format.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.Message;
import io.traceflow.core.format.Part;
import io.traceflow.core.format.ToolDefinition;
import io.traceflow.core.format.openai.OpenAiWire;

/** Rows recorded before the neutral columns (schema 3 and older), read by their provider and operation. */
class StoredRowsTest {
    @Test
    void openAiRowsAreReadAsTheWireJson() {
        String request = read("openai/chat-request-full.json");
        String response = read("openai/chat-response-tool-calls.json");

        Exchange stored = StoredRows.read("openai", "chat", request, response, "ignored", "ignored");
        Exchange live = OpenAiWire.read("chat", request, response, null);

        assertThat(stored.input).isEqualTo(live.input);
        assertThat(stored.output).isEqualTo(live.output);
        assertThat(stored.tools).isEqualTo(live.tools);
        assertThat(stored.parameters).isEqualTo(live.parameters);
        assertThat(stored.responseId).isEqualTo("chatcmpl-BdQ4wTq1kGhX7uV2nLm9ZyPq0RsAb");
        assertThat(stored.responseJson).isEqualTo(response);
    }

    @Test
    void openAiEmbeddingsRowsKeepTheirStoredSummary() {
        // what versions before 4 stored for an embeddings call: the vectors' sizes, not the vectors
        String summary = "{\"object\":\"list\",\"model\":\"text-embedding-3-small\",\"data\":[{\"index\":0,"
                + "\"dimensions\":1536},{\"index\":1,\"dimensions\":1536}],\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}";

        Exchange exchange = StoredRows.read("openai", "embeddings", read("openai/embeddings-request-array.json"),
                summary, "alpha\nbeta", "2 embedding(s), dimensions 1536, 1536");

        assertThat(exchange.embeddingDimensions).containsExactly(1536, 1536);
        assertThat(exchange.input).containsExactly(
                Message.of("user", List.of(new Part.Text("alpha"), new Part.Text("beta"))));
        assertThat(exchange.output).isEmpty();
        assertThat(exchange.responseJson).isEqualTo(summary);
    }

    @Test
    void langChain4jRows() {
        Exchange chat = StoredRows.read("langchain4j", "chat", read("langchain4j/chat-request-1.0.x.json"),
                read("langchain4j/chat-response-tool-calls.json"), null, null);
        assertThat(chat.input).hasSize(6);
        assertThat(chat.requestedToolCalls()).hasSize(2);
        assertThat(chat.tools).extracting(ToolDefinition::name).containsExactly("getWeather");

        Exchange embeddings = StoredRows.read("langchain4j", "embeddings", "{\"input\":[\"a\",\"b\"]}", null, "a\nb",
                "2 embedding(s), dimensions 384, 384");
        assertThat(embeddings.input).containsExactly(
                Message.of("user", List.of(new Part.Text("a"), new Part.Text("b"))));
        assertThat(embeddings.embeddingDimensions).containsExactly(384, 384);
    }

    @Test
    void toolAndRootRowsWhateverTheProvider() {
        Exchange tool = StoredRows.read("langchain4j", "tool", "{\"id\":\"c1\",\"name\":\"t\",\"arguments\":\"{}\"}",
                "{\"result\":\"done\"}", "{}", "done");
        assertThat(tool.input).containsExactly(Message.of("assistant", List.of(new Part.ToolCall("c1", "t", "{}"))));

        Exchange aiService = StoredRows.read("langchain4j", "ai_service",
                "{\"arguments\":[\"hi\"],\"method\":\"Assistant.chat\"}", "{\"result\":\"hello\"}", "hi", "hello");
        assertThat(aiService.input).containsExactly(Message.text("user", "hi"));
        assertThat(aiService.output).containsExactly(Message.text("assistant", "hello"));

        Exchange method = StoredRows.read("app", "method", "{\"method\":\"Jobs.run\",\"arguments\":[]}", null, "", null);
        assertThat(method.output).isEmpty();
    }

    @Test
    void rowsWhoseJsonWasCutAreReadFromTheirText() {
        String cutRequest = "{\"method\":\"Assistant.chat\",\"argum…[truncated]";

        Exchange root = StoredRows.read("langchain4j", "ai_service", cutRequest, "{\"result\":\"hello\"}", "hi",
                "hello");
        assertThat(root.input).containsExactly(Message.text("user", "hi"));
        assertThat(root.output).containsExactly(Message.text("assistant", "hello"));
        assertThat(root.requestJson).isEqualTo(cutRequest);

        Exchange tool = StoredRows.read("langchain4j", "tool", "{\"id\":\"c1\",\"na…[truncated]", null, "{}", "done");
        assertThat(tool.input).containsExactly(Message.of("assistant", List.of(new Part.ToolCall(null, null, "{}"))));
    }

    @Test
    void unknownShapesAreNull() {
        assertThat(StoredRows.read("anthropic", "chat", "{}", "{}", "in", "out")).isNull();
        assertThat(StoredRows.read(null, "chat", "{}", "{}", "in", "out")).isNull();
        assertThat(StoredRows.read("openai", null, "{}", "{}", "in", "out")).isNull();
        // no JSON to read: the caller falls back to the text
        assertThat(StoredRows.read("openai", "chat", null, null, "in", "out")).isNull();
        assertThat(StoredRows.read("langchain4j", "chat", null, null, "in", "out")).isNull();
    }
}
