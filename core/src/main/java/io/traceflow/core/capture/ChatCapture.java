package io.traceflow.core.capture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat exchange described with JDK types only, filled by a framework adapter (which sees the framework's types)
 * and turned into a step by {@link ChatPayloads} (which owns the JSON). The two live in different class loaders.
 */
public final class ChatCapture {
    /** The conversation as the framework serializes it (LangChain4j: {@code ChatMessageSerializer} JSON). */
    public String messagesJson;
    public String requestedModel;
    /** Output-affecting parameters: temperature, top_p, max tokens, stop, response format… (nulls omitted). */
    public final Map<String, Object> parameters = new LinkedHashMap<>();
    /** Tools offered: name, description, parameters. */
    public final List<Map<String, Object>> tools = new ArrayList<>();

    public boolean answered;
    public String responseId;
    public String responseModel;
    public String text;
    public String thinking;
    /** Tool calls the model asked for: id, name, arguments. */
    public final List<Map<String, Object>> toolCalls = new ArrayList<>();
    public String finishReason;
    public Integer inputTokens;
    public Integer outputTokens;
    public Integer totalTokens;
    /** For a streamed answer: the partial texts in the order they arrived (replayed on a cache hit). */
    public final List<String> partials = new ArrayList<>();
}
