package io.traceflow.eval;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.NeutralJson;
import io.traceflow.core.format.langchain4j.LangChain4jShape;
import io.traceflow.core.format.openai.OpenAiWire;
import io.traceflow.eval.api.StepView;
import io.traceflow.eval.builtin.Payloads;

/** Crafted steps, in the shapes TraceFlow stores them (OpenAI chat and Responses API, LangChain4j). */
final class Steps {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
            + "\"days\":{\"type\":\"integer\",\"minimum\":1}},\"required\":[\"city\"],\"additionalProperties\":false}";

    private Steps() {
    }

    /**
     * The view with the neutral columns the agent's writer stores beside the verbatim JSON, read from that JSON as
     * the agent reads each library's calls: what evaluators read.
     */
    static StepView neutral(StepView view) {
        Exchange exchange;
        if ("langchain4j".equals(view.provider())) {
            exchange = new Exchange();
            LangChain4jShape.readRequest(view.requestJson(), exchange);
            LangChain4jShape.readResponse(view.responseJson(), exchange);
        } else {
            exchange = OpenAiWire.read(view.operation(), view.requestJson(), view.responseJson(), null);
        }
        return view.toBuilder().inputMessagesJson(NeutralJson.messages(exchange.input, t -> t))
                .outputMessagesJson(NeutralJson.messages(exchange.output, t -> t))
                .toolDefinitionsJson(NeutralJson.tools(exchange.tools, true, t -> t)).build();
    }

    static StepView.Builder base() {
        return StepViews.builder().id("01STEP").traceId("01TRACE").seq(1).traceName("chat gpt-4o-mini")
                .traceKind("auto").name("chat gpt-4o-mini").provider("openai").operation("chat").model("gpt-4o-mini")
                .responseModel("gpt-4o-mini-2024-07-18").promptTokens(100L).completionTokens(20L).totalTokens(120L)
                .latencyMs(812.5).startedAt(1_767_225_600_000L).endedAt(1_767_225_600_812L).status("ok");
    }

    /** An OpenAI chat completion that answered {@code answer}. */
    static StepView chat(String answer) {
        return neutral(base().requestJson(chatRequest("What is the capital of France?", false))
                .responseJson(chatResponse(answer, List.of())).inputText("user: What is the capital of France?")
                .outputText(answer).finishReason("stop").build());
    }

    static String chatRequest(String prompt, boolean tools) {
        ObjectNode r = JSON.createObjectNode().put("model", "gpt-4o-mini");
        r.putArray("messages").addObject().put("role", "user").put("content", prompt);
        if (tools) {
            ObjectNode function = r.putArray("tools").addObject().put("type", "function").putObject("function");
            function.put("name", "get_weather");
            function.set("parameters", Payloads.parse(WEATHER_SCHEMA));
        }
        return r.toString();
    }

    /** @param calls name, arguments pairs */
    static String chatResponse(String answer, List<String[]> calls) {
        ObjectNode r = JSON.createObjectNode().put("id", "chatcmpl-1").put("model", "gpt-4o-mini");
        ObjectNode message = r.putArray("choices").addObject().putObject("message").put("role", "assistant");
        if (answer == null) {
            message.putNull("content");
        } else {
            message.put("content", answer);
        }
        if (!calls.isEmpty()) {
            ArrayNode toolCalls = message.putArray("tool_calls");
            for (String[] c : calls) {
                toolCalls.addObject().put("id", "call_1").put("type", "function").putObject("function")
                        .put("name", c[0]).put("arguments", c[1]);
            }
        }
        return r.toString();
    }

    /** A chat step whose answer is tool calls of get_weather (offered with {@link #WEATHER_SCHEMA}). */
    static StepView toolCalls(String... namesAndArguments) {
        List<String[]> calls = new java.util.ArrayList<>();
        for (int i = 0; i < namesAndArguments.length; i += 2) {
            calls.add(new String[] {namesAndArguments[i], namesAndArguments[i + 1]});
        }
        return neutral(base().requestJson(chatRequest("Weather in Paris?", true)).responseJson(chatResponse(null, calls))
                .inputText("user: Weather in Paris?").outputText("tool call ...").finishReason("tool_calls").build());
    }

    /** A failed chat call. */
    static StepView failed() {
        return neutral(base().requestJson(chatRequest("Hello", false)).inputText("user: Hello").status("error")
                .error("InternalServerException: 500 boom").httpStatus(500).completionTokens(null).totalTokens(null)
                .promptTokens(null).build());
    }

    /** Metadata only (traceflow.capture.content=false). */
    static StepView metadataOnly() {
        return base().build();
    }
}
