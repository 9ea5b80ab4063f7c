package io.traceflow.core.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one step sent and got back, in the neutral format: the request (model, parameters, system instructions,
 * input messages, tools offered) and the response (id, model, output messages, finish reason, usage), beside the
 * verbatim request and response JSON. A library adapter fills one from its own types (on the writer thread);
 * {@link NeutralJson} stores it in the {@code steps} columns and reads it back for the viewer, the evaluators, the
 * command line and the exporters, which never look at a library's own JSON.
 *
 * <p>Only JDK types: adapters live in class loaders whose Jackson is the application's.
 */
public final class Exchange {
    /** The request as the library sent it (for SDKs, the wire JSON); stored verbatim in {@code request_json}. */
    public String requestJson;
    /** The response as received, or a stream assembled into one; stored verbatim in {@code response_json}. */
    public String responseJson;

    public String model;
    /**
     * Output-affecting request parameters under the names of the OpenTelemetry {@code gen_ai.request.*} attributes
     * ({@link Parameters}); others under the library's own name. Values are JDK types: strings, numbers, booleans,
     * lists, maps.
     */
    public final Map<String, Object> parameters = new LinkedHashMap<>();
    /** Instructions the API takes apart from the messages (Responses API {@code instructions}, Anthropic {@code system}). */
    public final List<Part> systemInstructions = new ArrayList<>();
    public final List<Message> input = new ArrayList<>();
    public final List<ToolDefinition> tools = new ArrayList<>();

    /** Whether a response arrived (false for a call that failed or was cancelled before answering). */
    public boolean answered;
    public String responseId;
    public String responseModel;
    public final List<Message> output = new ArrayList<>();
    /** As the provider reports it (kept in {@code steps.finish_reason}); output messages carry the neutral value. */
    public String finishReason;
    public Usage usage = Usage.NONE;
    /** Embeddings only: how many vectors came back, and the size of each. */
    public final List<Integer> embeddingDimensions = new ArrayList<>();
    /** Further details with no column of their own (e.g. the model class of a framework); kept in attributes_json. */
    public final Map<String, Object> attributes = new LinkedHashMap<>();

    /** Adds an input message. */
    public Exchange in(Message message) {
        input.add(message);
        return this;
    }

    /** Adds an output message and marks the exchange answered. */
    public Exchange out(Message message) {
        output.add(message);
        answered = true;
        return this;
    }

    /** Sets a parameter when the value is not null. */
    public Exchange parameter(String name, Object value) {
        if (value != null) {
            parameters.put(name, value);
        }
        return this;
    }

    /** The tool calls the answer asked for, in order. */
    public List<Part.ToolCall> requestedToolCalls() {
        List<Part.ToolCall> calls = new ArrayList<>();
        for (Message m : output) {
            calls.addAll(m.toolCalls());
        }
        return calls;
    }

    /** The answer's text (text parts of the output messages); null when it has none. */
    public String answerText() {
        StringBuilder out = null;
        for (Message m : output) {
            String t = m.text();
            if (t != null) {
                out = out == null ? new StringBuilder(t) : out.append('\n').append(t);
            }
        }
        return out == null ? null : out.toString();
    }

    /**
     * Names of the request parameters: those of the OpenTelemetry GenAI conventions' {@code gen_ai.request.*}
     * attributes (v1.41), without the prefix ({@code choice_count} is {@code gen_ai.request.choice.count}), and
     * {@code output_type} for {@code gen_ai.output.type}, {@code encoding_formats} for
     * {@code gen_ai.request.encoding_formats}.
     */
    public static final class Parameters {
        public static final String TEMPERATURE = "temperature";
        public static final String TOP_P = "top_p";
        public static final String TOP_K = "top_k";
        public static final String MAX_TOKENS = "max_tokens";
        public static final String STOP_SEQUENCES = "stop_sequences";
        public static final String FREQUENCY_PENALTY = "frequency_penalty";
        public static final String PRESENCE_PENALTY = "presence_penalty";
        public static final String SEED = "seed";
        public static final String CHOICE_COUNT = "choice_count";
        public static final String STREAM = "stream";
        /** {@code gen_ai.output.type}: text, json, image, speech. */
        public static final String OUTPUT_TYPE = "output_type";
        public static final String ENCODING_FORMATS = "encoding_formats";

        private Parameters() {
        }
    }
}
