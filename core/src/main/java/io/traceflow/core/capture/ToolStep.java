package io.traceflow.core.capture;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.traceflow.core.config.ContentPolicy;
import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.StepShapes;
import io.traceflow.core.model.EventSink;
import io.traceflow.schema.Operations;
import io.traceflow.schema.Statuses;
import io.traceflow.core.model.StepRow;
import io.traceflow.core.model.WriteEvent;
import io.traceflow.core.runtime.TraceFlowRuntime;

/**
 * One tool execution (operation {@code tool}): its name, arguments, result or error, and duration. It opens a frame,
 * so model calls the tool makes are its children. Outside any root, a tool answering a tool call of a manual loop
 * joins that loop's trace ({@link ToolLoops}).
 */
public final class ToolStep {
    private final TraceFlowRuntime runtime;
    private final String library;
    private final String toolCallId;
    private final String name;
    private final String arguments;
    private final StepScope scope;
    private final Nesting.Entry nesting;
    private final AtomicBoolean finished = new AtomicBoolean();

    private ToolStep(TraceFlowRuntime runtime, String library, Object nestingKey, String toolCallId, String name,
            String arguments) {
        this.runtime = runtime;
        this.library = library;
        this.toolCallId = toolCallId;
        this.name = name;
        this.arguments = arguments;
        this.scope = StepScope.start(true, toolCallId == null ? List.of() : List.of(toolCallId));
        this.nesting = Nesting.enter(nestingKey, this);
    }

    /**
     * Starts a tool execution on the calling thread; null when the agent is off or it is part of the innermost
     * active call (same nesting key: one tool method delegating to another for the same request).
     */
    public static ToolStep start(String library, Object nestingKey, String toolCallId, String name, String arguments) {
        TraceFlowRuntime runtime = TraceFlowRuntime.current();
        if (runtime == null || Nesting.enclosing(nestingKey) != null) {
            return null;
        }
        return new ToolStep(runtime, library, nestingKey, toolCallId, name, arguments);
    }

    /**
     * The tool returned on the calling thread.
     *
     * @param result its result as text, or null
     * @param reportedError whether the tool reported its result as an error (it did not throw)
     */
    public void end(String result, boolean reportedError) {
        finish(result, reportedError, null);
    }

    /** The tool threw. */
    public void fail(Throwable error) {
        finish(null, false, error);
    }

    private void finish(String result, boolean reportedError, Throwable error) {
        long end = System.nanoTime();
        Nesting.leave(nesting);
        scope.closeFrame();
        if (finished.compareAndSet(false, true)) {
            runtime.record(new ToolEvent(result, reportedError, error, end));
        }
    }

    private final class ToolEvent implements WriteEvent {
        private final String result;
        private final boolean reportedError;
        private final Throwable error;
        private final long endNanos;

        ToolEvent(String result, boolean reportedError, Throwable error, long endNanos) {
            this.result = result;
            this.reportedError = reportedError;
            this.error = error;
            this.endNanos = endNanos;
        }

        @Override
        public void applyTo(EventSink sink) throws SQLException {
            ContentPolicy policy = runtime.contentPolicy();
            StepRow row = scope.row(library, Operations.TOOL, endNanos);
            row.name = name;
            row.traceName = "tool " + name;
            Exchange exchange = StepShapes.tool(toolCallId, name, arguments, result);
            StepContent.fill(row, exchange, policy);
            if (reportedError) {
                row.status = Statuses.ERROR;
                // The tool's error text is the tool's output: content, so it follows traceflow.capture.content.
                row.error = policy.captureContent() ? policy.clean(result, row) : "tool reported an error";
            }
            StepRows.error(row, error, policy);
            sink.step(row);
        }
    }
}
