package io.traceflow.instrumentation.langchain4j.v1;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import io.traceflow.bootstrap.CallHandler;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.capture.ChatPayloads;
import io.traceflow.core.capture.ContentPolicy;
import io.traceflow.core.capture.StepRows;
import io.traceflow.core.capture.StepScope;
import io.traceflow.core.capture.TraceContext;
import io.traceflow.core.model.EventSink;
import io.traceflow.core.model.StepRow;
import io.traceflow.core.model.TraceFinished;
import io.traceflow.core.model.TraceStarted;
import io.traceflow.core.model.WriteEvent;
import io.traceflow.core.runtime.TraceFlowRuntime;

/**
 * The AI Service proxy's {@code InvocationHandler.invoke}: each call of an AI Service method is a trace named
 * {@code Interface.method} (or, inside another trace, a nested step of it). Its root step (operation
 * {@code ai_service}) is the parent of every LLM call and tool execution made inside, in order.
 */
public final class AiServiceHandler implements CallHandler {
    private static final String MEMORY_ID = "dev.langchain4j.service.MemoryId";
    private static final String TOKEN_STREAM = "dev.langchain4j.service.TokenStream";

    /** A TokenStream returned by a call, with the frame its later model calls belong to (see TokenStreamHandler). */
    static final Map<Object, TraceContext.Frame> TOKEN_STREAMS = Collections.synchronizedMap(new WeakHashMap<>());

    public AiServiceHandler(Class<?> type) {
    }

    @Override
    public CallScope enter(String method, Object self, Object[] args) {
        TraceFlowRuntime runtime = TraceFlowRuntime.current();
        if (runtime == null || args.length < 3 || !(args[1] instanceof Method called)
                || called.getDeclaringClass() == Object.class) {
            return null;
        }
        Object[] arguments = args[2] instanceof Object[] a ? a : new Object[0];
        String name = called.getDeclaringClass().getSimpleName() + "." + called.getName();
        String memoryId = memoryId(called, arguments);
        StepScope scope = StepScope.start(true);
        boolean ownsTrace = scope.placement().ownsTrace();
        if (ownsTrace) {
            runtime.record(new TraceStarted(scope.placement().traceId(), name, "ai_service", scope.startedAtMillis(),
                    scope.placement().stepId(), memoryId));
        }
        return (returned, thrown) -> {
            long end = System.nanoTime();
            if (returned != null && implementsTokenStream(returned.getClass())) {
                TOKEN_STREAMS.put(returned, scope.frame());
            }
            scope.closeFrame();
            runtime.record(new RootStepEvent(runtime, scope, name, memoryId, arguments, returned, thrown, end));
            if (ownsTrace) {
                runtime.record(new TraceFinished(scope.placement().traceId(),
                        scope.startedAtMillis() + (end - scope.startNanos()) / 1_000_000,
                        thrown == null ? "ok" : "error",
                        thrown == null ? null : runtime.contentPolicy().clean(thrown.getClass().getName() + ": "
                                + thrown.getMessage(), null)));
            }
            return returned;
        };
    }

    private static boolean implementsTokenStream(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(TOKEN_STREAM)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The argument annotated {@code @MemoryId}, if any: conversations across calls group by it. */
    private static String memoryId(Method method, Object[] arguments) {
        Annotation[][] annotations = method.getParameterAnnotations();
        for (int i = 0; i < annotations.length && i < arguments.length; i++) {
            for (Annotation annotation : annotations[i]) {
                if (annotation.annotationType().getName().equals(MEMORY_ID)) {
                    return String.valueOf(arguments[i]);
                }
            }
        }
        return null;
    }

    static final class RootStepEvent implements WriteEvent {
        private final TraceFlowRuntime runtime;
        private final StepScope scope;
        private final String name;
        private final String memoryId;
        private final Object[] arguments;
        private final Object result;
        private final Throwable error;
        private final long endNanos;

        RootStepEvent(TraceFlowRuntime runtime, StepScope scope, String name, String memoryId, Object[] arguments,
                Object result, Throwable error, long endNanos) {
            this.runtime = runtime;
            this.scope = scope;
            this.name = name;
            this.memoryId = memoryId;
            this.arguments = arguments;
            this.result = result;
            this.error = error;
            this.endNanos = endNanos;
        }

        @Override
        public void applyTo(EventSink sink) throws SQLException {
            ContentPolicy policy = runtime.contentPolicy();
            StepRow row = scope.row("langchain4j", "ai_service", endNanos);
            row.ownsTrace = false; // its trace row comes from TraceStarted, with kind ai_service
            row.name = name;
            List<String> args = new ArrayList<>();
            for (Object argument : arguments) {
                args.add(String.valueOf(argument));
            }
            row.inputText = policy.content(String.join("\n", args), row);
            row.requestJson = policy.content(ChatPayloads.toJson(Map.of("method", name, "arguments", args)), row);
            if (error == null && result != null) {
                String text = String.valueOf(result);
                row.outputText = policy.content(text, row);
                row.responseJson = policy.content(ChatPayloads.toJson(Map.of("result", text)), row);
            }
            if (memoryId != null) {
                row.attributesJson = ChatPayloads.toJson(Map.of("memory_id", memoryId));
            }
            StepRows.error(row, error, policy);
            sink.step(row);
        }
    }
}
