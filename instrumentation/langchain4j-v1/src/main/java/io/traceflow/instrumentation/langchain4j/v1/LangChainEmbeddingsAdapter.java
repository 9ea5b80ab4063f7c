package io.traceflow.instrumentation.langchain4j.v1;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;

import io.traceflow.core.capture.CacheRequest;
import io.traceflow.core.capture.LlmAdapter;
import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.NeutralJson;
import io.traceflow.core.format.StepShapes;
import io.traceflow.core.format.Usage;

/**
 * LangChain4j embedding models: the input texts and the vectors' sizes (the vectors themselves are not kept in the
 * step). {@code EmbeddingRequest} and {@code EmbeddingResponse} are read reflectively, as 1.0.x lacks them. The
 * cache keeps the vectors and rebuilds the type the hooked method returns: {@code Response<List<Embedding>>} from
 * {@code embedAll}, {@code EmbeddingResponse} from {@code doEmbed}; hence one instance per method.
 */
final class LangChainEmbeddingsAdapter implements LlmAdapter {
    static final LangChainEmbeddingsAdapter EMBED_ALL = new LangChainEmbeddingsAdapter(true);
    static final LangChainEmbeddingsAdapter DO_EMBED = new LangChainEmbeddingsAdapter(false);

    /** Whether the hooked method returns {@code Response<List<Embedding>>} (else an {@code EmbeddingResponse}). */
    private final boolean returnsResponse;

    private LangChainEmbeddingsAdapter(boolean returnsResponse) {
        this.returnsResponse = returnsResponse;
    }

    @Override
    public String library() {
        return "langchain4j";
    }

    @Override
    public Exchange read(String operation, Object model, Object input, Object output, List<Object> chunks) {
        Exchange exchange = StepShapes.embeddings(texts(input));
        String named = modelName(input, output);
        // 1.0's embedAll carries no model name in or out: the model says it, where its provider module keeps one.
        exchange.model = named != null ? named : ModelEndpoints.modelName(model);
        List<Embedding> embeddings = embeddings(output);
        if (embeddings != null) {
            exchange.answered = true;
            for (Embedding e : embeddings) {
                exchange.embeddingDimensions.add(e.dimension());
            }
            TokenUsage usage = tokenUsage(output);
            if (usage != null) {
                exchange.usage = new Usage(toLong(usage.inputTokenCount()), null, toLong(usage.totalTokenCount()), null,
                        null, null);
            }
        }
        exchange.attributes.put("model_class", model.getClass().getName());
        return exchange;
    }

    @Override
    public String stepName(String operation, Object model, Exchange exchange) {
        return model.getClass().getSimpleName() + (exchange.model != null ? " " + exchange.model : "");
    }

    @Override
    public String baseUrl(Object model) {
        return ModelEndpoints.baseUrl(model);
    }

    @Override
    public Integer httpStatus(Throwable error) {
        return HttpStatuses.of(error);
    }

    // ---- the response cache ----

    /** The key covers the model class (and base URL), its model name and known dimension, and the input texts. */
    @Override
    public CacheRequest cacheRequest(String operation, Object model, Object input) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", ModelEndpoints.modelName(model));
        request.put("dimensions", knownDimension(model));
        List<String> texts = texts(input);
        request.put("input", texts);
        if (!(input instanceof List<?>)) {
            request.put("request", String.valueOf(input)); // an EmbeddingRequest: its parameters too
        }
        return new CacheRequest(ModelEndpoints.endpoint(model), NeutralJson.toJson(request), 0.0,
                ModelEndpoints.modelName(model) != null ? ModelEndpoints.modelName(model)
                        : model.getClass().getSimpleName(), String.join(" ", texts));
    }

    @Override
    public String answerJson(String operation, boolean streaming, Object output) {
        List<Embedding> embeddings = embeddings(output);
        if (embeddings == null) {
            return null;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        List<List<Float>> vectors = new ArrayList<>();
        for (Embedding e : embeddings) {
            vectors.add(e.vectorAsList());
        }
        answer.put("vectors", vectors);
        TokenUsage usage = tokenUsage(output);
        if (usage != null) {
            answer.put("input_tokens", usage.inputTokenCount());
            answer.put("total_tokens", usage.totalTokenCount());
        }
        answer.put("model", modelName(null, output));
        return NeutralJson.toJson(answer);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object replay(String operation, boolean streaming, Object kept, String json)
            throws ReflectiveOperationException {
        if (kept != null && returnsResponse == kept instanceof Response<?>) {
            return kept;
        }
        Map<String, Object> answer = (Map<String, Object>) NeutralJson.fromJson(json != null ? json
                : answerJson(operation, false, kept));
        List<Embedding> embeddings = new ArrayList<>();
        for (List<Number> vector : (List<List<Number>>) answer.get("vectors")) {
            float[] values = new float[vector.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = vector.get(i).floatValue();
            }
            embeddings.add(Embedding.from(values));
        }
        Integer in = answer.get("input_tokens") instanceof Number n ? n.intValue() : null;
        Integer total = answer.get("total_tokens") instanceof Number n ? n.intValue() : null;
        TokenUsage usage = in == null && total == null ? null : new TokenUsage(in, null, total);
        if (returnsResponse) {
            return Response.from(embeddings, usage);
        }
        Class<?> type = Class.forName("dev.langchain4j.model.embedding.response.EmbeddingResponse", true,
                Embedding.class.getClassLoader());
        Object builder = type.getMethod("builder").invoke(null);
        builder.getClass().getMethod("embeddings", List.class).invoke(builder, embeddings);
        if (usage != null) {
            builder.getClass().getMethod("tokenUsage", TokenUsage.class).invoke(builder, usage);
        }
        if (answer.get("model") != null) {
            builder.getClass().getMethod("modelName", String.class).invoke(builder, answer.get("model"));
        }
        return builder.getClass().getMethod("build").invoke(builder);
    }

    /**
     * The dimension a {@code DimensionAwareEmbeddingModel} (as provider modules' models are) is configured with, or
     * knows from its model name; else null. Never {@code dimension()}: when the model does not know it, that embeds a
     * test text, a request to the provider from the app thread, made even under strict replay.
     */
    static Object knownDimension(Object model) {
        for (Class<?> c = model.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Method known = c.getDeclaredMethod("knownDimension");
                known.setAccessible(true);
                return known.invoke(model);
            } catch (NoSuchMethodException e) {
                // look in the superclass
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }
        return null;
    }

    // ---- reading the types ----

    static List<String> texts(Object input) {
        List<String> out = new ArrayList<>();
        Object items = input;
        if (!(input instanceof List<?>)) {
            items = call(input, "inputs"); // EmbeddingRequest (1.x after 1.0)
            if (items == null) {
                items = call(input, "textSegments");
            }
        }
        if (items instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof TextSegment segment) {
                    out.add(segment.text());
                } else {
                    Object text = call(item, "text");
                    out.add(text != null ? text.toString() : String.valueOf(item));
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Embedding> embeddings(Object output) {
        Object content = output instanceof Response<?> r ? r.content() : call(output, "embeddings");
        return content instanceof List<?> list ? (List<Embedding>) list : null;
    }

    static TokenUsage tokenUsage(Object output) {
        Object usage = output instanceof Response<?> r ? r.tokenUsage() : call(output, "tokenUsage");
        return usage instanceof TokenUsage t ? t : null;
    }

    static String modelName(Object input, Object output) {
        Object name = call(output, "modelName");
        if (name == null) {
            name = call(input, "modelName");
        }
        return name == null ? null : name.toString();
    }

    private static Object call(Object target, String method) {
        if (target == null) {
            return null;
        }
        try {
            return target.getClass().getMethod(method).invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Long toLong(Integer value) {
        return value == null ? null : value.longValue();
    }
}
