package io.traceflow.core.format.langchain4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.Exchange.Parameters;
import io.traceflow.core.format.FinishReasons;
import io.traceflow.core.format.Message;
import io.traceflow.core.format.Part;
import io.traceflow.core.format.ToolDefinition;
import io.traceflow.core.format.Usage;

/**
 * The JSON TraceFlow stores for a LangChain4j chat call, which has no wire format of its own, in both directions.
 * The request: {@code {"model", "messages": [LangChain4j's ChatMessageSerializer JSON], "parameters": {…},
 * "tools": [{"name", "description", "parameters"}]}}; the response: {@code {"id", "model", "text", "thinking",
 * "tool_calls": [{"id", "name", "arguments"}], "finish_reason", "usage": {"input_tokens", "output_tokens",
 * "total_tokens", "cached_tokens", "cache_creation_tokens", "reasoning_tokens"}}} (the last three where the
 * provider module reports them). The messages are LangChain4j's documented persistence format (what a {@code ChatMemoryStore}
 * keeps), read here into the neutral form: by the LangChain4j adapter on every call, and by the migration for rows
 * recorded before the neutral columns existed.
 */
public final class LangChain4jShape {
    static final ObjectMapper JSON = new ObjectMapper();
    /**
     * A JSON response format, as {@code ResponseFormat.toString()} writes it ({@code ResponseFormat { type = JSON,
     * jsonSchema = … }}); the text of any format names {@code jsonSchema}, so the type must be read.
     */
    private static final Pattern JSON_FORMAT = Pattern.compile("(?i)^json$|\\btype\\s*=\\s*json\\b");

    private LangChain4jShape() {
    }

    /**
     * The request JSON.
     *
     * @param messagesJson the conversation as {@code ChatMessageSerializer.messagesToJson} wrote it
     * @param parameters the request's parameters under LangChain4j's names (JDK values, nulls left out)
     * @param tools each tool as {@code name}, {@code description}, {@code parameters} (a JSON Schema as a map)
     */
    public static String requestJson(String model, String messagesJson, Map<String, Object> parameters,
            List<Map<String, Object>> tools) {
        ObjectNode request = JSON.createObjectNode();
        if (model != null) {
            request.put("model", model);
        }
        JsonNode messages = parse(messagesJson);
        request.set("messages", messages != null ? messages : JSON.createArrayNode());
        if (!parameters.isEmpty()) {
            request.set("parameters", JSON.valueToTree(parameters));
        }
        if (!tools.isEmpty()) {
            request.set("tools", JSON.valueToTree(tools));
        }
        return write(request);
    }

    /** Reads a request of this shape into {@code exchange}: model, parameters, messages, tools. */
    public static void readRequest(String requestJson, Exchange exchange) {
        JsonNode request = parse(requestJson);
        if (request == null || !request.isObject()) {
            return;
        }
        exchange.model = text(request, "model");
        JsonNode p = request.path("parameters");
        for (String name : new String[] {"temperature", "top_p", "top_k", "frequency_penalty", "presence_penalty"}) {
            exchange.parameter(name, number(p.get(name)));
        }
        exchange.parameter(Parameters.MAX_TOKENS, number(p.get("max_output_tokens")));
        if (p.path("stop").isArray()) {
            exchange.parameter(Parameters.STOP_SEQUENCES, JSON.convertValue(p.get("stop"), List.class));
        }
        exchange.parameter("tool_choice", text(p, "tool_choice"));
        String format = text(p, "response_format");
        if (format != null) {
            exchange.parameter("response_format", format);
            if (JSON_FORMAT.matcher(format).find()) {
                exchange.parameter(Parameters.OUTPUT_TYPE, "json");
            }
        }
        exchange.input.addAll(messages(request.get("messages")));
        for (JsonNode tool : request.path("tools")) {
            JsonNode schema = tool.get("parameters");
            exchange.tools.add(ToolDefinition.function(text(tool, "name"), text(tool, "description"),
                    schema == null || schema.isNull() ? null : schema.isTextual() ? schema.asText() : write(schema)));
        }
    }

    /** Messages of LangChain4j's serializer JSON ({@code type} SYSTEM, USER, AI, TOOL_EXECUTION_RESULT, CUSTOM). */
    public static List<Message> messages(String messagesJson) {
        return messages(parse(messagesJson));
    }

    private static List<Message> messages(JsonNode array) {
        List<Message> out = new ArrayList<>();
        if (array == null) {
            return out;
        }
        for (JsonNode m : array) {
            String type = m.path("type").asText("").toUpperCase(Locale.ROOT);
            switch (type) {
                case "SYSTEM" -> out.add(Message.text(Message.SYSTEM, text(m, "text")));
                case "USER" -> out.add(new Message(Message.USER, contents(m), text(m, "name"), null));
                case "AI" -> {
                    List<Part> parts = new ArrayList<>();
                    if (m.hasNonNull("thinking")) {
                        parts.add(new Part.Reasoning(m.get("thinking").asText()));
                    }
                    if (m.hasNonNull("text")) {
                        parts.add(new Part.Text(m.get("text").asText()));
                    }
                    for (JsonNode call : m.path("toolExecutionRequests")) {
                        parts.add(new Part.ToolCall(text(call, "id"), text(call, "name"), text(call, "arguments")));
                    }
                    out.add(Message.of(Message.ASSISTANT, parts));
                }
                // "text" up to early 1.x lines, "contents" later
                case "TOOL_EXECUTION_RESULT" -> out.add(new Message(Message.TOOL, List.of(new Part.ToolCallResponse(
                        text(m, "id"), joinedText(m))), text(m, "toolName"), null));
                default -> out.add(Message.of(type.isEmpty() ? "unknown" : type.toLowerCase(Locale.ROOT),
                        List.of(new Part.Text(joinedText(m) != null ? joinedText(m) : m.toString()))));
            }
        }
        return out;
    }

    /** A user message's parts: its {@code text}, or its {@code contents} (text, image, audio, video, pdf). */
    private static List<Part> contents(JsonNode message) {
        List<Part> parts = new ArrayList<>();
        if (message.hasNonNull("text")) {
            parts.add(new Part.Text(message.get("text").asText()));
            return parts;
        }
        for (JsonNode content : message.path("contents")) {
            String type = content.path("type").asText("").toLowerCase(Locale.ROOT);
            if (content.hasNonNull("text")) {
                parts.add(new Part.Text(content.get("text").asText()));
                continue;
            }
            // {"type": "IMAGE", "image": {"url" | "base64Data", "mimeType"}}; a PDF's is "pdfFile"
            JsonNode media = content.path(type.equals("pdf") ? "pdfFile" : type);
            String url = text(media, "url");
            String data = text(media, "base64Data");
            String mime = text(media, "mimeType");
            String modality = type.equals("pdf") ? "file" : type;
            if (url != null) {
                parts.add(new Part.Uri(modality, url, mime));
            } else if (data != null) {
                parts.add(new Part.Blob(modality, mime, base64Bytes(data)));
            } else {
                parts.add(new Part.Other(type.isEmpty() ? "content" : type, null));
            }
        }
        return parts;
    }

    /** Bytes encoded by a base64 text, without decoding it (as the OpenAI reader counts them). */
    private static long base64Bytes(String base64) {
        String s = base64.trim();
        int padding = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
        return Math.max(0, (long) s.length() * 3 / 4 - padding);
    }

    private static String joinedText(JsonNode message) {
        if (message.hasNonNull("text")) {
            return message.get("text").asText();
        }
        StringBuilder out = null;
        for (JsonNode content : message.path("contents")) {
            if (content.hasNonNull("text")) {
                out = out == null ? new StringBuilder() : out;
                out.append(content.get("text").asText());
            }
        }
        return out == null ? null : out.toString();
    }

    /** Reads a response of this shape into {@code exchange}: id, model, the answer, finish reason, usage. */
    public static void readResponse(String responseJson, Exchange exchange) {
        JsonNode response = parse(responseJson);
        if (response == null || !response.isObject()) {
            return;
        }
        exchange.responseId = text(response, "id");
        exchange.responseModel = text(response, "model");
        exchange.finishReason = text(response, "finish_reason") == null ? null
                : text(response, "finish_reason").toLowerCase(Locale.ROOT);
        List<Part> parts = new ArrayList<>();
        if (response.hasNonNull("thinking")) {
            parts.add(new Part.Reasoning(response.get("thinking").asText()));
        }
        if (response.hasNonNull("text")) {
            parts.add(new Part.Text(response.get("text").asText()));
        }
        for (JsonNode call : response.path("tool_calls")) {
            parts.add(new Part.ToolCall(text(call, "id"), text(call, "name"), text(call, "arguments")));
        }
        exchange.out(new Message(Message.ASSISTANT, parts, null, FinishReasons.normalize(exchange.finishReason)));
        JsonNode usage = response.path("usage");
        exchange.usage = new Usage(longOrNull(usage.path("input_tokens")), longOrNull(usage.path("output_tokens")),
                longOrNull(usage.path("total_tokens")), longOrNull(usage.path("cached_tokens")),
                longOrNull(usage.path("cache_creation_tokens")), longOrNull(usage.path("reasoning_tokens")));
    }

    static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static Number number(JsonNode node) {
        return node == null || !node.isNumber() ? null : node.numberValue();
    }

    private static Long longOrNull(JsonNode node) {
        return node.isNumber() ? node.asLong() : null;
    }
}
