package io.traceflow.instrumentation.jdk;

import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.ArrayList;
import java.util.List;

import io.traceflow.instrumentation.api.InstrumentationModule;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Keeps the trace context when work moves to another thread: tasks handed to the JDK's executors
 * ({@code ThreadPoolExecutor}, hence every {@code ExecutorService.submit}; {@code ForkJoinPool}, plain
 * {@code Runnable}s and {@code Callable}s included; the per-task threads {@code CompletableFuture} uses on small
 * machines) remember the submitting thread's frame, and the frame is current while the task runs. That is what
 * links LangChain4j's concurrent tool execution ({@code CompletableFuture.supplyAsync}) and an app's own fan-out
 * inside a trace root to the trace.
 *
 * <p>Threads ({@code Thread.start}, {@code VirtualThread.start}): a {@code java.lang.Thread} or virtual thread
 * started inside a trace runs in it, e.g. {@code new Thread(() -> model.chat(…)).start()} in a trace root. A thread,
 * unlike a task, may live on and do unrelated work; it never reports that work into the trace because:
 * <ul>
 * <li>the frame it runs in is inherited ({@code TraceContext.inherit}) and ends when the frame it was started in
 *     closes: once the code that started the thread has returned, the thread's calls are traces of their own,
 *     whatever it goes on doing;</li>
 * <li>a {@code ThreadPoolExecutor} worker, the usual long-lived thread started lazily inside a traced call (the JDK
 *     HTTP client's and OkHttp's executors are such pools), drops it at once ({@code runWorker}): even while the
 *     root still runs, tasks others give the pool run in their own frame or in none;</li>
 * <li>subclasses of {@code Thread} ({@code ForkJoinWorkerThread}, the JDK HTTP client's selector thread, Netty's
 *     event loops) inherit nothing.</li>
 * </ul>
 * What remains: a plain {@code Thread} that serves as the loop of a pool TraceFlow does not know, started inside a
 * trace, runs work handed to it in that trace until the code that started it returns.
 *
 * <p>{@code ScheduledThreadPoolExecutor}: one-shot tasks ({@code schedule}, and its {@code execute}/{@code submit})
 * carry the frame; periodic ones do not, on purpose: a job that repeats for the life of the app is not part of the
 * trace that happened to start it (it would keep that trace open forever). A one-shot task that schedules itself
 * again from its own run does carry it on, though. Tasks removed from the queue unrun (cancelled schedules) are
 * forgotten at once ({@code ThreadPoolExecutor.remove}). On Java 17–24, {@code CompletableFuture.delayedExecutor}
 * uses such an executor, so the frame follows it there; Java 25 delays on the {@code ForkJoinPool}, which is not
 * hooked for that.
 *
 * <p>Known gaps: subclasses of {@code Thread} (whether or not they override {@code run()}); an app's own
 * {@code ForkJoinTask}s ({@code RecursiveTask}, {@code fork()}); executors whose
 * {@code beforeExecute}/{@code afterExecute} overrides skip {@code super}; a thread that outlives the frame it was
 * started in (fire and forget) records its later calls as traces of their own.
 */
public final class ExecutorInstrumentation implements InstrumentationModule {
    static final String TPE = "java.util.concurrent.ThreadPoolExecutor";
    static final String FJP = "java.util.concurrent.ForkJoinPool";
    static final String PER_TASK = "java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor";
    /** Queues its tasks itself (delayedExecute), bypassing ThreadPoolExecutor.execute; runs them like it. */
    static final String SCHEDULED = "java.util.concurrent.ScheduledThreadPoolExecutor";
    /** Java 21+: {@code Executors.newVirtualThreadPerTaskExecutor()} (LangChain4j runs concurrent tools on it). */
    static final String VIRTUAL_PER_TASK = "java.util.concurrent.ThreadPerTaskExecutor";
    static final String ASYNC_SUPPLY = "java.util.concurrent.CompletableFuture$AsyncSupply";
    static final String ASYNC_RUN = "java.util.concurrent.CompletableFuture$AsyncRun";
    /** The tasks behind thenApplyAsync, thenAcceptAsync, thenComposeAsync, …: run() or, in a ForkJoinPool, exec(). */
    static final String COMPLETION = "java.util.concurrent.CompletableFuture$Completion";
    /*
     * What a ForkJoinPool wraps a plain Runnable or Callable in (execute, submit, invokeAll, ForkJoinTask.adapt),
     * Java 17 to 25. Their work runs in exec(), or, for the InterruptibleTask ones of Java 23+, compute(). Constants,
     * so that ExecutorHandler (in a loader that has no Byte Buddy) never loads this class.
     */
    static final String RUNNABLE_EXECUTE_ACTION = "java.util.concurrent.ForkJoinTask$RunnableExecuteAction";
    static final String ADAPTED_RUNNABLE_ACTION = "java.util.concurrent.ForkJoinTask$AdaptedRunnableAction";
    static final String ADAPTED_RUNNABLE = "java.util.concurrent.ForkJoinTask$AdaptedRunnable";
    static final String ADAPTED_INTERRUPTIBLE_RUNNABLE =
            "java.util.concurrent.ForkJoinTask$AdaptedInterruptibleRunnable";
    static final String ADAPTED_CALLABLE = "java.util.concurrent.ForkJoinTask$AdaptedCallable";
    static final String ADAPTED_INTERRUPTIBLE_CALLABLE =
            "java.util.concurrent.ForkJoinTask$AdaptedInterruptibleCallable";
    static final List<String> FJP_ADAPTERS = List.of(RUNNABLE_EXECUTE_ACTION, ADAPTED_RUNNABLE_ACTION, ADAPTED_RUNNABLE,
            ADAPTED_INTERRUPTIBLE_RUNNABLE, ADAPTED_CALLABLE, ADAPTED_INTERRUPTIBLE_CALLABLE);
    /** start() (Java 19+: also start(ThreadContainer)) and run(), which the new thread calls first. */
    static final String THREAD = "java.lang.Thread";
    /** Java 21+: start(ThreadContainer), which start() calls, and run(Runnable), the thread's body, mounted. */
    static final String VIRTUAL_THREAD = "java.lang.VirtualThread";
    private static final String HANDLER = "io.traceflow.instrumentation.jdk.ExecutorHandler";

    @Override
    public String name() {
        return "executors";
    }

    @Override
    public String description() {
        return "keeps the trace context when work moves to thread pools, ForkJoinPool, threads and CompletableFuture"
                + " async stages";
    }

    @Override
    public List<String> landmarkClasses() {
        return List.of();
    }

    @Override
    public ElementMatcher<ClassLoader> classLoaders() {
        return isBootstrapClassLoader();
    }

    /**
     * The JDK classes hooked, by name: loaded before premain, they are retransformed, found by these names; and
     * although the JDK's namespaces are otherwise passed over, these are not.
     */
    @Override
    public List<String> typePrefixes() {
        List<String> types = new ArrayList<>(List.of(TPE, SCHEDULED, FJP, PER_TASK, VIRTUAL_PER_TASK, ASYNC_SUPPLY,
                ASYNC_RUN, COMPLETION, THREAD, VIRTUAL_THREAD));
        types.addAll(FJP_ADAPTERS);
        return List.copyOf(types);
    }

    @Override
    public List<TypeHook> hooks() {
        loadForkJoinPoolFirst();
        return List.of(
                new TypeHook(namedOneOf(TPE, PER_TASK, VIRTUAL_PER_TASK), named("execute").and(takesArguments(1)), HANDLER),
                new TypeHook(named(FJP), namedOneOf("externalSubmit", "poolSubmit"), HANDLER),
                new TypeHook(named(TPE), namedOneOf("beforeExecute", "afterExecute").and(takesArguments(2)), HANDLER),
                new TypeHook(named(TPE), named("runWorker").and(takesArguments(1)), HANDLER),
                new TypeHook(named(SCHEDULED), named("delayedExecute").and(takesArguments(1)), HANDLER),
                new TypeHook(named(TPE), named("remove").and(takesArguments(1)), HANDLER),
                new TypeHook(namedOneOf(ASYNC_SUPPLY, ASYNC_RUN), named("run").and(takesArguments(0)), HANDLER),
                new TypeHook(named(COMPLETION), namedOneOf("run", "exec").and(takesArguments(0)), HANDLER),
                new TypeHook(namedOneOf(FJP_ADAPTERS.toArray(String[]::new)),
                        namedOneOf("exec", "compute").and(takesArguments(0)), HANDLER),
                new TypeHook(named(THREAD), named("start").or(named("run").and(takesArguments(0))), HANDLER),
                new TypeHook(named(VIRTUAL_THREAD), namedOneOf("start", "run").and(takesArguments(1)), HANDLER));
    }

    /**
     * Loads ForkJoinPool (not initialising it) before the installer looks at the classes already loaded, so that it
     * is retransformed with them. Otherwise, on Java 21+, it loads in the middle of the installation: retransforming
     * VirtualThread (loaded at JVM start) makes Byte Buddy describe that class by reflection, which loads the types
     * its fields and methods name, ForkJoinPool among them; and a class that loads while Byte Buddy's transformer is
     * at work on the same thread is not transformed. ForkJoinPool would stay unhooked for the life of the JVM.
     * Called by the installer before it installs the hooks.
     */
    private static void loadForkJoinPoolFirst() {
        try {
            Class.forName(FJP, false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            // a JDK without it would have nothing to hook either
        }
    }
}
