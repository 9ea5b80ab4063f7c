package io.traceflow.core.format;

import static io.traceflow.core.format.Fixtures.elements;
import static io.traceflow.core.format.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.traceflow.core.format.langchain4j.LangChain4jShape;
import io.traceflow.core.format.openai.OpenAiWire;

/** input_text and output_text, made from the neutral form alone. */
class ReadableTextTest {
    @Test
    void chatConversationOneMessagePerLine() {
        Exchange exchange = OpenAiWire.read("chat", read("openai/chat-request-full.json"),
                read("openai/chat-response-text.json"), null);

        assertThat(ReadableText.input("chat", exchange)).isEqualTo("""
                system: You are a weather assistant. Answer in one sentence.
                system: Today is 2025-06-01.
                user: What's the weather in Paris and Rome?
                assistant: tool call get_weather({"city":"Paris","unit":"celsius"}) tool call get_weather({"city":"Rome"})
                tool: {"temp":21,"sky":"sunny"}
                tool: {"temp":26,"sky":"clear"}
                assistant: Paris is sunny at 21 °C and Rome is clear at 26 °C.
                user: And what do these two pictures show?[image][image]""");
        assertThat(ReadableText.output("chat", exchange)).isEqualTo("Paris is sunny at 21 °C and Rome is clear at 26 °C.");
    }

    @Test
    void namedToolResultsReasoningLeftOutOfTheInput() {
        Exchange exchange = new Exchange();
        LangChain4jShape.readRequest(read("langchain4j/chat-request-1.19.x.json"), exchange);

        assertThat(ReadableText.input("chat", exchange).lines().toList()).containsExactly(
                "system: You are a weather assistant. Answer in one sentence.",
                "user: What's the weather in Paris?",
                "assistant: tool call getWeather({\"city\":\"Paris\",\"unit\":\"CELSIUS\"})",
                // a tool message with its tool's name
                "tool getWeather: {\"temp\":21,\"sky\":\"sunny\"}",
                "assistant: Paris is sunny at 21 °C.",
                "user: And what do these pictures show?[image][image]",
                "user: And Rome?",
                "assistant: Let me check Rome. tool call getWeather({\"city\":\"Rome\"})",
                "tool getWeather: {\"temp\":26,\"sky\":\"clear\"}");
    }

    @Test
    void responsesInstructionsAreTheFirstLine() {
        Exchange exchange = OpenAiWire.read("responses", read("openai/responses-request-string.json"),
                read("openai/responses-response-message.json"), null);

        assertThat(ReadableText.input("responses", exchange)).isEqualTo("system: Be brief.\nuser: Hello responses");
        assertThat(ReadableText.output("responses", exchange)).isEqualTo("Hello! How can I help you today?");
    }

    @Test
    void severalChoicesOneLineEach() {
        Exchange exchange = OpenAiWire.read("chat", null, read("openai/chat-response-choices.json"), null);

        assertThat(ReadableText.output("chat", exchange)).isEqualTo("""
                A lighthouse keeper counts the ships that never come.
                The tide remembers every footprint it""");
        assertThat(ReadableText.output("chat", exchange)).isEqualTo(exchange.answerText());
    }

    @Test
    void toolCallsInTheOutputOneLineEachAfterTheText() {
        Exchange exchange = new Exchange();
        LangChain4jShape.readResponse(read("langchain4j/chat-response-tool-calls.json"), exchange);

        // the reasoning is not the answer
        assertThat(ReadableText.output("chat", exchange)).isEqualTo("""
                Checking both cities.
                tool call getWeather({"city":"Rome"})
                tool call getWeather({"city":"Milan","unit":"CELSIUS"})""");
        Exchange toolsOnly = OpenAiWire.read("chat", null, read("openai/chat-response-tool-calls.json"), null);
        assertThat(ReadableText.output("chat", toolsOnly)).isEqualTo("""
                tool call get_weather({"city":"Paris","unit":"celsius"})
                tool call get_weather({"city":"Rome"})""");
    }

    @Test
    void noAnswerNoOutput() {
        Exchange exchange = OpenAiWire.read("chat", read("openai/chat-request-stop-string.json"), null, null);

        assertThat(ReadableText.input("chat", exchange)).isEqualTo("system: Be brief.\nuser: Say hello");
        assertThat(ReadableText.output("chat", exchange)).isNull();
        assertThat(ReadableText.output("embeddings", new Exchange())).isNull();
        assertThat(ReadableText.output("tool", new Exchange())).isNull();
        assertThat(ReadableText.output("ai_service", new Exchange())).isNull();
    }

    @Test
    void embeddingsTextsAndSizes() {
        Exchange exchange = OpenAiWire.read("embeddings", read("openai/embeddings-request-array.json"),
                read("openai/embeddings-response-float.json"), null);

        assertThat(ReadableText.input("embeddings", exchange)).isEqualTo("alpha\nbeta");
        assertThat(ReadableText.output("embeddings", exchange)).isEqualTo("2 embedding(s), dimensions 4, 4");
        Exchange base64 = OpenAiWire.read("embeddings", read("openai/embeddings-request-tokens.json"),
                read("openai/embeddings-response-base64.json"), null);
        assertThat(ReadableText.output("embeddings", base64)).isEqualTo("2 embedding(s), dimensions 256, 256");
    }

    @Test
    void toolStepsArgumentsInResultOut() {
        Exchange exchange = StepShapes.tool("call_1", "getWeather", "{\"city\":\"Paris\"}", "sunny");

        assertThat(ReadableText.input("tool", exchange)).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(ReadableText.output("tool", exchange)).isEqualTo("sunny");
        assertThat(ReadableText.output("tool", StepShapes.tool("call_1", "getWeather", "{}", null))).isNull();
    }

    @Test
    void rootsArgumentsInResultOut() {
        Exchange exchange = StepShapes.root("Assistant.chat", List.of("Hello", "mem-1"), "Hi!");

        assertThat(ReadableText.input("ai_service", exchange)).isEqualTo("Hello\nmem-1");
        assertThat(ReadableText.output("ai_service", exchange)).isEqualTo("Hi!");
        assertThat(ReadableText.input("method", StepShapes.root("Jobs.run", List.of(), null))).isEmpty();
    }

    @Test
    void aStreamReadsLikeTheWholeAnswer() {
        Exchange streamed = OpenAiWire.read("chat", read("openai/chat-request-full.json"), null,
                elements("openai/chat-stream-tool-calls.json"));
        Exchange whole = OpenAiWire.read("chat", read("openai/chat-request-full.json"),
                read("openai/chat-response-tool-calls.json"), null);

        assertThat(ReadableText.output("chat", streamed)).isEqualTo(ReadableText.output("chat", whole));
    }

    @Test
    void partsWithoutTextShowTheirKind() {
        Exchange exchange = new Exchange().in(new Message(null, List.of(new Part.Text("see "),
                new Part.Uri(null, "https://example.com/x", null), new Part.Blob("audio", "audio/wav", 10),
                new Part.Other("file", null), new Part.Other("file", "report.pdf")), null, null));

        assertThat(ReadableText.input("chat", exchange)).isEqualTo("?: see [uri][audio][file]report.pdf");
    }
}
