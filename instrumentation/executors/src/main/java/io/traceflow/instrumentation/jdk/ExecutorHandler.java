package io.traceflow.instrumentation.jdk;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;

import io.traceflow.core.capture.InFrame;
import io.traceflow.bootstrap.CallHandler;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.capture.ContextStore;
import io.traceflow.core.capture.TraceContext;

/**
 * Submitting side ({@code execute}, {@code ForkJoinPool}'s internal submission, {@code delayedExecute},
 * {@code Thread.start}): remember the current frame for the task or thread. Running side
 * ({@code ThreadPoolExecutor.beforeExecute/afterExecute}, the run of {@code CompletableFuture}'s tasks and of the
 * {@code ForkJoinTask} adapters, {@code Thread.run}): make it current, then restore what was there. Outside traces
 * each hook is one thread-local read (submitting side) or one volatile read (running side).
 */
public final class ExecutorHandler implements CallHandler {
    /** What to restore in afterExecute: beforeExecute and afterExecute are two calls on the worker thread. */
    private static final ThreadLocal<TraceContext.Frame[]> AROUND_TASK = new ThreadLocal<>();

    /** The ForkJoinTask adapters of plain Runnables and Callables (ExecutorInstrumentation.FJP_ADAPTERS). */
    private static final Set<String> ADAPTERS = Set.of(ExecutorInstrumentation.RUNNABLE_EXECUTE_ACTION,
            ExecutorInstrumentation.ADAPTED_RUNNABLE_ACTION, ExecutorInstrumentation.ADAPTED_RUNNABLE,
            ExecutorInstrumentation.ADAPTED_INTERRUPTIBLE_RUNNABLE, ExecutorInstrumentation.ADAPTED_CALLABLE,
            ExecutorInstrumentation.ADAPTED_INTERRUPTIBLE_CALLABLE);

    private enum Role {
        /** An executor, or ThreadPoolExecutor's worker loop. */
        EXECUTOR,
        /** A task that runs in the frame it was submitted in (run, exec or compute). */
        TASK,
        /** java.lang.Thread: start and run. */
        THREAD,
        /** java.lang.VirtualThread: start(ThreadContainer) and run(Runnable). */
        VIRTUAL_THREAD
    }

    private final Role role;

    public ExecutorHandler(Class<?> type) {
        String name = type.getName();
        if (name.equals(ExecutorInstrumentation.THREAD)) {
            role = Role.THREAD;
        } else if (name.equals(ExecutorInstrumentation.VIRTUAL_THREAD)) {
            role = Role.VIRTUAL_THREAD;
        } else if (name.equals(ExecutorInstrumentation.ASYNC_SUPPLY) || name.equals(ExecutorInstrumentation.ASYNC_RUN)
                || name.equals(ExecutorInstrumentation.COMPLETION) || ADAPTERS.contains(name)) {
            role = Role.TASK;
        } else {
            role = Role.EXECUTOR;
        }
    }

    @Override
    public CallScope enter(String method, Object self, Object[] args) {
        return switch (role) {
            case TASK -> runTask(self);
            case THREAD, VIRTUAL_THREAD -> thread(method, self);
            case EXECUTOR -> executor(method, self, args);
        };
    }

    private static CallScope runTask(Object task) {
        TraceContext.Frame frame = ContextStore.take(task);
        return frame == null ? null : InFrame.run(frame);
    }

    private static CallScope executor(String method, Object self, Object[] args) {
        switch (method) {
            case "execute" -> {
                if (TraceContext.current() != null) {
                    ContextStore.capture(args[0]);
                }
                return null;
            }
            case "externalSubmit", "poolSubmit" -> {
                // ForkJoinPool's one way in for execute, submit and invokeAll (Java 17: externalSubmit; 19+:
                // poolSubmit, and externalSubmit of its own), before the task is queued. A plain Runnable or
                // Callable arrives here wrapped in a ForkJoinTask adapter: that is what runs, so that is the key.
                // Other ForkJoinTasks (an app's RecursiveTask) are not run-hooked: remembering them would only
                // leave entries behind.
                Object task = args[args.length - 1];
                if (TraceContext.current() != null && task != null
                        && (task instanceof CompletableFuture.AsynchronousCompletionTask
                                || ADAPTERS.contains(task.getClass().getName()))) {
                    ContextStore.capture(task);
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
                    AROUND_TASK.set(null); // not remove(): see TraceContext's thread-local
                    TraceContext.restore(saved[0]);
                }
                return null;
            }
            case "runWorker" -> {
                // The pool's worker loop, for the life of the worker thread. A worker started inside a trace
                // inherited that frame at Thread.start; but it is the pool's thread, not a task of the trace: it
                // must run every later task in that task's own frame (beforeExecute) or in none. Once per worker.
                return TraceContext.current() == null ? null : InFrame.run(null);
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * A thread started inside a trace runs in it, until the frame it was started in closes
     * ({@link TraceContext#inherit}). Only threads that are exactly {@code java.lang.Thread} (what
     * {@code new Thread(runnable)}, {@code Thread.ofPlatform()} and the JDK's default thread factory make) and
     * virtual threads: subclasses are how long-lived infrastructure threads are made (Netty's event loops,
     * {@code ForkJoinWorkerThread}, the JDK HTTP client's selector), and one that overrides {@code run()} may never
     * reach {@code Thread.run}, where the frame is taken: its entry would stay in {@code ContextStore} as long as the
     * thread lives, and meanwhile every task run anywhere would take the store's lock.
     */
    private CallScope thread(String method, Object self) {
        switch (method) {
            case "start" -> {
                if (TraceContext.current() == null || (role == Role.THREAD && self.getClass() != Thread.class)) {
                    return null;
                }
                // Before the thread exists, so it can never run first. A start that fails (started twice, no
                // memory for a thread, a shut-down scheduler) never runs it: forget it at once.
                ContextStore.capture(self);
                return (returned, thrown) -> {
                    if (thrown != null) {
                        ContextStore.take(self);
                    }
                    return returned;
                };
            }
            case "run" -> {
                // Thread.run() as the thread's own body, not called directly from elsewhere; for a virtual thread,
                // run(Runnable), which runs mounted: the current thread is the virtual one.
                if (self != Thread.currentThread()) {
                    return null;
                }
                TraceContext.Frame frame = ContextStore.take(self);
                return frame == null ? null : InFrame.run(TraceContext.inherit(frame));
            }
            default -> {
                return null;
            }
        }
    }
}
