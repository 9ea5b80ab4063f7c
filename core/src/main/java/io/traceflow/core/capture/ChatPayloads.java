package io.traceflow.core.capture;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.traceflow.core.model.StepRow;

/**
 * Turns a {@link ChatCapture} into the columns of a step: request and response JSON in a stable shape, readable
 * input and output text, finish reason, token usage. The request JSON holds {@code model}, {@code messages} (as the
 * framework serialized them), {@code parameters} and {@code tools}; the response JSON holds {@code id},
 * {@code model}, {@code text}, {@code thinking}, {@code tool_calls}, {@code finish_reason} and {@code usage}.
 */
public final class ChatPayloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatPayloads() {
    }

    /** The request side as JSON ({@code model}, {@code messages}, {@code parameters}, {@code tools}). */
    public static String requestJson(ChatCapture capture) {
        return write(requestNode(capture));
    }

    private static ObjectNode requestNode(ChatCapture capture) {
        ObjectNode request = JSON.createObjectNode();
        if (capture.requestedModel != null) {
            request.put("model", capture.requestedModel);
        }
        JsonNode messages = OpenAiPayloads.parse(capture.messagesJson);
        request.set("messages", messages != null ? messages : JSON.createArrayNode());
        if (!capture.parameters.isEmpty()) {
            request.set("parameters", JSON.valueToTree(capture.parameters));
        }
        if (!capture.tools.isEmpty()) {
            request.set("tools", JSON.valueToTree(capture.tools));
        }
        return request;
    }

    public static void fill(StepRow row, ChatCapture capture, ContentPolicy policy) {
        row.model = capture.requestedModel;
        ObjectNode request = requestNode(capture);
        row.requestJson = policy.content(write(request), row);
        row.inputText = policy.content(readableConversation(request.get("messages")), row);

        if (!capture.answered) {
            return;
        }
        row.responseModel = capture.responseModel;
        row.finishReason = capture.finishReason == null ? null : capture.finishReason.toLowerCase(Locale.ROOT);
        row.responseJson = policy.content(responseJson(capture), row);

        StringBuilder output = new StringBuilder(capture.text == null ? "" : capture.text);
        for (Map<String, Object> call : capture.toolCalls) {
            appendLine(output, "tool call " + call.get("name") + "(" + call.get("arguments") + ")");
        }
        row.outputText = policy.content(output.toString(), row);
        row.promptTokens = toLong(capture.inputTokens);
        row.completionTokens = toLong(capture.outputTokens);
        row.totalTokens = toLong(capture.totalTokens);
    }

    /**
     * The response side as JSON ({@code id}, {@code model}, {@code text}, {@code thinking}, {@code tool_calls},
     * {@code finish_reason} as the framework names it, {@code usage}); also what the cache stores.
     */
    public static String responseJson(ChatCapture capture) {
        ObjectNode response = JSON.createObjectNode();
        putIfNotNull(response, "id", capture.responseId);
        putIfNotNull(response, "model", capture.responseModel);
        putIfNotNull(response, "text", capture.text);
        putIfNotNull(response, "thinking", capture.thinking);
        if (!capture.toolCalls.isEmpty()) {
            response.set("tool_calls", JSON.valueToTree(capture.toolCalls));
        }
        putIfNotNull(response, "finish_reason", capture.finishReason);
        ObjectNode usage = response.putObject("usage");
        putIfNotNull(usage, "input_tokens", capture.inputTokens);
        putIfNotNull(usage, "output_tokens", capture.outputTokens);
        putIfNotNull(usage, "total_tokens", capture.totalTokens);
        if (!capture.partials.isEmpty()) {
            response.set("partials", JSON.valueToTree(capture.partials));
        }
        return write(response);
    }

    /** Reads {@link #responseJson} back (for a cache hit); null when it is not that shape. */
    public static ChatCapture parseResponse(String json) {
        JsonNode node = OpenAiPayloads.parse(json);
        if (node == null || !node.isObject()) {
            return null;
        }
        ChatCapture capture = new ChatCapture();
        capture.answered = true;
        capture.responseId = textOrNull(node, "id");
        capture.responseModel = textOrNull(node, "model");
        capture.text = textOrNull(node, "text");
        capture.thinking = textOrNull(node, "thinking");
        capture.finishReason = textOrNull(node, "finish_reason");
        for (JsonNode call : node.path("tool_calls")) {
            Map<String, Object> c = new java.util.LinkedHashMap<>();
            c.put("id", textOrNull(call, "id"));
            c.put("name", textOrNull(call, "name"));
            c.put("arguments", textOrNull(call, "arguments"));
            capture.toolCalls.add(c);
        }
        JsonNode usage = node.path("usage");
        capture.inputTokens = usage.path("input_tokens").isNumber() ? usage.get("input_tokens").asInt() : null;
        capture.outputTokens = usage.path("output_tokens").isNumber() ? usage.get("output_tokens").asInt() : null;
        capture.totalTokens = usage.path("total_tokens").isNumber() ? usage.get("total_tokens").asInt() : null;
        for (JsonNode partial : node.path("partials")) {
            capture.partials.add(partial.asText());
        }
        return capture;
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * "role: text" lines from LangChain4j's message JSON ({@code type} SYSTEM, USER, AI, TOOL_EXECUTION_RESULT,
     * CUSTOM); unknown shapes fall back to their JSON.
     */
    static String readableConversation(JsonNode messages) {
        if (messages == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode m : messages) {
            String type = m.path("type").asText("");
            switch (type) {
                case "SYSTEM" -> appendLine(out, "system: " + m.path("text").asText(""));
                case "USER" -> appendLine(out, "user: " + userText(m));
                case "AI" -> {
                    String text = m.path("text").asText("");
                    StringBuilder line = new StringBuilder("assistant: " + text);
                    for (JsonNode call : m.path("toolExecutionRequests")) {
                        line.append(line.length() > "assistant: ".length() ? " " : "").append("tool call ")
                                .append(call.path("name").asText()).append('(').append(call.path("arguments").asText())
                                .append(')');
                    }
                    appendLine(out, line.toString());
                }
                case "TOOL_EXECUTION_RESULT" -> appendLine(out, "tool " + m.path("toolName").asText("") + ": "
                        + userText(m)); // "text" up to 1.x early lines, "contents" later
                default -> appendLine(out, type.toLowerCase(Locale.ROOT) + ": " + m);
            }
        }
        return out.toString();
    }

    /** A message's text: its {@code text} field, or its {@code contents} parts (non-text parts as [type]). */
    private static String userText(JsonNode message) {
        if (message.hasNonNull("text")) {
            return message.get("text").asText();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode content : message.path("contents")) {
            if (content.hasNonNull("text")) {
                out.append(content.get("text").asText());
            } else {
                out.append('[').append(content.path("type").asText("content").toLowerCase(Locale.ROOT)).append(']');
            }
        }
        return out.toString();
    }

    /** JSON of plain JDK values (maps, lists, strings, numbers), or null; for adapters' free-form columns. */
    public static String toJson(Object value) {
        try {
            return value == null ? null : JSON.writeValueAsString(value);
        } catch (IOException e) {
            return null;
        }
    }

    /** Plain JDK values (maps, lists, strings, numbers) from JSON, or null; the inverse of {@link #toJson}. */
    public static Object fromJson(String json) {
        try {
            return json == null ? null : JSON.readValue(json, Object.class);
        } catch (IOException e) {
            return null;
        }
    }


    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            return null;
        }
    }

    private static void putIfNotNull(ObjectNode node, String field, Object value) {
        if (value instanceof String s) {
            node.put(field, s);
        } else if (value instanceof Integer i) {
            node.put(field, i);
        }
    }

    private static void appendLine(StringBuilder sb, String line) {
        if (sb.length() > 0) {
            sb.append('\n');
        }
        sb.append(line);
    }

    private static Long toLong(Integer value) {
        return value == null ? null : value.longValue();
    }
}
