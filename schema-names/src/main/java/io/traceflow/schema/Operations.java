package io.traceflow.schema;

import java.util.Set;

/**
 * The values of {@code steps.operation} (docs/schema.md): what kind of step a row is. New values may be added; a
 * reader must accept ones it does not know.
 */
public final class Operations {
    /** A chat model call: OpenAI Chat Completions, a LangChain4j chat model, … */
    public static final String CHAT = "chat";
    /** The OpenAI Responses API. */
    public static final String RESPONSES = "responses";
    public static final String EMBEDDINGS = "embeddings";
    /** A tool execution. */
    public static final String TOOL = "tool";
    /** The root step of an AI Service call. */
    public static final String AI_SERVICE = "ai_service";
    /** The root step of a {@code traceflow.trace.methods} method. */
    public static final String METHOD = "method";
    public static final String UNKNOWN = "unknown";

    /** Calls of a model (what evaluators judge by default, what costs tokens). */
    public static final Set<String> MODEL_CALLS = Set.of(CHAT, RESPONSES, EMBEDDINGS);
    /** Model calls that generate text. */
    public static final Set<String> GENERATIONS = Set.of(CHAT, RESPONSES);
    /** Steps that are not calls of a model: tool executions and trace roots. */
    public static final Set<String> NOT_MODEL_CALLS = Set.of(TOOL, AI_SERVICE, METHOD);

    /** {@code ('a', 'b')}, sorted, for a SQL {@code IN}: the names are constants, never user input. */
    public static String sqlList(Set<String> operations) {
        return "(" + String.join(", ", operations.stream().sorted().map(o -> "'" + o + "'").toList()) + ")";
    }

    private Operations() {
    }
}
