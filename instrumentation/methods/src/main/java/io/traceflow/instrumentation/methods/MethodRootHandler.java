package io.traceflow.instrumentation.methods;

import io.traceflow.bootstrap.CallHandler;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.capture.RootCall;
import io.traceflow.schema.Operations;
import io.traceflow.schema.TraceKinds;
import io.traceflow.core.runtime.TraceFlowRuntime;

/** A method named in {@code traceflow.trace.methods}: a trace of its own, or a nested step inside another trace. */
public final class MethodRootHandler implements CallHandler {
    private final String typeName;

    public MethodRootHandler(Class<?> type) {
        this.typeName = type.getSimpleName();
    }

    @Override
    public CallScope enter(String method, Object self, Object[] args) {
        TraceFlowRuntime runtime = TraceFlowRuntime.current();
        if (runtime == null) {
            return null;
        }
        RootCall root = RootCall.start(runtime, typeName + "." + method, TraceKinds.METHOD, "app", Operations.METHOD,
                null, args);
        return (returned, thrown) -> {
            root.finish(thrown == null ? returned : null, thrown);
            return returned;
        };
    }
}
