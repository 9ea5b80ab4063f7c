package io.traceflow.core.format;

import java.util.List;

import io.traceflow.schema.Operations;

/**
 * The {@code input_text} and {@code output_text} columns: an exchange as plain lines for reading, searching and
 * quick SQL, made from the neutral form alone, the same way for every library. A conversation reads
 * {@code role: text}, one message per line; a tool call reads {@code tool call name(arguments)}.
 */
public final class ReadableText {
    private ReadableText() {
    }

    public static String input(String operation, Exchange exchange) {
        if (Operations.EMBEDDINGS.equals(operation) || Operations.TOOL.equals(operation) || isRoot(operation)) {
            return plain(exchange.input);
        }
        StringBuilder out = new StringBuilder();
        String instructions = text(exchange.systemInstructions);
        if (!instructions.isEmpty()) {
            appendLine(out, Message.SYSTEM + ": " + instructions);
        }
        for (Message m : exchange.input) {
            String role = m.role() == null ? "?" : m.role();
            String label = Message.TOOL.equals(role) && m.name() != null ? role + " " + m.name() : role;
            appendLine(out, label + ": " + inline(m.parts()));
        }
        return out.toString();
    }

    public static String output(String operation, Exchange exchange) {
        if (Operations.EMBEDDINGS.equals(operation)) {
            if (!exchange.answered) {
                return null;
            }
            StringBuilder dims = new StringBuilder();
            for (Integer d : exchange.embeddingDimensions) {
                dims.append(dims.length() > 0 ? ", " : "").append(d);
            }
            return exchange.embeddingDimensions.size() + " embedding(s), dimensions " + dims;
        }
        if (Operations.TOOL.equals(operation) || isRoot(operation)) {
            return exchange.output.isEmpty() ? null : plain(exchange.output);
        }
        if (!exchange.answered) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (Message m : exchange.output) {
            String text = m.text();
            if (text != null) {
                appendLine(out, text); // several choices: one per line
            }
            for (Part.ToolCall call : m.toolCalls()) {
                appendLine(out, toolCall(call));
            }
        }
        return out.toString();
    }

    private static boolean isRoot(String operation) {
        return Operations.AI_SERVICE.equals(operation) || Operations.METHOD.equals(operation);
    }

    /** Every part's text, one per line, without roles: an embedding's inputs, a tool's arguments, a root's arguments. */
    private static String plain(List<Message> messages) {
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (Message m : messages) {
            for (Part part : m.parts()) {
                String text = part instanceof Part.ToolCall c ? c.arguments()
                        : part instanceof Part.ToolCallResponse r ? r.response() : partText(part);
                if (text != null) {
                    out.append(first ? "" : "\n").append(text);
                    first = false;
                }
            }
        }
        return out.toString();
    }

    /** A message's parts on one line: texts joined, media as {@code [image]}, tool calls appended. */
    private static String inline(List<Part> parts) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Part.ToolCall call) {
                out.append(out.length() > 0 ? " " : "").append(toolCall(call));
            } else if (part instanceof Part.ToolCallResponse r) {
                out.append(r.response() == null ? "" : r.response());
            } else if (!(part instanceof Part.Reasoning)) {
                out.append(partText(part));
            }
        }
        return out.toString();
    }

    private static String text(List<Part> parts) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            out.append(partText(part));
        }
        return out.toString();
    }

    private static String partText(Part part) {
        if (part instanceof Part.Text t) {
            return t.content() == null ? "" : t.content();
        }
        if (part instanceof Part.Reasoning r) {
            return r.content() == null ? "" : r.content();
        }
        if (part instanceof Part.Uri u) {
            return "[" + (u.modality() == null ? "uri" : u.modality()) + "]";
        }
        if (part instanceof Part.Blob b) {
            return "[" + (b.modality() == null ? "blob" : b.modality()) + "]";
        }
        if (part instanceof Part.ToolCall c) {
            return toolCall(c);
        }
        if (part instanceof Part.ToolCallResponse r) {
            return r.response() == null ? "" : r.response();
        }
        if (part instanceof Part.File f) {
            return "[" + (f.name() != null ? f.name() : "file") + "]";
        }
        Part.Other o = (Part.Other) part;
        return o.content() != null ? o.content() : "[" + o.type() + "]";
    }

    static String toolCall(Part.ToolCall call) {
        return "tool call " + call.name() + "(" + (call.arguments() == null ? "" : call.arguments()) + ")";
    }

    private static void appendLine(StringBuilder sb, String line) {
        if (sb.length() > 0) {
            sb.append('\n');
        }
        sb.append(line);
    }
}
