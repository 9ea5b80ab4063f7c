package io.traceflow.core.capture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.traceflow.core.model.StepRow;

/**
 * Fills a step from OpenAI wire JSON (request body, response body, or stream chunks): model, readable input and
 * output text, tool calls, finish reason, token usage. Works on the JSON of the public API, not on SDK classes, so
 * it is version-tolerant and reusable by every integration that speaks the OpenAI format. Runs on the writer thread.
 *
 * <p>Its public methods take and return only JDK and core types: adapters calling it live in plugin loaders whose
 * Jackson (the app's) is not ours.
 */
public final class OpenAiPayloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiPayloads() {
    }

    static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Fills {@code row} for one call.
     *
     * @param operation {@code chat}, {@code responses} or {@code embeddings}
     * @param requestJson the request body as sent
     * @param responseJson the response body, or null (failed call, or a stream: see {@code streamJsons})
     * @param streamJsons the stream's chunks or events in order, or null when not streamed
     */
    public static void fill(StepRow row, String operation, String requestJson, String responseJson,
            List<String> streamJsons, ContentPolicy policy) {
        String response = responseJson;
        if (streamJsons != null && !streamJsons.isEmpty()) {
            response = write("responses".equals(operation) ? assembleResponseEvents(streamJsons)
                    : assembleChatChunks(streamJsons));
        }
        JsonNode request = parse(requestJson);
        JsonNode responseNode = parse(response);
        switch (operation) {
            case "chat" -> {
                chatRequest(row, request, policy, requestJson);
                chatResponse(row, responseNode, policy, response);
            }
            case "responses" -> {
                responsesRequest(row, request, policy, requestJson);
                responsesResponse(row, responseNode, policy, response);
            }
            case "embeddings" -> {
                embeddingsRequest(row, request, policy, requestJson);
                embeddingsResponse(row, responseNode, policy);
            }
            default -> {
                row.requestJson = policy.content(requestJson, row);
                row.responseJson = policy.content(response, row);
            }
        }
    }

    // ---- chat completions ----

    /** Request side of chat completions: requested model and the conversation as readable text. */
    private static void chatRequest(StepRow row, JsonNode request, ContentPolicy policy, String requestJson) {
        if (request == null) {
            return;
        }
        row.model = text(request, "model");
        row.requestJson = policy.content(requestJson, row);
        StringBuilder input = new StringBuilder();
        for (JsonNode message : request.path("messages")) {
            appendLine(input, message.path("role").asText("?") + ": " + contentText(message.path("content")));
        }
        row.inputText = policy.content(input.toString(), row);
    }

    /** Response side of chat completions. */
    private static void chatResponse(StepRow row, JsonNode response, ContentPolicy policy, String responseJson) {
        if (response == null) {
            return;
        }
        row.responseModel = text(response, "model");
        row.responseJson = policy.content(responseJson, row);
        JsonNode choice = response.path("choices").path(0);
        row.finishReason = text(choice, "finish_reason");
        JsonNode message = choice.path("message");
        StringBuilder output = new StringBuilder(contentText(message.path("content")));
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            appendLine(output, "tool call " + function.path("name").asText() + "(" + function.path("arguments").asText() + ")");
        }
        row.outputText = policy.content(output.toString(), row);
        chatUsage(row, response.path("usage"));
    }

    private static void chatUsage(StepRow row, JsonNode usage) {
        if (usage.isMissingNode() || usage.isNull()) {
            return;
        }
        row.promptTokens = longOrNull(usage.path("prompt_tokens"));
        row.completionTokens = longOrNull(usage.path("completion_tokens"));
        row.totalTokens = longOrNull(usage.path("total_tokens"));
        row.cachedTokens = longOrNull(usage.path("prompt_tokens_details").path("cached_tokens"));
        row.reasoningTokens = longOrNull(usage.path("completion_tokens_details").path("reasoning_tokens"));
    }

    /**
     * Assembles streamed chat chunks into the equivalent of a non-streamed response (text, tool calls by index,
     * finish reason, usage from the usage chunk), so a streamed step reads like any other.
     */
    static ObjectNode assembleChatChunks(List<String> chunkJsons) {
        ObjectNode out = JSON.createObjectNode();
        StringBuilder content = new StringBuilder();
        Map<Integer, ObjectNode> toolCalls = new LinkedHashMap<>();
        Map<Integer, StringBuilder> toolArgs = new LinkedHashMap<>();
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
            if (chunk.hasNonNull("usage")) {
                out.set("usage", chunk.get("usage"));
            }
            JsonNode choice = chunk.path("choices").path(0);
            JsonNode delta = choice.path("delta");
            if (delta.hasNonNull("content")) {
                content.append(delta.get("content").asText());
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
        message.put("content", content.toString());
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

    private static void responsesRequest(StepRow row, JsonNode request, ContentPolicy policy, String requestJson) {
        if (request == null) {
            return;
        }
        row.model = text(request, "model");
        row.requestJson = policy.content(requestJson, row);
        StringBuilder input = new StringBuilder();
        if (request.hasNonNull("instructions")) {
            appendLine(input, "system: " + request.get("instructions").asText());
        }
        JsonNode in = request.path("input");
        if (in.isTextual()) {
            appendLine(input, "user: " + in.asText());
        } else {
            for (JsonNode item : in) {
                if (item.has("role")) {
                    appendLine(input, item.path("role").asText() + ": " + contentText(item.path("content")));
                } else if ("function_call_output".equals(item.path("type").asText())) {
                    appendLine(input, "tool: " + item.path("output").asText());
                } else if ("function_call".equals(item.path("type").asText())) {
                    appendLine(input, "assistant: tool call " + item.path("name").asText() + "("
                            + item.path("arguments").asText() + ")");
                }
            }
        }
        row.inputText = policy.content(input.toString(), row);
    }

    private static void responsesResponse(StepRow row, JsonNode response, ContentPolicy policy, String responseJson) {
        if (response == null) {
            return;
        }
        row.responseModel = text(response, "model");
        row.responseJson = policy.content(responseJson, row);
        StringBuilder output = new StringBuilder();
        boolean toolCall = false;
        for (JsonNode item : response.path("output")) {
            String type = item.path("type").asText();
            if ("message".equals(type)) {
                for (JsonNode part : item.path("content")) {
                    if (part.hasNonNull("text")) {
                        output.append(part.get("text").asText());
                    }
                }
            } else if ("function_call".equals(type)) {
                toolCall = true;
                appendLine(output, "tool call " + item.path("name").asText() + "(" + item.path("arguments").asText() + ")");
            }
        }
        row.outputText = policy.content(output.toString(), row);
        String status = text(response, "status");
        row.finishReason = toolCall ? "tool_calls" : status;
        JsonNode usage = response.path("usage");
        if (!usage.isMissingNode() && !usage.isNull()) {
            row.promptTokens = longOrNull(usage.path("input_tokens"));
            row.completionTokens = longOrNull(usage.path("output_tokens"));
            row.totalTokens = longOrNull(usage.path("total_tokens"));
            row.cachedTokens = longOrNull(usage.path("input_tokens_details").path("cached_tokens"));
            row.reasoningTokens = longOrNull(usage.path("output_tokens_details").path("reasoning_tokens"));
        }
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
            String type = event.path("type").asText();
            if (event.path("response").isObject()) {
                last = (ObjectNode) event.get("response");
            }
            if ("response.output_text.delta".equals(type)) {
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

    private static void embeddingsRequest(StepRow row, JsonNode request, ContentPolicy policy, String requestJson) {
        if (request == null) {
            return;
        }
        row.model = text(request, "model");
        row.requestJson = policy.content(requestJson, row);
        JsonNode in = request.path("input");
        StringBuilder input = new StringBuilder();
        if (in.isTextual()) {
            input.append(in.asText());
        } else {
            for (JsonNode item : in) {
                appendLine(input, item.isTextual() ? item.asText() : item.toString());
            }
        }
        row.inputText = policy.content(input.toString(), row);
    }

    /** Embedding vectors are not stored (they are large and not readable); their count and dimensions are. */
    private static void embeddingsResponse(StepRow row, JsonNode response, ContentPolicy policy) {
        if (response == null) {
            return;
        }
        row.responseModel = text(response, "model");
        ObjectNode summary = JSON.createObjectNode();
        copyIfPresent(response, summary, "object");
        copyIfPresent(response, summary, "model");
        ArrayNode data = summary.putArray("data");
        List<String> dims = new ArrayList<>();
        for (JsonNode item : response.path("data")) {
            ObjectNode d = data.addObject();
            d.put("index", item.path("index").asInt());
            int size = item.path("embedding").isArray() ? item.path("embedding").size() : -1;
            d.put("dimensions", size);
            dims.add(String.valueOf(size));
        }
        if (response.has("usage")) {
            summary.set("usage", response.get("usage"));
        }
        row.responseJson = policy.content(write(summary), row);
        row.outputText = policy.content(data.size() + " embedding(s), dimensions " + String.join(", ", dims), row);
        JsonNode usage = response.path("usage");
        row.promptTokens = longOrNull(usage.path("prompt_tokens"));
        row.totalTokens = longOrNull(usage.path("total_tokens"));
    }

    // ---- helpers ----

    /** Message content as text: a plain string, or the text parts of a content array. */
    static String contentText(JsonNode content) {
        if (content == null || content.isMissingNode() || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode part : content) {
            if (part.hasNonNull("text")) {
                out.append(part.get("text").asText());
            } else if (part.has("type")) {
                out.append('[').append(part.get("type").asText()).append(']');
            }
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder sb, String line) {
        if (sb.length() > 0) {
            sb.append('\n');
        }
        sb.append(line);
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
