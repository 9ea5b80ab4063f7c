package io.traceflow.instrumentation.jdk;

import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;

import io.traceflow.core.capture.InFrame;
import io.traceflow.bootstrap.CallHandler;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.capture.ContextStore;
import io.traceflow.core.capture.TraceContext;

/**
 * Submitting side ({@code execute}, {@code submit}, {@code ScheduledThreadPoolExecutor.delayedExecute}): remember
 * the current frame for the task. Running side
 * ({@code ThreadPoolExecutor.beforeExecute/afterExecute}, {@code CompletableFuture$AsyncSupply/AsyncRun.run}):
 * make it current, then restore what was there. Outside traces each hook is one thread-local read.
 */
public final class ExecutorHandler implements CallHandler {
    /** What to restore in afterExecute: beforeExecute and afterExecute are two calls on the worker thread. */
    private static final ThreadLocal<TraceContext.Frame[]> AROUND_TASK = new ThreadLocal<>();

    private final boolean asyncTask;

    public ExecutorHandler(Class<?> type) {
        this.asyncTask = type.getName().equals(ExecutorInstrumentation.ASYNC_SUPPLY)
                || type.getName().equals(ExecutorInstrumentation.ASYNC_RUN)
                || type.getName().equals(ExecutorInstrumentation.COMPLETION);
    }

    @Override
    public CallScope enter(String method, Object self, Object[] args) {
        switch (method) {
            case "execute", "submit" -> {
                if (TraceContext.current() != null) {
                    ContextStore.capture(args[0]);
                }
                return null;
            }
            case "delayedExecute" -> {
                // Before the task is queued, so a worker can never take it first; periodic tasks are left alone,
                // and so are tasks a shut-down executor is about to reject.
                if (TraceContext.current() != null && args[0] instanceof RunnableScheduledFuture<?> task
                        && !task.isPeriodic() && !(self instanceof ThreadPoolExecutor pool && pool.isShutdown())) {
                    ContextStore.capture(task);
                }
                return null;
            }
            case "remove" -> {
                // A task taken out of the queue (a cancelled schedule, e.g. every orTimeout that did not time out)
                // never runs: forget its frame now rather than at the next collection.
                ContextStore.take(args[0]);
                return null;
            }
            case "beforeExecute" -> {
                TraceContext.Frame frame = ContextStore.take(args[1]);
                if (frame != null) {
                    AROUND_TASK.set(new TraceContext.Frame[] {TraceContext.attach(frame)});
                }
                return null;
            }
            case "afterExecute" -> {
                TraceContext.Frame[] saved = AROUND_TASK.get();
                if (saved != null) {
                    AROUND_TASK.remove();
                    TraceContext.restore(saved[0]);
                }
                return null;
            }
            case "run", "exec" -> {
                if (!asyncTask) {
                    return null;
                }
                TraceContext.Frame frame = ContextStore.take(self);
                if (frame == null) {
                    return null;
                }
                return InFrame.run(frame);
            }
            default -> {
                return null;
            }
        }
    }
}
