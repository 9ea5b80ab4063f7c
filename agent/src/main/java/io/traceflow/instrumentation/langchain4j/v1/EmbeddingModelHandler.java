package io.traceflow.instrumentation.langchain4j.v1;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;

import io.traceflow.bootstrap.CallHandler;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.capture.ChatPayloads;
import io.traceflow.core.capture.ContentPolicy;
import io.traceflow.core.capture.StepRows;
import io.traceflow.core.capture.StepScope;
import io.traceflow.core.model.EventSink;
import io.traceflow.core.model.StepRow;
import io.traceflow.core.model.WriteEvent;
import io.traceflow.core.runtime.TraceFlowRuntime;

/**
 * {@code EmbeddingModel.embedAll(List)} (1.0.x providers) and {@code doEmbed(EmbeddingRequest)} (later ones): one
 * step per outermost call on a model. {@code EmbeddingRequest} and {@code EmbeddingResponse} are read
 * reflectively because 1.0.x lacks them.
 */
public final class EmbeddingModelHandler implements CallHandler {
    private static final ThreadLocal<Object> CURRENT_MODEL = new ThreadLocal<>();

    public EmbeddingModelHandler(Class<?> type) {
    }

    @Override
    public CallScope enter(String method, Object self, Object[] args) {
        TraceFlowRuntime runtime = TraceFlowRuntime.current();
        if (runtime == null || CURRENT_MODEL.get() == self) {
            return null;
        }
        Object previous = CURRENT_MODEL.get();
        CURRENT_MODEL.set(self);
        StepScope scope = StepScope.start(true);
        Object input = args[0];
        Runnable restore = () -> {
            if (previous == null) {
                CURRENT_MODEL.remove();
            } else {
                CURRENT_MODEL.set(previous);
            }
        };
        if (runtime.cache().enabled()) {
            CallScope cached;
            try {
                cached = EmbeddingCache.consult(runtime, scope, self, method, input, restore);
            } catch (RuntimeException | LinkageError e) {
                scope.closeFrame(); // undo the thread state: the call runs untraced
                restore.run();
                throw e;
            }
            if (cached != null) {
                return cached;
            }
        }
        io.traceflow.core.cache.CacheLookup miss = runtime.cache().enabled()
                ? EmbeddingCache.pendingMiss.get() : null;
        EmbeddingCache.pendingMiss.remove();
        return (returned, thrown) -> {
            long end = System.nanoTime();
            scope.closeFrame();
            restore.run();
            runtime.record(new EmbeddingEvent(runtime, scope, self.getClass(), input, returned, thrown, end));
            if (miss != null && thrown == null && returned != null) {
                runtime.cache().store(miss, "langchain4j", "embeddings", EmbeddingEvent.modelName(input, returned),
                        returned, () -> EmbeddingCache.answerJson(returned), scope.elapsedMillis());
            }
            return returned;
        };
    }

    static final class EmbeddingEvent implements WriteEvent {
        private final TraceFlowRuntime runtime;
        private final StepScope scope;
        private final Class<?> modelClass;
        private final Object input;
        private final Object output;
        private final Throwable error;
        private final long endNanos;
        private double[] cacheHit;

        EmbeddingEvent cacheHit(double lookupMs, double savedMs) {
            this.cacheHit = new double[] {lookupMs, savedMs};
            return this;
        }

        EmbeddingEvent(TraceFlowRuntime runtime, StepScope scope, Class<?> modelClass, Object input, Object output,
                Throwable error, long endNanos) {
            this.runtime = runtime;
            this.scope = scope;
            this.modelClass = modelClass;
            this.input = input;
            this.output = output;
            this.error = error;
            this.endNanos = endNanos;
        }

        @Override
        public void applyTo(EventSink sink) throws SQLException {
            ContentPolicy policy = runtime.contentPolicy();
            StepRow row = scope.row("langchain4j", "embeddings", endNanos);
            List<String> texts = texts(input);
            row.inputText = policy.content(String.join("\n", texts), row);
            row.requestJson = policy.content(ChatPayloads.toJson(java.util.Map.of("input", texts)), row);
            List<Embedding> embeddings = embeddings(output);
            if (embeddings != null) {
                List<String> dims = new ArrayList<>();
                for (Embedding e : embeddings) {
                    dims.add(String.valueOf(e.dimension()));
                }
                row.outputText = policy.content(embeddings.size() + " embedding(s), dimensions "
                        + String.join(", ", dims), row);
                TokenUsage usage = tokenUsage(output);
                if (usage != null) {
                    row.promptTokens = usage.inputTokenCount() == null ? null : usage.inputTokenCount().longValue();
                    row.totalTokens = usage.totalTokenCount() == null ? null : usage.totalTokenCount().longValue();
                }
            }
            row.model = modelName(input, output);
            if (cacheHit != null) {
                row.cacheHit = true;
                row.latencyMs = cacheHit[0];
                row.savedMs = cacheHit[1];
            }
            row.name = modelClass.getSimpleName() + (row.model != null ? " " + row.model : "");
            row.traceName = row.name;
            StepRows.error(row, error, policy);
            sink.step(row);
        }

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
    }
}
