package io.traceflow.core.format;

/**
 * A tool offered to the model ({@code gen_ai.tool.definitions}, v1.41).
 *
 * @param type {@code function} for the tools an app declares; a provider's built-in tool keeps its own type
 * @param parameters the JSON Schema of the arguments, as JSON text; null when the tool takes none
 */
public record ToolDefinition(String type, String name, String description, String parameters) {
    public static ToolDefinition function(String name, String description, String parameters) {
        return new ToolDefinition("function", name, description, parameters);
    }
}
