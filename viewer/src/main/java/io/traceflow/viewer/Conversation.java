package io.traceflow.viewer;

import java.util.ArrayList;
import java.util.List;

import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.Message;
import io.traceflow.core.format.Part;
import io.traceflow.schema.Operations;

/**
 * A step as a chat: the messages the model saw ({@code input}) and what it answered ({@code output}), read from the
 * step's neutral form (docs/schema.md, "The neutral message format"), the same way for every library. A tool
 * execution reads as the call (its arguments) and the tool's result; a trace root as its arguments and its result.
 * When a step has no neutral messages (recorded without content, or cut), its readable {@code input_text} and
 * {@code output_text} stand in.
 *
 * <p>Everything here is data for the page to render as text; nothing is ever interpreted as markup.
 */
public record Conversation(List<Message> input, List<Message> output) {

    /**
     * One message. {@code role}: system, user, assistant, tool (a tool's result), or call (a tool's arguments);
     * {@code reasoning}: the model's reasoning or thinking text shown with the message, when there is some.
     */
    public record Message(String role, String text, List<ToolCall> toolCalls, String toolCallId, String name,
            String reasoning) {
        static Message of(String role, String text) {
            return new Message(role, text, List.of(), null, null, null);
        }
    }

    public record ToolCall(String id, String name, String arguments) {
    }

    static Conversation of(String operation, Exchange exchange, String inputText, String outputText, String name) {
        List<Message> in = new ArrayList<>();
        List<Message> out = new ArrayList<>();
        if (Operations.TOOL.equals(operation)) {
            for (io.traceflow.core.format.Message m : exchange.input) {
                for (Part.ToolCall call : m.toolCalls()) {
                    in.add(new Message("call", call.arguments(), List.of(), call.id(), name, null));
                }
            }
            for (io.traceflow.core.format.Message m : exchange.output) {
                out.add(toolResult(m, name));
            }
        } else {
            String instructions = texts(exchange.systemInstructions);
            if (instructions != null) {
                in.add(Message.of(io.traceflow.core.format.Message.SYSTEM, instructions));
            }
            for (io.traceflow.core.format.Message m : exchange.input) {
                in.addAll(messages(m));
            }
            for (io.traceflow.core.format.Message m : exchange.output) {
                out.addAll(messages(m));
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

    /** A neutral message as the page shows it: one per tool result it carries, else one. */
    private static List<Message> messages(io.traceflow.core.format.Message m) {
        String role = m.role() == null ? "unknown" : m.role();
        List<Message> out = new ArrayList<>();
        if (io.traceflow.core.format.Message.TOOL.equals(role)) {
            out.add(toolResult(m, m.name()));
            return out;
        }
        List<ToolCall> calls = new ArrayList<>();
        for (Part.ToolCall call : m.toolCalls()) {
            calls.add(new ToolCall(call.id(), call.name(), call.arguments()));
        }
        out.add(new Message(role, texts(m.parts()), calls, null, m.name(), reasoning(m.parts())));
        return out;
    }

    private static Message toolResult(io.traceflow.core.format.Message m, String name) {
        String id = null;
        StringBuilder text = new StringBuilder();
        for (Part part : m.parts()) {
            if (part instanceof Part.ToolCallResponse r) {
                id = id == null ? r.id() : id;
                text.append(text.length() > 0 ? "\n" : "").append(r.response() == null ? "" : r.response());
            }
        }
        String other = texts(m.parts());
        if (other != null) {
            text.append(text.length() > 0 ? "\n" : "").append(other);
        }
        return new Message(io.traceflow.core.format.Message.TOOL, text.toString(), List.of(), id, name != null ? name : m.name(), null);
    }

    /**
     * The text of parts, one per line: texts, and media or other parts as {@code [image]}, {@code [file]} (tool calls
     * and results are shown apart); null when there is none.
     */
    private static String texts(List<Part> parts) {
        StringBuilder out = null;
        for (Part part : parts) {
            String piece;
            if (part instanceof Part.Text t) {
                piece = t.content();
            } else if (part instanceof Part.Uri u) {
                piece = "[" + (u.modality() == null ? "uri" : u.modality()) + "]";
            } else if (part instanceof Part.Blob b) {
                piece = "[" + (b.modality() == null ? "blob" : b.modality()) + "]";
            } else if (part instanceof Part.File f) {
                piece = "[" + (f.name() != null ? f.name() : "file") + "]";
            } else if (part instanceof Part.Other o) {
                piece = o.content() != null ? o.content() : "[" + o.type() + "]";
            } else {
                continue; // tool calls, tool results and reasoning are shown apart
            }
            if (piece != null) {
                out = out == null ? new StringBuilder(piece) : out.append('\n').append(piece);
            }
        }
        return out == null ? null : out.toString();
    }

    private static String reasoning(List<Part> parts) {
        StringBuilder out = null;
        for (Part part : parts) {
            if (part instanceof Part.Reasoning r && r.content() != null) {
                out = out == null ? new StringBuilder(r.content()) : out.append('\n').append(r.content());
            }
        }
        return out == null ? null : out.toString();
    }

    /** The neutral form as an {@link Exchange} of a few messages, for tests and callers that build one. */
    static Exchange exchange(List<io.traceflow.core.format.Message> input, List<io.traceflow.core.format.Message> output) {
        Exchange exchange = new Exchange();
        exchange.input.addAll(input);
        exchange.output.addAll(output);
        return exchange;
    }
}
