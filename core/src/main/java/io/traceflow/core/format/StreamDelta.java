package io.traceflow.core.format;

import java.util.List;

/**
 * What one element of a stream adds to the answer, read by a library adapter ({@code LlmAdapter.delta}); a stream's
 * deltas fold into the answer with {@link StreamAssembly}. Null fields add nothing.
 *
 * @param text text to append to the answer
 * @param reasoning reasoning or thinking text to append
 * @param toolCalls fragments of tool calls, by index in the answer
 * @param finishReason as the provider reports it, when this element reports one
 * @param usage token counts, when this element reports some (each field the last one reported wins)
 */
public record StreamDelta(String responseId, String model, String text, String reasoning, List<ToolCallDelta> toolCalls,
        String finishReason, Usage usage) {

    public StreamDelta {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** Text only. */
    public static StreamDelta text(String text) {
        return new StreamDelta(null, null, text, null, List.of(), null, null);
    }

    /**
     * A fragment of the tool call at {@code index}: its id and name when they arrive (usually first), and a piece of
     * its arguments to append.
     */
    public record ToolCallDelta(int index, String id, String name, String arguments) {
    }
}
