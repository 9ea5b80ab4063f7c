package io.traceflow.instrumentation.langchain4j.v1;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.langchain4j.agent.tool.ToolExecutionRequest;

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
 * {@code ToolExecutor.execute(request, memoryId)} and {@code executeWithContext(request, context)}: one step per
 * tool execution (operation {@code tool}) with the tool's name, arguments, result or error, and duration. The
 * step opens a frame: LLM calls a tool makes are its children.
 */
public final class ToolExecutorHandler implements CallHandler {
    private static final ThreadLocal<ToolExecutionRequest> CURRENT = new ThreadLocal<>();

    public ToolExecutorHandler(Class<?> type) {
    }

    @Override
    public CallScope enter(String method, Object self, Object[] args) {
        TraceFlowRuntime runtime = TraceFlowRuntime.current();
        if (runtime == null || !(args[0] instanceof ToolExecutionRequest request) || CURRENT.get() == request) {
            return null; // executeWithContext delegating to execute for the same request: one step
        }
        ToolExecutionRequest previous = CURRENT.get();
        CURRENT.set(request);
        StepScope scope = StepScope.start(true);
        return (returned, thrown) -> {
            long end = System.nanoTime();
            scope.closeFrame();
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
            runtime.record(new ToolEvent(runtime, scope, request, returned, thrown, end));
            return returned;
        };
    }

    static final class ToolEvent implements WriteEvent {
        private final TraceFlowRuntime runtime;
        private final StepScope scope;
        private final ToolExecutionRequest request;
        private final Object result;
        private final Throwable error;
        private final long endNanos;

        ToolEvent(TraceFlowRuntime runtime, StepScope scope, ToolExecutionRequest request, Object result,
                Throwable error, long endNanos) {
            this.runtime = runtime;
            this.scope = scope;
            this.request = request;
            this.result = result;
            this.error = error;
            this.endNanos = endNanos;
        }

        @Override
        public void applyTo(EventSink sink) throws SQLException {
            ContentPolicy policy = runtime.contentPolicy();
            StepRow row = scope.row("langchain4j", "tool", endNanos);
            row.name = request.name();
            row.traceName = "tool " + request.name();
            Map<String, Object> call = new LinkedHashMap<>();
            call.put("id", request.id());
            call.put("name", request.name());
            call.put("arguments", request.arguments());
            row.requestJson = policy.content(ChatPayloads.toJson(call), row);
            row.inputText = policy.content(request.arguments(), row);
            String text = resultText(result);
            row.outputText = policy.content(text, row);
            if (text != null) {
                row.responseJson = policy.content(ChatPayloads.toJson(Map.of("result", text)), row);
            }
            if (isError(result)) {
                row.status = "error";
                // The tool's error text is the tool's output: content, so it follows traceflow.capture.content.
                row.error = policy.captureContent() ? policy.clean(text, row) : "tool reported an error";
            }
            StepRows.error(row, error, policy);
            sink.step(row);
        }

        /** A String (execute), or a ToolExecutionResult (executeWithContext, 1.x after 1.0). */
        private static String resultText(Object result) {
            if (result == null || result instanceof String) {
                return (String) result;
            }
            try {
                Object text = result.getClass().getMethod("resultText").invoke(result);
                return text == null ? null : text.toString();
            } catch (ReflectiveOperationException | RuntimeException e) {
                return String.valueOf(result);
            }
        }

        private static boolean isError(Object result) {
            if (result == null || result instanceof String) {
                return false;
            }
            try {
                return Boolean.TRUE.equals(result.getClass().getMethod("isError").invoke(result));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }
    }
}
