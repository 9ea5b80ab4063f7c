package io.traceflow.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.StepShapes;
import io.traceflow.core.format.langchain4j.LangChain4jShape;
import io.traceflow.core.format.openai.OpenAiWire;
import io.traceflow.viewer.Conversation.Message;

/** Each API's calls, read into the neutral form as the agent stores them, shown as chat messages. */
class ConversationTest {
    private static List<String> roles(List<Message> messages) {
        return messages.stream().map(Message::role).toList();
    }

    private static Conversation openAi(String operation, String request, String response) {
        return Conversation.of(operation, OpenAiWire.read(operation, request, response, null), null, null, operation);
    }

    private static Exchange langChain4j(String request, String response) {
        Exchange exchange = new Exchange();
        LangChain4jShape.readRequest(request, exchange);
        LangChain4jShape.readResponse(response, exchange);
        return exchange;
    }

    @Test
    void openAiChatCompletionsWithToolCallsAndResults() {
        String request = """
                {"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Paris?"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                   "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                 {"role":"tool","tool_call_id":"call_1","content":"Sunny"},
                 {"role":"user","content":[{"type":"text","text":"And"},{"type":"image_url","image_url":{"url":"x"}}]}],
                 "model":"gpt-4o-mini","temperature":0.2}""";
        String response = """
                {"choices":[{"index":0,"message":{"role":"assistant","content":"Sunny, 24°C"},"finish_reason":"stop"}]}""";
        Conversation c = openAi("chat", request, response);
        assertThat(roles(c.input())).containsExactly("system", "user", "assistant", "tool", "user");
        assertThat(c.input().get(2).toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("get_weather");
            assertThat(call.arguments()).isEqualTo("{\"city\":\"Paris\"}");
            assertThat(call.id()).isEqualTo("call_1");
        });
        assertThat(c.input().get(3).toolCallId()).isEqualTo("call_1");
        assertThat(c.input().get(4).text()).isEqualTo("And\n[image]");
        assertThat(c.output()).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo("Sunny, 24°C"));
    }

    @Test
    void langChain4jMessagesAndResponse() {
        String request = """
                {"model":"gpt-4o-mini","messages":[{"text":"You are a travel assistant.","type":"SYSTEM"},
                 {"contents":[{"text":"Weather and time in Paris?","type":"TEXT"}],"type":"USER"},
                 {"toolExecutionRequests":[{"id":"c0","name":"getTime","arguments":"{\\"city\\":\\"Paris\\"}"}],"type":"AI"},
                 {"id":"c0","toolName":"getTime","contents":[{"text":"12:00 in Paris","type":"TEXT"}],"isError":false,
                  "type":"TOOL_EXECUTION_RESULT"}],"parameters":{"temperature":0.3}}""";
        String response = "{\"id\":\"x\",\"text\":null,\"tool_calls\":[{\"id\":\"c1\",\"name\":\"getWeather\",\"arguments\":\"{}\"}]}";
        Exchange exchange = langChain4j(request, response);
        Conversation c = Conversation.of("chat", exchange, null, null, "OpenAiChatModel");
        assertThat(roles(c.input())).containsExactly("system", "user", "assistant", "tool");
        assertThat(c.input().get(1).text()).isEqualTo("Weather and time in Paris?");
        assertThat(c.input().get(3).name()).isEqualTo("getTime");
        assertThat(c.input().get(3).text()).isEqualTo("12:00 in Paris");
        assertThat(c.output().get(0).toolCalls()).extracting(Conversation.ToolCall::name).containsExactly("getWeather");
        assertThat(TraceDetailQuery.parameters(exchange).toString()).isEqualTo("{\"temperature\":0.3}");
    }

    @Test
    void responsesApiInputItemsAndOutput() {
        String request = """
                {"instructions":"Be kind.","input":[{"role":"user","content":[{"type":"input_text","text":"Hi"}]},
                 {"type":"function_call","call_id":"c1","name":"lookup","arguments":"{}"},
                 {"type":"function_call_output","call_id":"c1","output":"found"}],"model":"gpt-4o","tools":[{"type":"function","name":"lookup"}]}""";
        String response = """
                {"output":[{"type":"reasoning","summary":[]},{"type":"message","role":"assistant",
                 "content":[{"type":"output_text","text":"Hello!","annotations":[]}]}]}""";
        Exchange exchange = OpenAiWire.read("responses", request, response, null);
        Conversation c = Conversation.of("responses", exchange, null, null, "openai.responses");
        assertThat(roles(c.input())).containsExactly("system", "user", "assistant", "tool");
        assertThat(c.output()).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo("Hello!"));
        assertThat(exchange.tools).extracting(t -> t.name()).containsExactly("lookup");
        assertThat(openAi("responses", "{\"input\":\"Say hi\"}", null).input().get(0).text()).isEqualTo("Say hi");
    }

    @Test
    void toolExecutionsAndTraceRoots() {
        Conversation tool = Conversation.of("tool", StepShapes.tool("c0", "getTime", "{\"city\":\"Paris\"}",
                "12:00 in Paris"), null, null, "getTime");
        assertThat(tool.input()).singleElement().satisfies(m -> {
            assertThat(m.role()).isEqualTo("call");
            assertThat(m.text()).isEqualTo("{\"city\":\"Paris\"}");
            assertThat(m.name()).isEqualTo("getTime");
        });
        assertThat(tool.output().get(0).text()).isEqualTo("12:00 in Paris");

        Conversation root = Conversation.of("ai_service", StepShapes.root("Assistant.chat", List.of("alice", "Weather?"),
                "Sunny"), null, null, "Assistant.chat");
        assertThat(root.input().get(0).text()).isEqualTo("alice\nWeather?");
        assertThat(root.output().get(0).text()).isEqualTo("Sunny");
    }

    @Test
    void withoutNeutralMessagesTheReadableTextStandsIn() {
        Conversation c = Conversation.of("chat", new Exchange(), "user: a long question", "an answer", "x");
        assertThat(c.input()).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo("user: a long question"));
        assertThat(c.output()).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo("an answer"));
        assertThat(Conversation.of("embeddings", new Exchange(), null, null, "e").input()).isEmpty();
    }

    @Test
    void reasoningIsShownWithItsMessage() {
        String response = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"42\","
                + "\"reasoning_content\":\"6 times 7\"},\"finish_reason\":\"stop\"}]}";
        Conversation c = openAi("chat", "{\"messages\":[]}", response);
        assertThat(c.output()).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("42");
            assertThat(m.reasoning()).isEqualTo("6 times 7");
        });
    }
}
