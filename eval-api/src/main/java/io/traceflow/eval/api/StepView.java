package io.traceflow.eval.api;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.traceflow.schema.Operations;
import io.traceflow.schema.Statuses;
import io.traceflow.schema.StepAttributes;

/**
 * One recorded step as an evaluator sees it: the columns of {@code steps} (see docs/schema.md for each), plus the
 * name and kind of its trace. JDK types only, immutable. Build one for tests with {@link #builder()}.
 *
 * <p>The model's answer ({@link #answerText()}, {@link #toolCalls()}) is read from the neutral output messages by
 * TraceFlow, which sets the {@link Builder#answerReader reader} of every view it hands to an evaluator; this class
 * parses no JSON itself, so that the evaluator API needs nothing but the JDK and the schema's names
 * ({@link Operations}, {@link Statuses}).
 */
public final class StepView {
    /** Operations that are calls to a model (the default scope of step evaluators): {@link Operations#MODEL_CALLS}. */
    public static final Set<String> MODEL_CALLS = Operations.MODEL_CALLS;
    /** Operations whose output is generated text: {@link Operations#GENERATIONS}. */
    public static final Set<String> GENERATIONS = Operations.GENERATIONS;
    private final String id;
    private final String traceId;
    private final String parentStepId;
    private final long seq;
    private final String traceName;
    private final String traceKind;
    private final String name;
    private final String provider;
    private final String operation;
    private final String model;
    private final String responseModel;
    private final String requestJson;
    private final String responseJson;
    private final String inputText;
    private final String outputText;
    private final Long promptTokens;
    private final Long completionTokens;
    private final Long totalTokens;
    private final Long cachedTokens;
    private final Long reasoningTokens;
    private final Double latencyMs;
    private final Double ttftMs;
    private final long startedAt;
    private final Long endedAt;
    private final String status;
    private final String error;
    private final String errorType;
    private final Integer httpStatus;
    private final String finishReason;
    private final boolean cacheHit;
    private final String baseUrl;
    private final boolean truncated;
    private final String attributesJson;
    private final String inputMessagesJson;
    private final String outputMessagesJson;
    private final String toolDefinitionsJson;
    private final Function<StepView, Answer> answerReader;
    private volatile Answer answer;

    private StepView(Builder b) {
        this.id = b.id;
        this.traceId = b.traceId;
        this.parentStepId = b.parentStepId;
        this.seq = b.seq;
        this.traceName = b.traceName;
        this.traceKind = b.traceKind;
        this.name = b.name;
        this.provider = b.provider;
        this.operation = b.operation;
        this.model = b.model;
        this.responseModel = b.responseModel;
        this.requestJson = b.requestJson;
        this.responseJson = b.responseJson;
        this.inputText = b.inputText;
        this.outputText = b.outputText;
        this.promptTokens = b.promptTokens;
        this.completionTokens = b.completionTokens;
        this.totalTokens = b.totalTokens;
        this.cachedTokens = b.cachedTokens;
        this.reasoningTokens = b.reasoningTokens;
        this.latencyMs = b.latencyMs;
        this.ttftMs = b.ttftMs;
        this.startedAt = b.startedAt;
        this.endedAt = b.endedAt;
        this.status = b.status;
        this.error = b.error;
        this.errorType = b.errorType;
        this.httpStatus = b.httpStatus;
        this.finishReason = b.finishReason;
        this.cacheHit = b.cacheHit;
        this.baseUrl = b.baseUrl;
        this.truncated = b.truncated;
        this.attributesJson = b.attributesJson;
        this.inputMessagesJson = b.inputMessagesJson;
        this.outputMessagesJson = b.outputMessagesJson;
        this.toolDefinitionsJson = b.toolDefinitionsJson;
        this.answerReader = b.answerReader;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this view's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.traceId = traceId;
        b.parentStepId = parentStepId;
        b.seq = seq;
        b.traceName = traceName;
        b.traceKind = traceKind;
        b.name = name;
        b.provider = provider;
        b.operation = operation;
        b.model = model;
        b.responseModel = responseModel;
        b.requestJson = requestJson;
        b.responseJson = responseJson;
        b.inputText = inputText;
        b.outputText = outputText;
        b.promptTokens = promptTokens;
        b.completionTokens = completionTokens;
        b.totalTokens = totalTokens;
        b.cachedTokens = cachedTokens;
        b.reasoningTokens = reasoningTokens;
        b.latencyMs = latencyMs;
        b.ttftMs = ttftMs;
        b.startedAt = startedAt;
        b.endedAt = endedAt;
        b.status = status;
        b.error = error;
        b.errorType = errorType;
        b.httpStatus = httpStatus;
        b.finishReason = finishReason;
        b.cacheHit = cacheHit;
        b.baseUrl = baseUrl;
        b.truncated = truncated;
        b.attributesJson = attributesJson;
        b.inputMessagesJson = inputMessagesJson;
        b.outputMessagesJson = outputMessagesJson;
        b.toolDefinitionsJson = toolDefinitionsJson;
        b.answerReader = answerReader;
        return b;
    }

    /** The step's id. */
    public String id() {
        return id;
    }

    /** Its trace. */
    public String traceId() {
        return traceId;
    }

    /** The enclosing step, or null. */
    public String parentStepId() {
        return parentStepId;
    }

    /** Position in the trace. */
    public long seq() {
        return seq;
    }

    /** The trace's name (e.g. {@code Assistant.chat}), when known. */
    public String traceName() {
        return traceName;
    }

    /** The trace's kind: {@code auto}, {@code ai_service}, {@code method}; when known. */
    public String traceKind() {
        return traceKind;
    }

    /** Display name. */
    public String name() {
        return name;
    }

    /** E.g. {@code openai}, {@code langchain4j}. */
    public String provider() {
        return provider;
    }

    /** {@code chat}, {@code responses}, {@code embeddings}, {@code tool}, .... */
    public String operation() {
        return operation;
    }

    /** The requested model. */
    public String model() {
        return model;
    }

    /** The model that answered. */
    public String responseModel() {
        return responseModel;
    }

    /** The request JSON as stored (redacted, maybe truncated); null when content capture is off. */
    public String requestJson() {
        return requestJson;
    }

    /** The response JSON as stored. */
    public String responseJson() {
        return responseJson;
    }

    /** The input as readable text. */
    public String inputText() {
        return inputText;
    }

    /** The output as readable text (tool calls as {@code tool call name(args)} lines). */
    public String outputText() {
        return outputText;
    }

    public Long promptTokens() {
        return promptTokens;
    }

    public Long completionTokens() {
        return completionTokens;
    }

    public Long totalTokens() {
        return totalTokens;
    }

    public Long cachedTokens() {
        return cachedTokens;
    }

    public Long reasoningTokens() {
        return reasoningTokens;
    }

    /** Wall time of the call in ms. */
    public Double latencyMs() {
        return latencyMs;
    }

    /** Time to first token of a stream in ms. */
    public Double ttftMs() {
        return ttftMs;
    }

    /** Epoch ms. */
    public long startedAt() {
        return startedAt;
    }

    /** Epoch ms. */
    public Long endedAt() {
        return endedAt;
    }

    /** {@code ok}, {@code error} or {@code cancelled}. */
    public String status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String errorType() {
        return errorType;
    }

    public Integer httpStatus() {
        return httpStatus;
    }

    public String finishReason() {
        return finishReason;
    }

    public boolean cacheHit() {
        return cacheHit;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Some stored text was cut to {@code traceflow.capture.max.chars}. */
    public boolean truncated() {
        return truncated;
    }

    public String attributesJson() {
        return attributesJson;
    }

    /**
     * Whether this model call made model calls of its own, recorded as its child steps (a framework's model calling an
     * instrumented SDK, {@code attributes_json.model_calls_inside}): one LLM request is then two steps, and its
     * usage is counted on the child. {@link TraceView#modelCalls()} leaves such a step out.
     */
    public boolean madeModelCallsInside() {
        return attributesJson != null && attributesJson.contains("\"" + StepAttributes.MODEL_CALLS_INSIDE + "\"");
    }

    /**
     * What the model was sent, in the neutral message format (docs/schema.md, "The neutral message format"): the
     * same shape whichever library made the call. Null without content.
     */
    public String inputMessagesJson() {
        return inputMessagesJson;
    }

    /** What came back, in the neutral message format; null when nothing did, or without content. */
    public String outputMessagesJson() {
        return outputMessagesJson;
    }

    /** The tools offered to the model, in the neutral format ({@code [{"type", "name", "description", "parameters"}]}). */
    public String toolDefinitionsJson() {
        return toolDefinitionsJson;
    }

    /** A call to a model: chat, responses or embeddings (not a tool execution or a trace root). */
    public boolean isModelCall() {
        return operation != null && MODEL_CALLS.contains(operation);
    }

    /** A model call that generates text: chat or responses. */
    public boolean isGeneration() {
        return operation != null && GENERATIONS.contains(operation);
    }

    public boolean isOk() {
        return Statuses.OK.equals(status);
    }

    /**
     * Whether prompt and response content was stored: false under {@code traceflow.capture.content=false}, when
     * only metadata is kept and content evaluators cannot judge.
     */
    public boolean contentCaptured() {
        return requestJson != null || responseJson != null || inputText != null || outputText != null
                || inputMessagesJson != null || outputMessagesJson != null;
    }

    /**
     * The model's answer as text: the assistant message's content, read from the response JSON (OpenAI chat,
     * Responses API, LangChain4j); {@code ""} when the model answered with tool calls only; the readable
     * {@link #outputText()} when the response JSON cannot be read (e.g. cut short), and in a view built without an
     * {@link Builder#answerReader answer reader}.
     */
    public String answerText() {
        return answer().text();
    }

    /** The tool calls the model asked for (name and arguments text), in order; empty when none. */
    public List<ToolCall> toolCalls() {
        return answer().toolCalls();
    }

    private Answer answer() {
        Answer a = answer;
        if (a == null) {
            a = answerReader == null ? null : answerReader.apply(this);
            if (a == null) {
                a = new Answer(outputText, List.of());
            }
            answer = a;
        }
        return a;
    }

    /** A tool call the model asked for: the tool's name and its arguments as the model wrote them (JSON text). */
    public record ToolCall(String name, String arguments) {
    }

    /**
     * The model's answer, as {@link #answerText()} and {@link #toolCalls()} return it.
     *
     * @param text the answer's text; null becomes {@code ""}
     * @param toolCalls the tool calls, in order; null becomes empty
     */
    public record Answer(String text, List<ToolCall> toolCalls) {
        public Answer {
            text = text == null ? "" : text;
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }
    }

    @Override
    public String toString() {
        return "step " + id + " (" + operation + (model == null ? "" : " " + model) + ", " + status + ")";
    }

    /** Fills a {@link StepView}; every value is optional. */
    public static final class Builder {
        private String id;
        private String traceId;
        private String parentStepId;
        private long seq;
        private String traceName;
        private String traceKind;
        private String name;
        private String provider;
        private String operation;
        private String model;
        private String responseModel;
        private String requestJson;
        private String responseJson;
        private String inputText;
        private String outputText;
        private Long promptTokens;
        private Long completionTokens;
        private Long totalTokens;
        private Long cachedTokens;
        private Long reasoningTokens;
        private Double latencyMs;
        private Double ttftMs;
        private long startedAt;
        private Long endedAt;
        private String status = Statuses.OK;
        private String error;
        private String errorType;
        private Integer httpStatus;
        private String finishReason;
        private boolean cacheHit;
        private String baseUrl;
        private boolean truncated;
        private String attributesJson;
        private String inputMessagesJson;
        private String outputMessagesJson;
        private String toolDefinitionsJson;
        private Function<StepView, Answer> answerReader;

        private Builder() {
        }

        public Builder id(String value) {
            this.id = value;
            return this;
        }

        public Builder traceId(String value) {
            this.traceId = value;
            return this;
        }

        public Builder parentStepId(String value) {
            this.parentStepId = value;
            return this;
        }

        public Builder seq(long value) {
            this.seq = value;
            return this;
        }

        public Builder traceName(String value) {
            this.traceName = value;
            return this;
        }

        public Builder traceKind(String value) {
            this.traceKind = value;
            return this;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder provider(String value) {
            this.provider = value;
            return this;
        }

        public Builder operation(String value) {
            this.operation = value;
            return this;
        }

        public Builder model(String value) {
            this.model = value;
            return this;
        }

        public Builder responseModel(String value) {
            this.responseModel = value;
            return this;
        }

        public Builder requestJson(String value) {
            this.requestJson = value;
            return this;
        }

        public Builder responseJson(String value) {
            this.responseJson = value;
            return this;
        }

        public Builder inputText(String value) {
            this.inputText = value;
            return this;
        }

        public Builder outputText(String value) {
            this.outputText = value;
            return this;
        }

        public Builder promptTokens(Long value) {
            this.promptTokens = value;
            return this;
        }

        public Builder completionTokens(Long value) {
            this.completionTokens = value;
            return this;
        }

        public Builder totalTokens(Long value) {
            this.totalTokens = value;
            return this;
        }

        public Builder cachedTokens(Long value) {
            this.cachedTokens = value;
            return this;
        }

        public Builder reasoningTokens(Long value) {
            this.reasoningTokens = value;
            return this;
        }

        public Builder latencyMs(Double value) {
            this.latencyMs = value;
            return this;
        }

        public Builder ttftMs(Double value) {
            this.ttftMs = value;
            return this;
        }

        public Builder startedAt(long value) {
            this.startedAt = value;
            return this;
        }

        public Builder endedAt(Long value) {
            this.endedAt = value;
            return this;
        }

        public Builder status(String value) {
            this.status = value;
            return this;
        }

        public Builder error(String value) {
            this.error = value;
            return this;
        }

        public Builder errorType(String value) {
            this.errorType = value;
            return this;
        }

        public Builder httpStatus(Integer value) {
            this.httpStatus = value;
            return this;
        }

        public Builder finishReason(String value) {
            this.finishReason = value;
            return this;
        }

        public Builder cacheHit(boolean value) {
            this.cacheHit = value;
            return this;
        }

        public Builder baseUrl(String value) {
            this.baseUrl = value;
            return this;
        }

        public Builder truncated(boolean value) {
            this.truncated = value;
            return this;
        }

        public Builder attributesJson(String value) {
            this.attributesJson = value;
            return this;
        }

        public Builder inputMessagesJson(String value) {
            this.inputMessagesJson = value;
            return this;
        }

        public Builder outputMessagesJson(String value) {
            this.outputMessagesJson = value;
            return this;
        }

        public Builder toolDefinitionsJson(String value) {
            this.toolDefinitionsJson = value;
            return this;
        }

        /**
         * How {@link #answerText()} and {@link #toolCalls()} are read from the built view (called at most once per
         * view, on first use, from the view's own stored JSON; a copy made with {@link #toBuilder()} keeps the
         * reader and reads its own JSON). TraceFlow sets one that reads the JSON shapes it stores. Without one, or
         * when it returns null, the answer is {@link #outputText()} with no tool calls.
         */
        public Builder answerReader(Function<StepView, Answer> value) {
            this.answerReader = value;
            return this;
        }

        /** A fixed answer, e.g. in a test of your own evaluator: {@code answer("Paris.", List.of())}. */
        public Builder answer(String text, List<ToolCall> toolCalls) {
            Answer fixed = new Answer(text, toolCalls);
            this.answerReader = view -> fixed;
            return this;
        }

        public StepView build() {
            return new StepView(this);
        }
    }
}
