package io.traceflow.core.capture;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.traceflow.core.config.ContentPolicy;
import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.StepShapes;
import io.traceflow.core.model.EventSink;
import io.traceflow.schema.Statuses;
import io.traceflow.core.model.StepRow;
import io.traceflow.core.model.TraceFinished;
import io.traceflow.core.model.TraceStarted;
import io.traceflow.core.model.WriteEvent;
import io.traceflow.core.runtime.TraceFlowRuntime;

/**
 * A trace root in progress: an AI Service method call, or an app method named in {@code traceflow.trace.methods}.
 * Outside any trace it starts a trace of its own (named after the method, with its kind); inside one it is a
 * nested step of that trace. Either way its step is the parent of everything recorded on this thread (and on
 * threads it hands work to) until it ends.
 */
public final class RootCall {
    private final TraceFlowRuntime runtime;
    private final StepScope scope;
    private final String name;
    private final String provider;
    private final String operation;
    private final String memoryId;
    private final List<String> arguments;
    private final boolean ownsTrace;

    private RootCall(TraceFlowRuntime runtime, String name, String kind, String provider, String operation,
            String memoryId, Object[] arguments) {
        this.runtime = runtime;
        this.name = name;
        this.provider = provider;
        this.operation = operation;
        this.memoryId = memoryId;
        // Before the frame opens: an argument's toString() is the app's code and may throw, which must not leave
        // a frame open on the thread.
        this.arguments = new ArrayList<>(arguments.length);
        if (runtime.contentPolicy().captureContent()) {
            for (Object argument : arguments) {
                this.arguments.add(text(argument));
            }
        }
        this.scope = StepScope.start(true);
        this.ownsTrace = scope.placement().ownsTrace();
        if (ownsTrace) {
            runtime.record(new TraceStarted(scope.placement().traceId(), name, kind, scope.startedAtMillis(),
                    scope.placement().stepId(), memoryId));
        }
    }

    private static String text(Object argument) {
        try {
            return String.valueOf(argument);
        } catch (RuntimeException | LinkageError e) {
            return "(" + argument.getClass().getName() + ": toString() failed)";
        }
    }

    /**
     * @param kind {@code traces.kind} when this call starts a trace ({@code ai_service}, {@code method})
     * @param arguments the call's arguments, stored as text (subject to the content settings)
     */
    public static RootCall start(TraceFlowRuntime runtime, String name, String kind, String provider,
            String operation, String memoryId, Object[] arguments) {
        return new RootCall(runtime, name, kind, provider, operation, memoryId, arguments);
    }

    /**
     * Leaves the root on this thread without ending it: its work goes on elsewhere (a token stream whose turns run
     * on HTTP threads). Returns the frame that work should run in; {@link #finish} ends the root later.
     */
    public TraceContext.Frame leave() {
        TraceContext.Frame frame = scope.frame();
        scope.closeFrame();
        return frame;
    }

    /** Ends the root: its step, and its trace when it owns one. */
    public void finish(Object result, Throwable error) {
        long end = System.nanoTime();
        scope.closeFrame();
        String resultText = result == null || !runtime.contentPolicy().captureContent() ? null : text(result);
        runtime.record(new RootStepEvent(resultText, error, end));
        if (ownsTrace) {
            runtime.record(new TraceFinished(scope.placement().traceId(),
                    scope.startedAtMillis() + (end - scope.startNanos()) / 1_000_000,
                    error == null ? Statuses.OK : Statuses.ERROR,
                    error == null ? null : runtime.contentPolicy().clean(error.getClass().getName() + ": "
                            + error.getMessage(), null)));
        }
    }

    private final class RootStepEvent implements WriteEvent {
        private final String result;
        private final Throwable error;
        private final long endNanos;

        RootStepEvent(String result, Throwable error, long endNanos) {
            this.result = result;
            this.error = error;
            this.endNanos = endNanos;
        }

        @Override
        public void applyTo(EventSink sink) throws SQLException {
            ContentPolicy policy = runtime.contentPolicy();
            StepRow row = scope.row(provider, operation, endNanos);
            row.ownsTrace = false; // its trace row comes from TraceStarted, with its kind
            row.name = name;
            Exchange exchange = StepShapes.root(name, arguments, error == null ? result : null);
            if (memoryId != null) {
                exchange.attributes.put("memory_id", memoryId);
            }
            StepContent.fill(row, exchange, policy);
            StepRows.error(row, error, policy);
            sink.step(row);
        }
    }
}
