package io.traceflow.core.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds a stream's {@link StreamDelta}s into the answer of an {@link Exchange}, as if it had not been streamed: one
 * assistant message (its reasoning, its text, its tool calls in index order with their arguments joined), the last
 * finish reason reported, the id and model, and usage where each count is the last one reported (providers report
 * input tokens first and output tokens at the end, or everything in the last element).
 */
public final class StreamAssembly {
    private StreamAssembly() {
    }

    /** Adds the assembled answer to {@code exchange} (nothing when there are no deltas). */
    public static void into(Exchange exchange, List<StreamDelta> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        Map<Integer, String[]> calls = new TreeMap<>(); // index -> {id, name}
        Map<Integer, StringBuilder> arguments = new TreeMap<>();
        String finishReason = null;
        Usage usage = Usage.NONE;
        for (StreamDelta delta : deltas) {
            if (delta == null) {
                continue;
            }
            exchange.responseId = delta.responseId() != null ? delta.responseId() : exchange.responseId;
            exchange.responseModel = delta.model() != null ? delta.model() : exchange.responseModel;
            append(text, delta.text());
            append(reasoning, delta.reasoning());
            for (StreamDelta.ToolCallDelta call : delta.toolCalls()) {
                String[] known = calls.computeIfAbsent(call.index(), i -> new String[2]);
                known[0] = call.id() != null ? call.id() : known[0];
                known[1] = call.name() != null ? call.name() : known[1];
                if (call.arguments() != null) {
                    arguments.computeIfAbsent(call.index(), i -> new StringBuilder()).append(call.arguments());
                }
            }
            finishReason = delta.finishReason() != null ? delta.finishReason() : finishReason;
            usage = merge(usage, delta.usage());
        }
        List<Part> parts = new ArrayList<>();
        if (reasoning.length() > 0) {
            parts.add(new Part.Reasoning(reasoning.toString()));
        }
        if (text.length() > 0) {
            parts.add(new Part.Text(text.toString()));
        }
        calls.forEach((index, call) -> parts.add(new Part.ToolCall(call[0], call[1],
                arguments.containsKey(index) ? arguments.get(index).toString() : null)));
        exchange.finishReason = finishReason;
        exchange.usage = usage;
        exchange.out(new Message(Message.ASSISTANT, parts, null, FinishReasons.normalize(finishReason)));
    }

    private static void append(StringBuilder to, String piece) {
        if (piece != null) {
            to.append(piece);
        }
    }

    private static Usage merge(Usage so, Usage now) {
        if (now == null) {
            return so;
        }
        return new Usage(last(so.input(), now.input()), last(so.output(), now.output()), last(so.total(), now.total()),
                last(so.cacheRead(), now.cacheRead()), last(so.cacheCreation(), now.cacheCreation()),
                last(so.reasoning(), now.reasoning()));
    }

    private static Long last(Long so, Long now) {
        return now != null ? now : so;
    }
}
