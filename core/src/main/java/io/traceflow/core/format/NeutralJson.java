package io.traceflow.core.format;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The neutral format as stored: the JSON of the {@code steps} columns {@code input_messages_json},
 * {@code output_messages_json}, {@code system_instructions_json}, {@code tool_definitions_json} and
 * {@code parameters_json} (docs/schema.md), in the shapes of the OpenTelemetry GenAI semantic conventions v1.41
 * ({@code gen-ai-input-messages.json}, {@code gen-ai-output-messages.json}, {@code gen-ai-system-instructions.json},
 * {@code gen-ai-tool-definitions.json}), so an exporter sends them as they are. Writes them, and reads them back into
 * {@link Message}s, {@link Part}s and {@link ToolDefinition}s: the one place that knows these shapes.
 *
 * <p>Differences from the conventions, all documented: a {@code blob} keeps its size ({@code bytes}) instead of
 * its content (the bytes stay in {@code request_json}); tool call arguments that are not valid JSON are kept as a
 * string.
 */
public final class NeutralJson {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private NeutralJson() {
    }

    // ---- writing ----

    /**
     * Messages as JSON; every string in them (texts, arguments, results, URLs) goes through {@code clean} first
     * (redaction and the size cap), so the stored JSON stays valid whatever is cut. Null for an empty list.
     */
    public static String messages(List<Message> messages, UnaryOperator<String> clean) {
        if (messages.isEmpty()) {
            return null;
        }
        ArrayNode out = NODES.arrayNode();
        for (Message m : messages) {
            ObjectNode node = out.addObject();
            node.put("role", m.role());
            node.set("parts", parts(m.parts(), clean));
            if (m.name() != null) {
                node.put("name", m.name());
            }
            if (m.finishReason() != null) {
                node.put("finish_reason", m.finishReason());
            }
        }
        return write(out);
    }

    /** System instructions (parts) as JSON; null for none. */
    public static String instructions(List<Part> parts, UnaryOperator<String> clean) {
        return parts.isEmpty() ? null : write(parts(parts, clean));
    }

    /**
     * Tool definitions as JSON; null for none. With {@code withSchemas} false only type and name are kept (the
     * conventions' simplified form, used when content is not captured).
     */
    public static String tools(List<ToolDefinition> tools, boolean withSchemas, UnaryOperator<String> clean) {
        if (tools.isEmpty()) {
            return null;
        }
        ArrayNode out = NODES.arrayNode();
        for (ToolDefinition t : tools) {
            ObjectNode node = out.addObject();
            node.put("type", t.type() == null ? "function" : t.type());
            node.put("name", t.name());
            if (withSchemas) {
                if (t.description() != null) {
                    node.put("description", clean.apply(t.description()));
                }
                JsonNode schema = t.parameters() == null ? null : parse(t.parameters());
                if (schema != null) {
                    node.set("parameters", schema);
                } else if (t.parameters() != null) {
                    node.put("parameters", clean.apply(t.parameters()));
                }
            }
        }
        return write(out);
    }

    /** Request parameters as a JSON object (JDK values); null for none. */
    public static String parameters(Map<String, Object> parameters) {
        return parameters.isEmpty() ? null : write(JSON.valueToTree(parameters));
    }

    /** Plain JDK values (maps, lists, strings, numbers, booleans) as JSON, or null. */
    public static String toJson(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static ArrayNode parts(List<Part> parts, UnaryOperator<String> clean) {
        ArrayNode out = NODES.arrayNode();
        for (Part part : parts) {
            ObjectNode node = out.addObject();
            node.put("type", part.type());
            if (part instanceof Part.Text t) {
                node.put("content", clean.apply(t.content()));
            } else if (part instanceof Part.Reasoning r) {
                node.put("content", clean.apply(r.content()));
            } else if (part instanceof Part.ToolCall c) {
                putIfNotNull(node, "id", c.id());
                node.put("name", c.name());
                if (c.arguments() != null) {
                    JsonNode args = parse(c.arguments());
                    node.set("arguments", args != null && args.isContainerNode() ? cleanTree(args, clean)
                            : new TextNode(clean.apply(c.arguments())));
                }
            } else if (part instanceof Part.ToolCallResponse r) {
                putIfNotNull(node, "id", r.id());
                node.put("response", clean.apply(r.response()));
            } else if (part instanceof Part.Uri u) {
                putIfNotNull(node, "modality", u.modality());
                putIfNotNull(node, "mime_type", u.mimeType());
                node.put("uri", clean.apply(u.uri()));
            } else if (part instanceof Part.Blob b) {
                putIfNotNull(node, "modality", b.modality());
                putIfNotNull(node, "mime_type", b.mimeType());
                node.put("bytes", b.bytes());
            } else if (part instanceof Part.File f) {
                putIfNotNull(node, "modality", f.modality());
                putIfNotNull(node, "file_id", f.fileId());
                putIfNotNull(node, "name", f.name() == null ? null : clean.apply(f.name()));
                putIfNotNull(node, "mime_type", f.mimeType());
            } else if (part instanceof Part.Other o && o.content() != null) {
                node.put("content", clean.apply(o.content()));
            }
        }
        return out;
    }

    /** A copy of a JSON tree with every string value cleaned (keys are kept). */
    private static JsonNode cleanTree(JsonNode node, UnaryOperator<String> clean) {
        if (node.isTextual()) {
            return new TextNode(clean.apply(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), cleanTree(e.getValue(), clean));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(item -> out.add(cleanTree(item, clean)));
            return out;
        }
        return node;
    }

    // ---- reading ----

    /** Messages from their stored JSON; empty when absent or unreadable. */
    public static List<Message> readMessages(String json) {
        JsonNode array = parse(json);
        List<Message> out = new ArrayList<>();
        if (array == null || !array.isArray()) {
            return out;
        }
        for (JsonNode m : array) {
            out.add(new Message(text(m, "role"), readParts(m.path("parts")), text(m, "name"), text(m, "finish_reason")));
        }
        return out;
    }

    /** System instructions from their stored JSON; empty when absent. */
    public static List<Part> readInstructions(String json) {
        JsonNode array = parse(json);
        return array == null ? new ArrayList<>() : readParts(array);
    }

    /** Tool definitions from their stored JSON; empty when absent. */
    public static List<ToolDefinition> readTools(String json) {
        JsonNode array = parse(json);
        List<ToolDefinition> out = new ArrayList<>();
        if (array == null || !array.isArray()) {
            return out;
        }
        for (JsonNode t : array) {
            JsonNode schema = t.get("parameters");
            out.add(new ToolDefinition(text(t, "type"), text(t, "name"), text(t, "description"),
                    schema == null || schema.isNull() ? null : schema.isTextual() ? schema.asText() : write(schema)));
        }
        return out;
    }

    /** Request parameters from their stored JSON (JDK values); empty when absent. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readParameters(String json) {
        Object value = fromJson(json);
        return value instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map) : new LinkedHashMap<>();
    }

    /** JDK values (maps, lists, strings, numbers, booleans) from JSON; null when absent or not JSON. */
    public static Object fromJson(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readValue(json, Object.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<Part> readParts(JsonNode parts) {
        List<Part> out = new ArrayList<>();
        for (JsonNode p : parts) {
            String type = text(p, "type");
            out.add(switch (type == null ? "" : type) {
                case "text" -> new Part.Text(text(p, "content"));
                case "reasoning" -> new Part.Reasoning(text(p, "content"));
                case "tool_call" -> {
                    JsonNode args = p.get("arguments");
                    yield new Part.ToolCall(text(p, "id"), text(p, "name"), args == null || args.isNull() ? null
                            : args.isTextual() ? args.asText() : write(args));
                }
                case "tool_call_response" -> {
                    JsonNode response = p.get("response");
                    yield new Part.ToolCallResponse(text(p, "id"), response == null || response.isNull() ? null
                            : response.isTextual() ? response.asText() : write(response));
                }
                case "uri" -> new Part.Uri(text(p, "modality"), text(p, "uri"), text(p, "mime_type"));
                case "blob" -> new Part.Blob(text(p, "modality"), text(p, "mime_type"), p.path("bytes").asLong(0));
                case "file" -> new Part.File(text(p, "modality"), text(p, "file_id"), text(p, "name"),
                        text(p, "mime_type"));
                default -> new Part.Other(type, text(p, "content"));
            });
        }
        return out;
    }

    // ---- helpers ----

    static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node == null || node.isMissingNode() ? null : node;
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

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : write(value);
    }

    private static void putIfNotNull(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
