package io.traceflow.core.format.openai;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.Exchange.Parameters;
import io.traceflow.core.format.FinishReasons;
import io.traceflow.core.format.Message;
import io.traceflow.core.format.Part;
import io.traceflow.core.format.ToolDefinition;
import io.traceflow.core.format.Usage;
import io.traceflow.schema.Operations;

/**
 * The OpenAI API's wire JSON (Chat Completions, the Responses API, embeddings; request bodies, responses and stream
 * chunks) read into an {@link Exchange}. Works on the JSON of the public API, not on SDK classes, so it is
 * version-tolerant and serves every client that speaks this format: the OpenAI Java SDK's adapter, and the
 * migration that fills the neutral columns of rows recorded before them. Runs on the writer thread.
 *
 * <p>Its public methods take and return only JDK and core types: adapters calling it live in class loaders whose
 * Jackson (the application's) is not ours.
 */
public final class OpenAiWire {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Top-level request fields that are the conversation, the tools or transport, not parameters. */
    private static final Set<String> NOT_PARAMETERS = Set.of("messages", "input", "instructions", "tools",
            "functions", "model", "stream_options", "user", "metadata", "store", "prompt_cache_key",
            "safety_identifier", "previous_response_id", "include", "conversation", "prompt");

    private OpenAiWire() {
    }

    /**
     * Reads one call.
     *
     * @param operation {@code chat}, {@code responses} or {@code embeddings}
     * @param requestJson the request body as sent, or null
     * @param responseJson the response body, or null (a failed call, or a stream: see {@code streamJsons})
     * @param streamJsons a stream's chunks or events in order, or null when not streamed
     */
    public static Exchange read(String operation, String requestJson, String responseJson, List<String> streamJsons) {
        Exchange exchange = new Exchange();
        String response = responseJson;
        if (streamJsons != null && !streamJsons.isEmpty()) {
            response = write(Operations.RESPONSES.equals(operation) ? assembleResponseEvents(streamJsons)
                    : assembleChatChunks(streamJsons));
        }
        JsonNode request = parse(requestJson);
        JsonNode answer = parse(response);
        exchange.requestJson = requestJson;
        exchange.responseJson = response;
        switch (operation) {
            case Operations.RESPONSES -> {
                responsesRequest(request, exchange);
                responsesResponse(answer, exchange);
            }
            case Operations.EMBEDDINGS -> {
                embeddingsRequest(request, exchange);
                embeddingsResponse(answer, exchange);
            }
            default -> {
                chatRequest(request, exchange);
                chatResponse(answer, exchange);
            }
        }
        return exchange;
    }

    // ---- Chat Completions ----

    private static void chatRequest(JsonNode request, Exchange exchange) {
        if (request == null) {
            return;
        }
        exchange.model = text(request, "model");
        parameters(request, exchange);
        JsonNode maxTokens = request.hasNonNull("max_completion_tokens") ? request.get("max_completion_tokens")
                : request.get("max_tokens");
        exchange.parameter(Parameters.MAX_TOKENS, number(maxTokens));
        exchange.parameter(Parameters.CHOICE_COUNT, number(request.get("n")));
        for (JsonNode m : request.path("messages")) {
            exchange.in(chatMessage(m, null));
        }
        for (JsonNode tool : request.path("tools")) {
            JsonNode function = tool.path("function");
            if (function.isObject()) {
                exchange.tools.add(ToolDefinition.function(text(function, "name"), text(function, "description"),
                        jsonOrNull(function.get("parameters"))));
            } else {
                JsonNode custom = tool.path(text(tool, "type") == null ? "" : text(tool, "type"));
                exchange.tools.add(new ToolDefinition(text(tool, "type"), text(custom, "name"),
                        text(custom, "description"), null));
            }
        }
        for (JsonNode function : request.path("functions")) { // the deprecated form
            exchange.tools.add(ToolDefinition.function(text(function, "name"), text(function, "description"),
                    jsonOrNull(function.get("parameters"))));
        }
    }

    private static void chatResponse(JsonNode response, Exchange exchange) {
        if (response == null || !response.isObject()) {
            return;
        }
        exchange.responseId = text(response, "id");
        exchange.responseModel = text(response, "model");
        for (JsonNode choice : response.path("choices")) {
            String reported = text(choice, "finish_reason");
            if (exchange.finishReason == null) {
                exchange.finishReason = reported;
            }
            exchange.out(chatMessage(choice.path("message"), FinishReasons.normalize(reported)));
        }
        exchange.answered = true;
        JsonNode usage = response.path("usage");
        if (usage.isObject()) {
            exchange.usage = new Usage(longOrNull(usage.path("prompt_tokens")),
                    longOrNull(usage.path("completion_tokens")), longOrNull(usage.path("total_tokens")),
                    longOrNull(usage.path("prompt_tokens_details").path("cached_tokens")), null,
                    longOrNull(usage.path("completion_tokens_details").path("reasoning_tokens")));
        }
    }

    /** {@code {"role", "content": "…" | [parts], "tool_calls": […], "tool_call_id", "name"}}. */
    private static Message chatMessage(JsonNode m, String finishReason) {
        String role = m.path("role").asText(Message.ASSISTANT);
        if (role.equals("developer")) {
            role = Message.SYSTEM;
        }
        List<Part> parts = new java.util.ArrayList<>();
        if (m.hasNonNull("reasoning_content")) { // OpenAI-compatible servers that return their reasoning
            parts.add(new Part.Reasoning(m.get("reasoning_content").asText()));
        }
        if (Message.TOOL.equals(role)) {
            parts.add(new Part.ToolCallResponse(text(m, "tool_call_id"), contentText(m.get("content"))));
        } else {
            contentParts(m.get("content"), parts);
        }
        if (m.hasNonNull("refusal")) {
            parts.add(new Part.Text(m.get("refusal").asText()));
        }
        for (JsonNode call : m.path("tool_calls")) {
            JsonNode function = call.path("function");
            if (function.isObject()) {
                parts.add(new Part.ToolCall(text(call, "id"), text(function, "name"), argumentsText(function)));
            } else { // a custom tool: {"custom": {"name", "input"}}
                JsonNode custom = call.path("custom");
                parts.add(new Part.ToolCall(text(call, "id"), text(custom, "name"), text(custom, "input")));
            }
        }
        if (m.path("function_call").isObject()) { // the deprecated form
            JsonNode function = m.get("function_call");
            parts.add(new Part.ToolCall(null, text(function, "name"), argumentsText(function)));
        }
        return new Message(role, parts, Message.TOOL.equals(role) ? null : text(m, "name"), finishReason);
    }

    /** A content value: a string, or an array of parts (text, images, audio, files). */
    private static void contentParts(JsonNode content, List<Part> parts) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            return;
        }
        if (content.isTextual()) {
            parts.add(new Part.Text(content.asText()));
            return;
        }
        for (JsonNode part : content) {
            String type = part.path("type").asText("");
            switch (type) {
                case "text", "input_text", "output_text" -> parts.add(new Part.Text(text(part, "text")));
                case "refusal" -> parts.add(new Part.Text(text(part, "refusal")));
                case "image_url" -> parts.add(media("image", text(part.path("image_url"), "url"), null));
                case "input_image" -> parts.add(part.hasNonNull("image_url")
                        ? media("image", text(part, "image_url"), null)
                        : new Part.File("image", text(part, "file_id"), null, null));
                case "input_audio" -> {
                    String data = text(part.path("input_audio"), "data");
                    parts.add(new Part.Blob("audio", "audio/" + part.path("input_audio").path("format").asText("wav"),
                            data == null ? 0 : base64Bytes(data)));
                }
                case "file", "input_file" -> {
                    JsonNode file = part.path("file").isObject() ? part.path("file") : part;
                    String name = text(file, "filename");
                    parts.add(new Part.File(null, text(file, "file_id"), name, null));
                }
                default -> {
                    if (part.isTextual()) {
                        parts.add(new Part.Text(part.asText()));
                    } else if (part.hasNonNull("text")) {
                        parts.add(new Part.Text(part.get("text").asText()));
                    } else {
                        parts.add(new Part.Other(type.isEmpty() ? "part" : type, null));
                    }
                }
            }
        }
    }

    /** An image by URL; a {@code data:} URL is inline bytes, kept as their kind and size only. */
    private static Part media(String modality, String url, String mimeType) {
        if (url != null && url.startsWith("data:")) {
            int comma = url.indexOf(',');
            int semicolon = url.indexOf(';');
            String mime = semicolon > 5 ? url.substring(5, semicolon) : mimeType;
            return new Part.Blob(modality, mime, comma < 0 ? 0 : base64Bytes(url.substring(comma + 1)));
        }
        return new Part.Uri(modality, url, mimeType);
    }

    /**
     * Assembles streamed chat chunks into the equivalent of a non-streamed response (text, tool calls by index,
     * finish reason, usage from the usage chunk), so a streamed step reads like any other.
     */
    static ObjectNode assembleChatChunks(List<String> chunkJsons) {
        ObjectNode out = JSON.createObjectNode();
        StringBuilder content = null; // null until a content delta arrives: a tool-call-only answer has none
        StringBuilder reasoning = new StringBuilder();
        Map<Integer, ObjectNode> toolCalls = new java.util.TreeMap<>();
        Map<Integer, StringBuilder> toolArgs = new java.util.HashMap<>();
        String finishReason = null;
        for (String chunkJson : chunkJsons) {
            JsonNode chunk = parse(chunkJson);
            if (chunk == null) {
                continue;
            }
            copyIfPresent(chunk, out, "id");
            copyIfPresent(chunk, out, "model");
            copyIfPresent(chunk, out, "created");
            copyIfPresent(chunk, out, "system_fingerprint");
            copyIfPresent(chunk, out, "service_tier");
            if (chunk.hasNonNull("usage")) {
                out.set("usage", chunk.get("usage"));
            }
            JsonNode choice = chunk.path("choices").path(0);
            JsonNode delta = choice.path("delta");
            if (delta.hasNonNull("content")) {
                content = content == null ? new StringBuilder() : content;
                content.append(delta.get("content").asText());
            }
            if (delta.hasNonNull("reasoning_content")) {
                reasoning.append(delta.get("reasoning_content").asText());
            }
            for (JsonNode call : delta.path("tool_calls")) {
                int index = call.path("index").asInt(0);
                ObjectNode assembled = toolCalls.computeIfAbsent(index, i -> {
                    ObjectNode n = JSON.createObjectNode();
                    n.put("type", "function");
                    n.putObject("function");
                    return n;
                });
                if (call.hasNonNull("id")) {
                    assembled.put("id", call.get("id").asText());
                }
                JsonNode function = call.path("function");
                if (function.hasNonNull("name")) {
                    ((ObjectNode) assembled.get("function")).put("name", function.get("name").asText());
                }
                if (function.hasNonNull("arguments")) {
                    toolArgs.computeIfAbsent(index, i -> new StringBuilder()).append(function.get("arguments").asText());
                }
            }
            if (choice.hasNonNull("finish_reason")) {
                finishReason = choice.get("finish_reason").asText();
            }
        }
        out.put("object", "chat.completion");
        ArrayNode choices = out.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (content != null) {
            message.put("content", content.toString());
        } else {
            message.putNull("content"); // as in a completion that only calls tools
        }
        if (reasoning.length() > 0) {
            message.put("reasoning_content", reasoning.toString());
        }
        if (!toolCalls.isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            toolCalls.forEach((index, call) -> {
                ((ObjectNode) call.get("function")).put("arguments",
                        toolArgs.getOrDefault(index, new StringBuilder()).toString());
                calls.add(call);
            });
        }
        if (finishReason != null) {
            choice.put("finish_reason", finishReason);
        } else {
            choice.putNull("finish_reason");
        }
        return out;
    }

    // ---- Responses API ----

    private static void responsesRequest(JsonNode request, Exchange exchange) {
        if (request == null) {
            return;
        }
        exchange.model = text(request, "model");
        parameters(request, exchange);
        exchange.parameter(Parameters.MAX_TOKENS, number(request.get("max_output_tokens")));
        String format = request.path("text").path("format").path("type").asText(null);
        if ("json_schema".equals(format) || "json_object".equals(format)) {
            exchange.parameter(Parameters.OUTPUT_TYPE, "json");
        }
        if (request.hasNonNull("instructions")) {
            exchange.systemInstructions.add(new Part.Text(request.get("instructions").asText()));
        }
        JsonNode in = request.path("input");
        if (in.isTextual()) {
            exchange.in(Message.text(Message.USER, in.asText()));
        } else {
            for (JsonNode item : in) {
                responsesInputItem(item, exchange);
            }
        }
        for (JsonNode tool : request.path("tools")) {
            String type = tool.path("type").asText("function");
            exchange.tools.add(new ToolDefinition(type, tool.hasNonNull("name") ? text(tool, "name") : type,
                    text(tool, "description"), jsonOrNull(tool.get("parameters"))));
        }
    }

    private static void responsesInputItem(JsonNode item, Exchange exchange) {
        String type = item.path("type").asText("message");
        switch (type) {
            case "function_call" -> exchange.in(Message.of(Message.ASSISTANT, List.of(new Part.ToolCall(
                    text(item, "call_id"), text(item, "name"), argumentsText(item)))));
            case "function_call_output" -> exchange.in(Message.of(Message.TOOL, List.of(new Part.ToolCallResponse(
                    text(item, "call_id"), contentText(item.get("output"))))));
            case "reasoning" -> exchange.in(Message.of(Message.ASSISTANT, List.of(new Part.Reasoning(
                    summaryText(item)))));
            case "message" -> {
                String role = item.path("role").asText(Message.USER);
                List<Part> parts = new java.util.ArrayList<>();
                contentParts(item.get("content"), parts);
                exchange.in(Message.of(role.equals("developer") ? Message.SYSTEM : role, parts));
            }
            default -> exchange.in(Message.of(Message.USER, List.of(new Part.Other(type, null))));
        }
    }

    private static void responsesResponse(JsonNode response, Exchange exchange) {
        if (response == null || !response.isObject()) {
            return;
        }
        exchange.responseId = text(response, "id");
        exchange.responseModel = text(response, "model");
        List<Part> parts = new java.util.ArrayList<>();
        boolean toolCall = false;
        for (JsonNode item : response.path("output")) {
            switch (item.path("type").asText("")) {
                case "message" -> contentParts(item.get("content"), parts);
                case "function_call" -> {
                    toolCall = true;
                    parts.add(new Part.ToolCall(text(item, "call_id"), text(item, "name"), argumentsText(item)));
                }
                case "reasoning" -> {
                    String summary = summaryText(item);
                    if (!summary.isEmpty()) {
                        parts.add(new Part.Reasoning(summary));
                    }
                }
                default -> {
                    // built-in tool calls (web search, file search, …) carry no answer text
                }
            }
        }
        String status = text(response, "status");
        String incomplete = text(response.path("incomplete_details"), "reason");
        exchange.finishReason = toolCall ? "tool_calls" : status;
        exchange.out(new Message(Message.ASSISTANT, parts, null,
                FinishReasons.normalize(toolCall ? "tool_calls" : incomplete != null ? incomplete : status)));
        JsonNode usage = response.path("usage");
        if (usage.isObject()) {
            exchange.usage = new Usage(longOrNull(usage.path("input_tokens")), longOrNull(usage.path("output_tokens")),
                    longOrNull(usage.path("total_tokens")),
                    longOrNull(usage.path("input_tokens_details").path("cached_tokens")), null,
                    longOrNull(usage.path("output_tokens_details").path("reasoning_tokens")));
        }
    }

    private static String summaryText(JsonNode reasoningItem) {
        StringBuilder out = new StringBuilder();
        for (JsonNode s : reasoningItem.path("summary")) {
            if (s.hasNonNull("text")) {
                out.append(out.length() > 0 ? "\n" : "").append(s.get("text").asText());
            }
        }
        return out.toString();
    }

    /**
     * The final response of a Responses API stream: the {@code response.completed} (or failed/incomplete) event
     * carries it whole; otherwise the text deltas are joined.
     */
    static ObjectNode assembleResponseEvents(List<String> eventJsons) {
        ObjectNode last = null;
        StringBuilder text = new StringBuilder();
        for (String eventJson : eventJsons) {
            JsonNode event = parse(eventJson);
            if (event == null) {
                continue;
            }
            if (event.path("response").isObject()) {
                last = (ObjectNode) event.get("response");
            }
            if ("response.output_text.delta".equals(event.path("type").asText())) {
                text.append(event.path("delta").asText());
            }
        }
        if (last != null && last.path("output").size() > 0) {
            return last;
        }
        ObjectNode out = last != null ? last : JSON.createObjectNode();
        ArrayNode output = out.putArray("output");
        ObjectNode message = output.addObject();
        message.put("type", "message");
        message.put("role", "assistant");
        ObjectNode part = message.putArray("content").addObject();
        part.put("type", "output_text");
        part.put("text", text.toString());
        return out;
    }

    // ---- embeddings ----

    private static void embeddingsRequest(JsonNode request, Exchange exchange) {
        if (request == null) {
            return;
        }
        exchange.model = text(request, "model");
        exchange.parameter("dimensions", number(request.get("dimensions")));
        if (request.hasNonNull("encoding_format")) {
            exchange.parameter(Parameters.ENCODING_FORMATS, List.of(request.get("encoding_format").asText()));
        }
        JsonNode in = request.path("input");
        List<Part> texts = new java.util.ArrayList<>();
        if (in.isTextual()) {
            texts.add(new Part.Text(in.asText()));
        } else {
            for (JsonNode item : in) { // strings, or token arrays
                texts.add(new Part.Text(item.isTextual() ? item.asText() : item.toString()));
            }
        }
        if (!texts.isEmpty()) {
            exchange.in(Message.of(Message.USER, texts));
        }
    }

    /**
     * The vectors are not kept (large, not readable): the stored response is a summary with each vector's size. The
     * SDK asks for base64 vectors by default, whose size is their decoded bytes over four (float32).
     */
    private static void embeddingsResponse(JsonNode response, Exchange exchange) {
        if (response == null || !response.isObject()) {
            return;
        }
        exchange.answered = true;
        exchange.responseModel = text(response, "model");
        ObjectNode summary = JSON.createObjectNode();
        copyIfPresent(response, summary, "object");
        copyIfPresent(response, summary, "model");
        ArrayNode data = summary.putArray("data");
        for (JsonNode item : response.path("data")) {
            JsonNode vector = item.path("embedding");
            int size = vector.isArray() ? vector.size()
                    : vector.isTextual() ? (int) (base64Bytes(vector.asText()) / 4)
                    : item.path("dimensions").asInt(-1); // a summary stored before (migration)
            ObjectNode d = data.addObject();
            d.put("index", item.path("index").asInt());
            d.put("dimensions", size);
            exchange.embeddingDimensions.add(size);
        }
        if (response.has("usage")) {
            summary.set("usage", response.get("usage"));
        }
        exchange.responseJson = write(summary);
        JsonNode usage = response.path("usage");
        exchange.usage = new Usage(longOrNull(usage.path("prompt_tokens")), null, longOrNull(usage.path("total_tokens")),
                null, null, null);
    }

    // ---- helpers ----

    /** Output-affecting top-level fields: the standard ones under their neutral names, others under their own. */
    private static void parameters(JsonNode request, Exchange exchange) {
        for (Iterator<Map.Entry<String, JsonNode>> it = request.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (NOT_PARAMETERS.contains(name) || value.isNull()) {
                continue;
            }
            switch (name) {
                case "temperature", "top_p", "frequency_penalty", "presence_penalty", "seed", "top_k" ->
                        exchange.parameter(name, number(value));
                case "stop" -> exchange.parameter(Parameters.STOP_SEQUENCES,
                        value.isTextual() ? List.of(value.asText()) : JSON.convertValue(value, List.class));
                case "stream" -> exchange.parameter(Parameters.STREAM, value.asBoolean());
                case "max_tokens", "max_completion_tokens", "max_output_tokens", "n" -> {
                    // mapped by the caller
                }
                case "response_format" -> {
                    String type = value.path("type").asText("");
                    if (type.startsWith("json")) {
                        exchange.parameter(Parameters.OUTPUT_TYPE, "json");
                    }
                    exchange.parameter(name, JSON.convertValue(value, Object.class));
                }
                default -> exchange.parameter(name, JSON.convertValue(value, Object.class));
            }
        }
    }

    private static String argumentsText(JsonNode function) {
        JsonNode args = function.get("arguments");
        return args == null || args.isNull() ? null : args.isTextual() ? args.asText() : args.toString();
    }

    /** Text of a content value: a string, or the text parts of an array. */
    private static String contentText(JsonNode content) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            return null;
        }
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

    /** Bytes encoded by a base64 text, without decoding it. */
    static long base64Bytes(String base64) {
        String s = base64.trim();
        int padding = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
        return Math.max(0, (long) s.length() * 3 / 4 - padding);
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

    private static String jsonOrNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : write(node);
    }

    private static Number number(JsonNode node) {
        return node == null || !node.isNumber() ? null : node.numberValue();
    }

    private static void copyIfPresent(JsonNode from, ObjectNode to, String field) {
        if (from.hasNonNull(field)) {
            to.set(field, from.get(field));
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    static Long longOrNull(JsonNode node) {
        return node.isNumber() ? node.asLong() : null;
    }

}
