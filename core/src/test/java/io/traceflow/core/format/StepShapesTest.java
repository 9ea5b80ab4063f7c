package io.traceflow.core.format;

import static io.traceflow.core.format.Fixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The shapes TraceFlow stores for tool steps, trace roots and framework embeddings, and their neutral form. */
class StepShapesTest {
    @Test
    void toolStep() {
        Exchange exchange = StepShapes.tool("call_1", "getWeather", "{\"city\":\"Paris\"}", "sunny");

        assertThat(parse(exchange.requestJson)).isEqualTo(parse("""
                {"id": "call_1", "name": "getWeather", "arguments": "{\\"city\\":\\"Paris\\"}"}"""));
        assertThat(parse(exchange.responseJson)).isEqualTo(parse("{\"result\": \"sunny\"}"));
        assertThat(exchange.input).containsExactly(
                Message.of("assistant", List.of(new Part.ToolCall("call_1", "getWeather", "{\"city\":\"Paris\"}"))));
        assertThat(exchange.output).containsExactly(
                new Message("tool", List.of(new Part.ToolCallResponse("call_1", "sunny")), "getWeather", null));
        assertThat(exchange.answered).isTrue();
    }

    @Test
    void toolStepWithoutResultOrId() {
        Exchange exchange = StepShapes.tool(null, "getWeather", null, null);

        assertThat(parse(exchange.requestJson)).isEqualTo(parse(
                "{\"id\": null, \"name\": \"getWeather\", \"arguments\": null}"));
        assertThat(exchange.responseJson).isNull();
        assertThat(exchange.output).isEmpty();
        assertThat(exchange.answered).isFalse();
    }

    @Test
    void rootStep() {
        Exchange exchange = StepShapes.root("Assistant.chat", List.of("Hello", "42"), "Hi there");

        assertThat(parse(exchange.requestJson)).isEqualTo(parse(
                "{\"method\": \"Assistant.chat\", \"arguments\": [\"Hello\", \"42\"]}"));
        assertThat(parse(exchange.responseJson)).isEqualTo(parse("{\"result\": \"Hi there\"}"));
        assertThat(exchange.input).containsExactly(Message.text("user", "Hello\n42"));
        assertThat(exchange.output).containsExactly(Message.text("assistant", "Hi there"));
        assertThat(StepShapes.root("Assistant.chat", List.of(), null).output).isEmpty();
    }

    @Test
    void frameworkEmbeddings() {
        Exchange exchange = StepShapes.embeddings(List.of("alpha", "beta"));

        assertThat(parse(exchange.requestJson)).isEqualTo(parse("{\"input\": [\"alpha\", \"beta\"]}"));
        assertThat(exchange.input).containsExactly(
                Message.of("user", List.of(new Part.Text("alpha"), new Part.Text("beta"))));
        assertThat(StepShapes.embeddings(List.of()).input).isEmpty();
    }

    @Test
    void storedToolStepReadBack() {
        Exchange exchange = StepShapes.readTool(
                "{\"id\":\"call_1\",\"name\":\"getWeather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}",
                "{\"result\":\"sunny\"}", "ignored", "ignored");

        assertThat(exchange.input).containsExactly(
                Message.of("assistant", List.of(new Part.ToolCall("call_1", "getWeather", "{\"city\":\"Paris\"}"))));
        assertThat(exchange.output).containsExactly(
                new Message("tool", List.of(new Part.ToolCallResponse("call_1", "sunny")), "getWeather", null));
        // verbatim, as stored
        assertThat(exchange.requestJson).startsWith("{\"id\":\"call_1\"");
    }

    @Test
    void storedToolStepWithCutJsonFallsBackToItsText() {
        Exchange exchange = StepShapes.readTool("{\"id\":\"call_1\",\"name\":\"getWea…[truncated]", "{\"result\":\"sun",
                "{\"city\":\"Paris\"}", "sunny and warm");

        assertThat(exchange.input).containsExactly(
                Message.of("assistant", List.of(new Part.ToolCall(null, null, "{\"city\":\"Paris\"}"))));
        assertThat(exchange.output).hasSize(1);
        assertThat(exchange.output.get(0).parts()).containsExactly(new Part.ToolCallResponse(null, "sunny and warm"));
    }

    @Test
    void storedRootStepReadBack() {
        Exchange exchange = StepShapes.readRoot("{\"method\":\"Agent.plan\",\"arguments\":[\"trip\",3,{\"days\":2},null]}",
                "{\"result\":{\"steps\":[\"fly\"]}}", null, null);

        assertThat(exchange.input).containsExactly(Message.text("user", "trip\n3\n{\"days\":2}\nnull"));
        assertThat(exchange.output).hasSize(1);
        assertThat(parse(exchange.output.get(0).text())).isEqualTo(parse("{\"steps\": [\"fly\"]}"));
        // a null result: the output text stands in
        assertThat(StepShapes.readRoot("{\"method\":\"m\",\"arguments\":[]}", "{\"result\":null}", null, "shown")
                .output).containsExactly(Message.text("assistant", "shown"));
    }

    @Test
    void storedFrameworkEmbeddingsReadBack() {
        Exchange exchange = StepShapes.readEmbeddings("{\"input\":[\"alpha\",\"beta\"]}", "alpha\nbeta",
                "2 embedding(s), dimensions 384, 384");

        assertThat(exchange.input).containsExactly(
                Message.of("user", List.of(new Part.Text("alpha"), new Part.Text("beta"))));
        assertThat(exchange.answered).isTrue();
        assertThat(exchange.embeddingDimensions).containsExactly(384, 384);

        Exchange fromText = StepShapes.readEmbeddings(null, "one\ntwo", null);
        assertThat(fromText.input).containsExactly(Message.of("user", List.of(new Part.Text("one"), new Part.Text("two"))));
        assertThat(fromText.answered).isFalse();
        assertThat(fromText.embeddingDimensions).isEmpty();
    }
}
