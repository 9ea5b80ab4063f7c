package io.traceflow.core.format;

import java.util.List;

/**
 * A message in the neutral format ({@code ChatMessage} / {@code OutputMessage} of the OpenTelemetry GenAI semantic
 * conventions v1.41).
 *
 * @param role {@code system}, {@code user}, {@code assistant}, {@code tool}, or what the library says
 * @param name the participant's or the tool's name, when the API carries one; else null
 * @param finishReason output messages only: {@code stop}, {@code length}, {@code content_filter},
 *     {@code tool_call}, {@code error}, or the provider's own value, see {@link FinishReasons}; null on input
 */
public record Message(String role, List<Part> parts, String name, String finishReason) {
    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    public static final String TOOL = "tool";

    public Message {
        parts = List.copyOf(parts);
    }

    public static Message of(String role, List<Part> parts) {
        return new Message(role, parts, null, null);
    }

    public static Message text(String role, String text) {
        return new Message(role, text == null ? List.of() : List.of(new Part.Text(text)), null, null);
    }

    /** The text parts joined; null when there is none. */
    public String text() {
        StringBuilder out = null;
        for (Part part : parts) {
            if (part instanceof Part.Text t && t.content() != null) {
                out = out == null ? new StringBuilder() : out;
                out.append(t.content());
            }
        }
        return out == null ? null : out.toString();
    }

    /** The tool calls among the parts, in order. */
    public List<Part.ToolCall> toolCalls() {
        return parts.stream().filter(Part.ToolCall.class::isInstance).map(Part.ToolCall.class::cast).toList();
    }
}
