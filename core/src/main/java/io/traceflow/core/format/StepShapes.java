package io.traceflow.core.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON TraceFlow stores for steps that have no wire format, in both directions, with their neutral form:
 * <ul>
 *   <li>a tool execution: request {@code {"id", "name", "arguments"}}, response {@code {"result"}}; neutral: the
 *       assistant's tool call in, the tool's response out;</li>
 *   <li>a trace root (AI Service call, traced method): request {@code {"method", "arguments": […]}}, response
 *       {@code {"result"}}; neutral: the arguments as a user message, the result as the assistant's;</li>
 *   <li>a framework's embeddings call: request {@code {"input": […]}}; neutral: the texts as one user message.</li>
 * </ul>
 */
public final class StepShapes {
    private StepShapes() {
    }

    public static Exchange tool(String id, String name, String arguments, String result) {
        Exchange exchange = new Exchange();
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", id);
        call.put("name", name);
        call.put("arguments", arguments);
        exchange.requestJson = NeutralJson.toJson(call);
        exchange.in(Message.of(Message.ASSISTANT, List.of(new Part.ToolCall(id, name, arguments))));
        if (result != null) {
            exchange.responseJson = NeutralJson.toJson(Map.of("result", result));
            exchange.out(new Message(Message.TOOL, List.of(new Part.ToolCallResponse(id, result)), name, null));
        }
        return exchange;
    }

    public static Exchange root(String method, List<String> arguments, String result) {
        Exchange exchange = new Exchange();
        Map<String, Object> request = new LinkedHashMap<>(); // the method is unknown when read back from cut JSON
        request.put("method", method);
        request.put("arguments", arguments);
        exchange.requestJson = NeutralJson.toJson(request);
        exchange.in(Message.text(Message.USER, String.join("\n", arguments)));
        if (result != null) {
            exchange.responseJson = NeutralJson.toJson(Map.of("result", result));
            exchange.out(Message.text(Message.ASSISTANT, result));
        }
        return exchange;
    }

    public static Exchange embeddings(List<String> texts) {
        Exchange exchange = new Exchange();
        exchange.requestJson = NeutralJson.toJson(Map.of("input", texts));
        List<Part> parts = new ArrayList<>();
        texts.forEach(t -> parts.add(new Part.Text(t)));
        if (!parts.isEmpty()) {
            exchange.in(Message.of(Message.USER, parts));
        }
        return exchange;
    }

    /** Reads a stored tool step back (for rows recorded before the neutral columns). */
    public static Exchange readTool(String requestJson, String responseJson, String inputText, String outputText) {
        JsonNode request = NeutralJson.parse(requestJson);
        JsonNode response = NeutralJson.parse(responseJson);
        String arguments = request != null && request.path("arguments").isTextual() ? request.get("arguments").asText()
                : inputText;
        String result = response != null && response.path("result").isTextual() ? response.get("result").asText()
                : outputText;
        Exchange exchange = tool(request == null ? null : text(request, "id"), request == null ? null
                : text(request, "name"), arguments, result);
        exchange.requestJson = requestJson;
        exchange.responseJson = responseJson;
        return exchange;
    }

    /** Reads a stored root step back. */
    public static Exchange readRoot(String requestJson, String responseJson, String inputText, String outputText) {
        JsonNode request = NeutralJson.parse(requestJson);
        JsonNode response = NeutralJson.parse(responseJson);
        List<String> arguments = new ArrayList<>();
        if (request != null && request.path("arguments").isArray()) {
            request.get("arguments").forEach(a -> arguments.add(a.isTextual() ? a.asText() : a.toString()));
        } else if (inputText != null) {
            arguments.add(inputText);
        }
        JsonNode resultNode = response == null ? null : response.get("result");
        String result = resultNode == null || resultNode.isNull() ? outputText
                : resultNode.isTextual() ? resultNode.asText() : resultNode.toPrettyString();
        Exchange exchange = root(request == null ? null : text(request, "method"), arguments, result);
        exchange.requestJson = requestJson;
        exchange.responseJson = responseJson;
        return exchange;
    }

    /** Reads a stored framework embeddings step back; the sizes come from its output text. */
    public static Exchange readEmbeddings(String requestJson, String inputText, String outputText) {
        JsonNode request = NeutralJson.parse(requestJson);
        List<String> texts = new ArrayList<>();
        if (request != null && request.path("input").isArray()) {
            request.get("input").forEach(t -> texts.add(t.asText()));
        } else if (inputText != null) {
            texts.addAll(List.of(inputText.split("\n", -1)));
        }
        Exchange exchange = embeddings(texts);
        exchange.requestJson = requestJson;
        if (outputText != null && outputText.contains("dimensions ")) {
            exchange.answered = true;
            for (String d : outputText.substring(outputText.indexOf("dimensions ") + 11).split(",\\s*")) {
                try {
                    exchange.embeddingDimensions.add(Integer.parseInt(d.trim()));
                } catch (NumberFormatException ignored) {
                    // not a size
                }
            }
        }
        return exchange;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
