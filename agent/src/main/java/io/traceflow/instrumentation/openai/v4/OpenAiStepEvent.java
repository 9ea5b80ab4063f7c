package io.traceflow.instrumentation.openai.v4;

import java.lang.reflect.Field;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.ClientOptions;
import com.openai.core.ObjectMappers;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.ResponseCreateParams;

import io.traceflow.core.capture.ContentPolicy;
import io.traceflow.core.capture.OpenAiPayloads;
import io.traceflow.core.model.EventSink;
import io.traceflow.core.model.StepRow;
import io.traceflow.core.model.WriteEvent;

/**
 * A finished OpenAI call, turned into a {@code steps} row on the writer thread: the SDK's own mapper writes the
 * request body and the response as wire JSON (never headers, so never the API key), and {@link OpenAiPayloads}
 * reads the fields out of it.
 */
final class OpenAiStepEvent implements WriteEvent {
    private static final Map<Class<?>, Field> CLIENT_OPTIONS = new ConcurrentHashMap<>();

    private final OpenAiCall call;
    private final Object response;
    private final List<Object> chunks;
    private final Throwable error;
    private final String status;
    private final long endNanos;
    private final long firstChunkNanos;
    private boolean cacheHit;
    private Double savedMs;
    private Double latencyOverrideMs;

    OpenAiStepEvent(OpenAiCall call, Object response, List<Object> chunks, Throwable error, String status,
            long endNanos, long firstChunkNanos) {
        this.call = call;
        this.response = response;
        this.chunks = chunks;
        this.error = error;
        this.status = status;
        this.endNanos = endNanos;
        this.firstChunkNanos = firstChunkNanos;
    }

    /** Marks the step as answered from the cache: its latency is the lookup's, the recorded one is "saved". */
    OpenAiStepEvent cacheHit(double lookupMs, double originalLatencyMs) {
        this.cacheHit = true;
        this.latencyOverrideMs = lookupMs;
        this.savedMs = originalLatencyMs;
        return this;
    }

    @Override
    public void applyTo(EventSink sink) throws SQLException {
        sink.step(render());
    }

    StepRow render() {
        ContentPolicy policy = call.runtime.contentPolicy();
        ObjectMapper mapper = ObjectMappers.jsonMapper();
        StepRow row = new StepRow();
        row.id = call.placement.stepId();
        row.traceId = call.placement.traceId();
        row.parentStepId = call.placement.parentStepId();
        row.seq = call.placement.seq();
        row.ownsTrace = call.placement.ownsTrace();
        row.provider = "openai";
        row.operation = call.operation;
        row.startedAt = call.startedAtMillis;
        row.latencyMs = (endNanos - call.startNanos) / 1e6;
        row.endedAt = call.startedAtMillis + TimeUnit.NANOSECONDS.toMillis(endNanos - call.startNanos);
        if (firstChunkNanos != 0) {
            row.ttftMs = (firstChunkNanos - call.startNanos) / 1e6;
        }
        row.thread = call.thread;
        row.status = status;
        row.baseUrl = baseUrl(call.service);

        List<String> streamJsons = null;
        if (call.streaming) {
            streamJsons = new ArrayList<>(chunks.size());
            for (Object chunk : chunks) {
                streamJsons.add(writeJson(mapper, chunk));
            }
        }
        String responseJson = call.streaming ? null : writeJson(mapper, response);
        OpenAiPayloads.fill(row, call.operation, writeJson(mapper, requestBody(call.params)), responseJson,
                streamJsons, policy);
        if (cacheHit) {
            row.cacheHit = true;
            row.savedMs = savedMs;
            row.latencyMs = latencyOverrideMs;
            row.ttftMs = null;
        }
        row.name = "openai." + call.operation + (row.model != null ? " " + row.model : "");
        row.traceName = row.name;
        if (error != null) {
            row.errorType = error.getClass().getName();
            row.error = policy.clean(error.getClass().getSimpleName() + ": " + error.getMessage(), row);
            if (error instanceof OpenAIServiceException serviceError) {
                row.httpStatus = serviceError.statusCode();
            }
        }
        return row;
    }

    static Object requestBody(Object params) {
        if (params instanceof ChatCompletionCreateParams p) {
            return p._body();
        }
        if (params instanceof ResponseCreateParams p) {
            return p._body();
        }
        if (params instanceof EmbeddingCreateParams p) {
            return p._body();
        }
        return null;
    }

    private static String writeJson(ObjectMapper mapper, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            return null;
        }
    }

    /** The service's base URL, from its private {@code clientOptions} field (never its headers). */
    static String baseUrl(Object service) {
        if (service == null) {
            return null;
        }
        try {
            Field field = CLIENT_OPTIONS.computeIfAbsent(service.getClass(), type -> {
                try {
                    Field f = type.getDeclaredField("clientOptions");
                    f.setAccessible(true);
                    return f;
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null;
                }
            });
            if (field == null) {
                return null;
            }
            Object options = field.get(service);
            return options instanceof ClientOptions clientOptions ? clientOptions.baseUrl() : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
