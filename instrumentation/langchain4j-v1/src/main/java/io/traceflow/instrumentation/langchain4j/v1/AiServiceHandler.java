package io.traceflow.instrumentation.langchain4j.v1;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

import io.traceflow.bootstrap.CallHandler;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.capture.RootCall;
import io.traceflow.schema.Operations;
import io.traceflow.schema.TraceKinds;
import io.traceflow.core.runtime.TraceFlowRuntime;

/**
 * The AI Service proxy's {@code InvocationHandler.invoke}: each call of an AI Service method is a trace named
 * {@code Interface.method} (or, inside another trace, a nested step of it). Its root step (operation
 * {@code ai_service}) is the parent of every LLM call and tool execution made inside, in order.
 */
public final class AiServiceHandler implements CallHandler {
    private static final String MEMORY_ID = "dev.langchain4j.service.MemoryId";
    private static final String TOKEN_STREAM = "dev.langchain4j.service.TokenStream";

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
        RootCall root = RootCall.start(runtime, name, TraceKinds.AI_SERVICE, "langchain4j", Operations.AI_SERVICE,
                memoryId(called, arguments), arguments);
        return (returned, thrown) -> {
            if (thrown == null && returned != null && implementsTokenStream(returned.getClass())) {
                // Its model calls happen later (start(), then on HTTP threads): the root stays open until the last
                // turn's answer arrives, so the trace's end and status are the stream's.
                StreamingRoots.keepOpen(returned, root);
            } else {
                root.finish(thrown == null ? returned : null, thrown);
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
}
