package io.traceflow.eval.builtin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.traceflow.eval.api.StepView;

/**
 * Reads what evaluators need out of a step's stored JSON, in the three shapes TraceFlow stores: OpenAI Chat
 * Completions, the OpenAI Responses API, and LangChain4j (see {@code ChatPayloads}). Jackson stays inside: callers
 * get JDK types. {@link #answer} is the answer reader of every {@link StepView} TraceFlow builds
 * ({@code StepViews.builder()}).
 */
public final class Payloads {
    static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {
    }

    public static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    /** The answer's text and tool calls, from the response JSON; the readable output text when it cannot be read. */
    public static StepView.Answer answer(StepView step) {
        JsonNode response = parse(step.responseJson());
        if (response == null || !response.isObject()) {
            String out = step.outputText();
            return new StepView.Answer(out, List.of());
        }
        StringBuilder text = new StringBuilder();
        List<StepView.ToolCall> calls = new ArrayList<>();
        if (response.has("choices")) { // OpenAI Chat Completions
            JsonNode message = response.path("choices").path(0).path("message");
            text.append(contentText(message.path("content")));
            for (JsonNode call : message.path("tool_calls")) {
                JsonNode function = call.path("function");
                calls.add(new StepView.ToolCall(function.path("name").asText(null), argumentsText(function.path("arguments"))));
            }
        } else if (response.has("output")) { // OpenAI Responses API
            for (JsonNode item : response.path("output")) {
                String type = item.path("type").asText("");
                if (type.equals("message")) {
                    for (JsonNode part : item.path("content")) {
                        if (part.path("type").asText("").equals("output_text")) {
                            text.append(part.path("text").asText(""));
                        }
                    }
                } else if (type.equals("function_call")) {
                    calls.add(new StepView.ToolCall(item.path("name").asText(null), argumentsText(item.path("arguments"))));
                }
            }
        } else { // LangChain4j, as ChatPayloads stores it
            if (response.hasNonNull("text")) {
                text.append(response.get("text").asText());
            }
            for (JsonNode call : response.path("tool_calls")) {
                calls.add(new StepView.ToolCall(call.path("name").asText(null), argumentsText(call.path("arguments"))));
            }
            if (!response.has("text") && !response.has("tool_calls") && step.outputText() != null) {
                text.append(step.outputText()); // e.g. a trace root's {"result": ...}
            }
        }
        return new StepView.Answer(text.toString(), calls);
    }

    private static String argumentsText(JsonNode arguments) {
        if (arguments.isMissingNode() || arguments.isNull()) {
            return null;
        }
        return arguments.isTextual() ? arguments.asText() : arguments.toString();
    }

    private static String contentText(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode part : content) {
            if (part.hasNonNull("text")) {
                out.append(part.get("text").asText());
            }
        }
        return out.toString();
    }

    /**
     * The tools the request offered, by name, with the JSON Schema of their parameters (null when a tool declared
     * none). {@code null} when the request JSON cannot be read.
     */
    public static Map<String, JsonNode> offeredTools(StepView step) {
        JsonNode request = parse(step.requestJson());
        if (request == null) {
            return null;
        }
        Map<String, JsonNode> tools = new LinkedHashMap<>();
        for (JsonNode tool : request.path("tools")) {
            if (tool.has("function")) { // Chat Completions: {type: function, function: {name, parameters}}
                JsonNode function = tool.path("function");
                tools.put(function.path("name").asText(""), function.get("parameters"));
            } else if (tool.has("name")) { // Responses API {type: function, name, parameters}; LangChain4j {name, parameters}
                tools.put(tool.path("name").asText(""), tool.get("parameters"));
            }
        }
        return tools;
    }
}
