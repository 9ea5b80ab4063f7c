package io.traceflow.core.format;

import java.util.Locale;

/**
 * Why generation stopped, in the neutral format's words ({@code gen-ai-output-messages.json}, v1.41): {@code stop},
 * {@code length}, {@code content_filter}, {@code tool_call}, {@code error}; any other value is kept, lower case.
 * The {@code steps.finish_reason} column keeps the provider's own value.
 */
public final class FinishReasons {
    public static final String STOP = "stop";
    public static final String LENGTH = "length";
    public static final String CONTENT_FILTER = "content_filter";
    public static final String TOOL_CALL = "tool_call";
    public static final String ERROR = "error";

    private FinishReasons() {
    }

    /** The neutral value for a provider's or a framework's finish reason; null stays null. */
    public static String normalize(String reported) {
        if (reported == null || reported.isBlank()) {
            return null;
        }
        String r = reported.trim().toLowerCase(Locale.ROOT);
        return switch (r) {
            // OpenAI chat, LangChain4j (STOP), Anthropic end_turn / stop_sequence, Gemini STOP, Responses "completed"
            case "stop", "end_turn", "stop_sequence", "completed", "finish_reason_stop" -> STOP;
            // OpenAI, LangChain4j LENGTH, Anthropic max_tokens, Gemini MAX_TOKENS, Responses "incomplete"
            case "length", "max_tokens", "max_output_tokens", "incomplete" -> LENGTH;
            case "content_filter", "safety", "recitation", "blocklist", "prohibited_content", "spii", "refusal" ->
                    CONTENT_FILTER;
            // OpenAI tool_calls / function_call, LangChain4j TOOL_EXECUTION, Anthropic tool_use
            case "tool_calls", "function_call", "tool_execution", "tool_use", "tool_call" -> TOOL_CALL;
            case "error", "failed", "malformed_function_call" -> ERROR;
            default -> r;
        };
    }
}
