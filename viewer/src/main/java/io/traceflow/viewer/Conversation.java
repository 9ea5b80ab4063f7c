package io.traceflow.viewer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A step as a chat: the messages the model saw ({@code input}) and what it answered ({@code output}), read from the
 * stored request and response JSON of whichever API made the call: OpenAI Chat Completions, the OpenAI Responses
 * API, LangChain4j's message JSON, a tool execution, or a trace root. When the JSON is absent or cut
 * ({@code traceflow.capture.max.chars}), the readable {@code input_text}/{@code output_text} columns stand in.
 *
 * <p>Everything here is data for the page to render as text; nothing is ever interpreted as markup.
 */
public record Conversation(List<Message> input, List<Message> output) {

    /** One message. {@code role}: system, user, assistant, tool (a tool's result), or call (a tool's arguments). */
    public record Message(String role, String text, List<ToolCall> toolCalls, String toolCallId, String name) {
        static Message of(String role, String text) {
            return new Message(role, text, List.of(), null, null);
        }
    }

    public record ToolCall(String id, String name, String arguments) {
    }

    static Conversation of(String operation, String requestJson, String responseJson, String inputText,
            String outputText, String name) {
        JsonNode request = Json.parseLenient(requestJson);
        JsonNode response = Json.parseLenient(responseJson);
        List<Message> in = new ArrayList<>();
        List<Message> out = new ArrayList<>();
        String op = operation == null ? "" : operation;
        switch (op) {
            case "tool" -> {
                String args = request.path("arguments").isTextual() ? request.path("arguments").asText() : inputText;
                in.add(new Message("call", args, List.of(), textOrNull(request.path("id")), name));
                String result = response.path("result").isTextual() ? response.path("result").asText() : outputText;
                if (result != null) {
                    out.add(new Message("tool", result, List.of(), textOrNull(request.path("id")), name));
                }
            }
            case "ai_service", "method" -> {
                if (request.path("arguments").isArray()) {
                    List<String> parts = new ArrayList<>();
                    request.path("arguments").forEach(a -> parts.add(a.isTextual() ? a.asText() : a.toString()));
                    in.add(Message.of("user", String.join("\n", parts)));
                } else if (inputText != null) {
                    in.add(Message.of("user", inputText));
                }
                JsonNode result = response.path("result");
                String text = result.isMissingNode() || result.isNull() ? outputText
                        : result.isTextual() ? result.asText() : result.toPrettyString();
                if (text != null) {
                    out.add(Message.of("assistant", text));
                }
            }
            default -> {
                if (request.path("messages").isArray()) {
                    for (JsonNode m : request.path("messages")) {
                        in.add(m.has("role") ? openAiChatMessage(m) : langChainMessage(m));
                    }
                } else if (request.has("input") || request.has("instructions")) {
                    responsesInput(request, in);
                }
                if (response.path("choices").isArray() && response.path("choices").size() > 0) {
                    out.add(openAiChatMessage(response.path("choices").get(0).path("message")));
                } else if (response.path("output").isArray()) {
                    responsesOutput(response.path("output"), out);
                } else if (response.has("text") || response.has("tool_calls")) {
                    out.add(new Message("assistant", textOrNull(response.path("text")),
                            toolCalls(response.path("tool_calls"), "name", "arguments"), null, null));
                }
            }
        }
        if (in.isEmpty() && inputText != null) {
            in.add(Message.of("user", inputText));
        }
        if (out.isEmpty() && outputText != null) {
            out.add(Message.of("assistant", outputText));
        }
        return new Conversation(in, out);
    }

    /** {@code {"role": ..., "content": "..." | [parts], "tool_calls": [...], "tool_call_id": ...}}. */
    private static Message openAiChatMessage(JsonNode m) {
        String role = m.path("role").asText("assistant");
        if (role.equals("developer")) {
            role = "system";
        }
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : m.path("tool_calls")) {
            JsonNode fn = call.path("function");
            calls.add(new ToolCall(textOrNull(call.path("id")), textOrNull(fn.path("name")),
                    textOrNull(fn.path("arguments"))));
        }
        return new Message(role, content(m.path("content")), calls, textOrNull(m.path("tool_call_id")),
                textOrNull(m.path("name")));
    }

    /** LangChain4j's ChatMessageSerializer JSON: {@code type} SYSTEM, USER, AI, TOOL_EXECUTION_RESULT, CUSTOM. */
    private static Message langChainMessage(JsonNode m) {
        String type = m.path("type").asText("").toUpperCase(Locale.ROOT);
        String text = m.has("text") ? textOrNull(m.path("text")) : content(m.path("contents"));
        return switch (type) {
            case "SYSTEM" -> Message.of("system", text);
            case "USER" -> new Message("user", text, List.of(), null, textOrNull(m.path("name")));
            case "AI" -> new Message("assistant", text, toolCalls(m.path("toolExecutionRequests"), "name", "arguments"),
                    null, null);
            case "TOOL_EXECUTION_RESULT" -> new Message("tool", text, List.of(), textOrNull(m.path("id")),
                    textOrNull(m.path("toolName")));
            default -> Message.of(type.isEmpty() ? "unknown" : type.toLowerCase(Locale.ROOT), text == null ? m.toString() : text);
        };
    }

    private static void responsesInput(JsonNode request, List<Message> in) {
        if (request.path("instructions").isTextual()) {
            in.add(Message.of("system", request.path("instructions").asText()));
        }
        JsonNode input = request.path("input");
        if (input.isTextual()) {
            in.add(Message.of("user", input.asText()));
            return;
        }
        for (JsonNode item : input) {
            String type = item.path("type").asText("message");
            switch (type) {
                case "function_call" -> in.add(new Message("assistant", null, List.of(new ToolCall(
                        textOrNull(item.path("call_id")), textOrNull(item.path("name")),
                        textOrNull(item.path("arguments")))), null, null));
                case "function_call_output" -> in.add(new Message("tool", content(item.path("output")), List.of(),
                        textOrNull(item.path("call_id")), null));
                default -> {
                    String role = item.path("role").asText("user");
                    in.add(Message.of(role.equals("developer") ? "system" : role, content(item.path("content"))));
                }
            }
        }
    }

    private static void responsesOutput(JsonNode output, List<Message> out) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode item : output) {
            switch (item.path("type").asText("")) {
                case "message" -> {
                    String c = content(item.path("content"));
                    if (c != null) {
                        text.append(text.length() > 0 ? "\n" : "").append(c);
                    }
                }
                case "function_call" -> calls.add(new ToolCall(textOrNull(item.path("call_id")),
                        textOrNull(item.path("name")), textOrNull(item.path("arguments"))));
                default -> {
                    // reasoning items and others carry no answer text
                }
            }
        }
        if (text.length() > 0 || !calls.isEmpty()) {
            out.add(new Message("assistant", text.length() > 0 ? text.toString() : null, calls, null, null));
        }
    }

    private static List<ToolCall> toolCalls(JsonNode calls, String nameField, String argsField) {
        List<ToolCall> out = new ArrayList<>();
        for (JsonNode call : calls) {
            out.add(new ToolCall(textOrNull(call.path("id")), textOrNull(call.path(nameField)),
                    call.path(argsField).isTextual() ? call.path(argsField).asText()
                            : call.path(argsField).isMissingNode() ? null : call.path(argsField).toString()));
        }
        return out;
    }

    /** Text of a content value: a string, or an array of parts ({@code text}, images as {@code [image]}). */
    private static String content(JsonNode content) {
        if (content == null || content.isMissingNode() || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                String piece;
                if (part.isTextual()) {
                    piece = part.asText();
                } else if (part.path("text").isTextual()) {
                    piece = part.path("text").asText();
                } else {
                    String type = part.path("type").asText("part").toLowerCase(Locale.ROOT);
                    piece = "[" + type + "]";
                }
                sb.append(sb.length() > 0 ? "\n" : "").append(piece);
            }
            return sb.toString();
        }
        return content.toString();
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null
                : node.isTextual() ? node.asText() : node.toString();
    }
}
