package io.traceflow.instrumentation.langchain4j.v1;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

import io.traceflow.core.capture.ChatPayloads;
import io.traceflow.core.capture.ContentPolicy;
import io.traceflow.core.capture.StepScope;
import io.traceflow.core.model.EventSink;
import io.traceflow.core.model.StepRow;
import io.traceflow.core.model.WriteEvent;
import io.traceflow.core.runtime.TraceFlowRuntime;

/** A finished LangChain4j chat call (blocking or streamed), rendered into a step on the writer thread. */
final class LangChainChatEvent implements WriteEvent {
    private final TraceFlowRuntime runtime;
    private final StepScope scope;
    private final Class<?> modelClass;
    private final ChatRequest request;
    private final ChatResponse response;
    private final Throwable error;
    private final long endNanos;
    private final long firstTokenNanos;
    private final String operation;
    private boolean cacheHit;
    private double lookupMs;
    private double savedMs;

    LangChainChatEvent(TraceFlowRuntime runtime, StepScope scope, Class<?> modelClass, ChatRequest request,
            ChatResponse response, Throwable error, long endNanos, long firstTokenNanos, String operation) {
        this.runtime = runtime;
        this.scope = scope;
        this.modelClass = modelClass;
        this.request = request;
        this.response = response;
        this.error = error;
        this.endNanos = endNanos;
        this.firstTokenNanos = firstTokenNanos;
        this.operation = operation;
    }

    /** Marks the step as answered from the cache: its latency is the lookup's, the recorded one is "saved". */
    LangChainChatEvent cacheHit(double lookupMs, double savedMs) {
        this.cacheHit = true;
        this.lookupMs = lookupMs;
        this.savedMs = savedMs;
        return this;
    }

    @Override
    public void applyTo(EventSink sink) throws SQLException {
        ContentPolicy policy = runtime.contentPolicy();
        StepRow row = scope.row("langchain4j", operation, endNanos);
        ChatPayloads.fill(row, ChatRendering.capture(request, response), policy);
        if (firstTokenNanos != 0) {
            row.ttftMs = (firstTokenNanos - scope.startNanos()) / 1e6;
        }
        if (cacheHit) {
            row.cacheHit = true;
            row.latencyMs = lookupMs;
            row.savedMs = savedMs;
        }
        row.name = modelClass.getSimpleName() + (row.model != null ? " " + row.model : "");
        row.traceName = row.name;
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("model_class", modelClass.getName());
        row.attributesJson = ChatPayloads.toJson(attributes);
        io.traceflow.core.capture.StepRows.error(row, error, policy);
        sink.step(row);
    }
}
