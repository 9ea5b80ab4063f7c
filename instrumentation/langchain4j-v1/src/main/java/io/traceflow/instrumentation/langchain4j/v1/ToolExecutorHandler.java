package io.traceflow.instrumentation.langchain4j.v1;

import dev.langchain4j.agent.tool.ToolExecutionRequest;

import io.traceflow.bootstrap.CallHandler;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.capture.ToolStep;

/**
 * {@code ToolExecutor.execute(request, memoryId)} and {@code executeWithContext(request, context)}: one step per
 * tool execution ({@link ToolStep}) with the tool's name, arguments, result or error, and duration. The request is
 * the nesting key: {@code executeWithContext} delegating to {@code execute} for the same request is one step.
 */
public final class ToolExecutorHandler implements CallHandler {
    public ToolExecutorHandler(Class<?> type) {
    }

    @Override
    public CallScope enter(String method, Object self, Object[] args) {
        if (!(args[0] instanceof ToolExecutionRequest request)) {
            return null;
        }
        ToolStep step = ToolStep.start("langchain4j", request, request.id(), request.name(), request.arguments());
        if (step == null) {
            return null;
        }
        return (returned, thrown) -> {
            if (thrown != null) {
                step.fail(thrown);
            } else {
                step.end(resultText(returned), isError(returned));
            }
            return returned;
        };
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
