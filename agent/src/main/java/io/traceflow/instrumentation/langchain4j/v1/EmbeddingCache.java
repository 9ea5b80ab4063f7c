package io.traceflow.instrumentation.langchain4j.v1;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;

import io.traceflow.bootstrap.CacheReplayMissException;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.bootstrap.ShortCircuit;
import io.traceflow.core.cache.CacheLookup;
import io.traceflow.core.cache.CacheMode;
import io.traceflow.core.capture.ChatPayloads;
import io.traceflow.core.capture.StepScope;
import io.traceflow.core.runtime.TraceFlowRuntime;

/**
 * The response cache for LangChain4j embedding models. The key covers the model class and the input texts; the
 * recorded vectors come back as the type the hooked method returns ({@code Response<List<Embedding>>} from
 * {@code embedAll}, {@code EmbeddingResponse} from {@code doEmbed}, built reflectively as 1.0.x lacks it).
 */
final class EmbeddingCache {
    /** A miss found by {@link #consult}, handed to the caller on the same thread. */
    static final ThreadLocal<CacheLookup> pendingMiss = new ThreadLocal<>();

    private EmbeddingCache() {
    }

    static CallScope consult(TraceFlowRuntime runtime, StepScope scope, Object model, String method, Object input,
            Runnable onExit) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", ModelEndpoints.modelName(model));
        request.put("dimensions", ModelEndpoints.call(model, "dimension"));
        request.put("input", EmbeddingModelHandler.EmbeddingEvent.texts(input));
        if (!(input instanceof List<?>)) {
            request.put("request", String.valueOf(input)); // an EmbeddingRequest: its parameters too
        }
        CacheLookup lookup = runtime.cache().lookup("langchain4j", "embeddings", ModelEndpoints.endpoint(model),
                ChatPayloads.toJson(request), 0.0);
        if (lookup.hit()) {
            try {
                Object answer = lookup.entry().answer();
                Object value = answer != null && !method.equals("doEmbed") == (answer instanceof Response<?>)
                        ? answer : fromJson(lookup.entry().answerJson().get(), method);
                double lookupMs = lookup.lookupNanos() / 1e6;
                double saved = lookup.entry().originalLatencyMs();
                return (ShortCircuit) (returned, thrown) -> {
                    scope.closeFrame();
                    onExit.run();
                    runtime.record(new EmbeddingModelHandler.EmbeddingEvent(runtime, scope, model.getClass(), input,
                            value, null, System.nanoTime()).cacheHit(lookupMs, saved));
                    return value;
                };
            } catch (Exception | LinkageError e) {
                runtime.adviceError(e);
            }
        }
        if (lookup.miss() && runtime.cache().mode() == CacheMode.REPLAY) {
            CacheReplayMissException failure = new CacheReplayMissException(runtime.cache().replayMissMessage(
                    "embeddings", model.getClass().getSimpleName(), lookup,
                    String.join(" ", EmbeddingModelHandler.EmbeddingEvent.texts(input))));
            return new ShortCircuit() {
                @Override
                public Object exit(Object returned, Throwable thrown) {
                    scope.closeFrame();
                    onExit.run();
                    runtime.record(new EmbeddingModelHandler.EmbeddingEvent(runtime, scope, model.getClass(), input,
                            null, failure, System.nanoTime()));
                    return null;
                }

                @Override
                public Throwable thrown(Throwable thrown) {
                    return failure;
                }
            };
        }
        if (lookup.miss()) {
            pendingMiss.set(lookup);
        }
        return null;
    }

    static String answerJson(Object output) {
        Map<String, Object> answer = new LinkedHashMap<>();
        List<List<Float>> vectors = new ArrayList<>();
        List<Embedding> embeddings = EmbeddingModelHandler.EmbeddingEvent.embeddings(output);
        if (embeddings == null) {
            return null;
        }
        for (Embedding e : embeddings) {
            vectors.add(e.vectorAsList());
        }
        answer.put("vectors", vectors);
        TokenUsage usage = EmbeddingModelHandler.EmbeddingEvent.tokenUsage(output);
        if (usage != null) {
            answer.put("input_tokens", usage.inputTokenCount());
            answer.put("total_tokens", usage.totalTokenCount());
        }
        answer.put("model", EmbeddingModelHandler.EmbeddingEvent.modelName(null, output));
        return ChatPayloads.toJson(answer);
    }

    @SuppressWarnings("unchecked")
    static Object fromJson(String json, String method) throws ReflectiveOperationException {
        Map<String, Object> answer = (Map<String, Object>) ChatPayloads.fromJson(json);
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
        if (!method.equals("doEmbed")) {
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
}
