package io.traceflow.instrumentation.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.capture.ContextStore;
import io.traceflow.core.capture.StepPlacement;
import io.traceflow.core.capture.TraceContext;

/**
 * The handler's logic, called as the advice would call it (the JDK classes themselves are instrumented only in the
 * forked JVMs of ThreadContextIT).
 */
class ExecutorHandlerTest {
    private final List<Object> submitted = new ArrayList<>();
    private TraceContext.Frame root;

    @AfterEach
    void forgetEverything() {
        submitted.forEach(ContextStore::take);
        if (root != null) {
            TraceContext.close(root);
        }
        TraceContext.restore(null);
    }

    @Test
    void plainRunnablesAndCallablesGivenToAForkJoinPoolRunInTheSubmittersFrame() throws Exception {
        ExecutorHandler pool = new ExecutorHandler(ForkJoinPool.class);
        ForkJoinTask<?> runnable = ForkJoinTask.adapt(() -> { });
        ForkJoinTask<?> callable = ForkJoinTask.adapt((Callable<String>) () -> "done");
        openRoot();
        // Java 17 names the internal submission externalSubmit(task); Java 19+ poolSubmit(signal, task).
        assertThat(pool.enter("externalSubmit", ForkJoinPool.commonPool(), args(runnable))).isNull();
        assertThat(pool.enter("poolSubmit", ForkJoinPool.commonPool(), args(true, callable))).isNull();
        TraceContext.restore(null);

        for (ForkJoinTask<?> task : List.of(runnable, callable)) {
            ExecutorHandler adapter = new ExecutorHandler(task.getClass());
            CallScope scope = adapter.enter("exec", task, args());
            assertThat(scope).as(task.getClass().getName()).isNotNull();
            assertThat(TraceContext.current()).isSameAs(root);
            scope.exit(true, null);
            assertThat(TraceContext.current()).isNull();
            assertThat(adapter.enter("exec", task, args())).as("handed over once").isNull();
        }
    }

    @Test
    void otherForkJoinTasksAndWorkOutsideTracesAreNotRemembered() {
        ExecutorHandler pool = new ExecutorHandler(ForkJoinPool.class);
        RecursiveAction own = new RecursiveAction() {
            @Override
            protected void compute() {
            }
        };
        ForkJoinTask<?> outside = ForkJoinTask.adapt(() -> { });
        pool.enter("poolSubmit", ForkJoinPool.commonPool(), args(true, outside));
        openRoot();
        pool.enter("poolSubmit", ForkJoinPool.commonPool(), args(true, own));

        assertThat(ContextStore.take(outside)).isNull();
        assertThat(ContextStore.take(own)).as("never run-hooked: it would stay behind").isNull();
    }

    @Test
    void aThreadStartedInATraceRunsInItWhileTheFrameItWasStartedInIsOpen() throws Exception {
        ExecutorHandler threads = new ExecutorHandler(Thread.class);
        AtomicReference<StepPlacement> whileOpen = new AtomicReference<>();
        AtomicReference<StepPlacement> afterwards = new AtomicReference<>();
        CountDownLatch rootClosed = new CountDownLatch(1);
        CountDownLatch placed = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            // What the advice in Thread.run does on the new thread.
            CallScope scope = threads.enter("run", Thread.currentThread(), args());
            try {
                whileOpen.set(TraceContext.place());
                placed.countDown();
                rootClosed.await();
                afterwards.set(TraceContext.place());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                scope.exit(null, null);
            }
        });
        openRoot();
        CallScope start = threads.enter("start", thread, args());
        thread.start();
        start.exit(null, null);
        placed.await();
        TraceContext.close(root);
        rootClosed.countDown();
        thread.join();

        assertThat(whileOpen.get().traceId()).isEqualTo(root.traceId());
        assertThat(whileOpen.get().parentStepId()).isEqualTo(root.stepId());
        assertThat(afterwards.get().ownsTrace()).as("no longer in the trace once its root returned").isTrue();
    }

    @Test
    void subclassesOfThreadAndStartsOutsideTracesAreNotFollowed() {
        ExecutorHandler threads = new ExecutorHandler(Thread.class);
        Thread outside = new Thread(() -> { });
        threads.enter("start", outside, args());
        openRoot();
        Thread subclass = new Thread() {
            @Override
            public void run() {
            }
        };
        assertThat(threads.enter("start", subclass, args())).isNull();

        assertThat(ContextStore.take(outside)).isNull();
        assertThat(ContextStore.take(subclass)).isNull();
    }

    @Test
    void aStartThatFailsForgetsTheThread() {
        ExecutorHandler threads = new ExecutorHandler(Thread.class);
        Thread thread = remember(new Thread(() -> { }));
        openRoot();
        threads.enter("start", thread, args()).exit(null, new IllegalThreadStateException());

        assertThat(ContextStore.take(thread)).isNull();
    }

    @Test
    void runCalledFromAnotherThreadLeavesTheFrameToTheThreadItself() {
        ExecutorHandler threads = new ExecutorHandler(Thread.class);
        Thread thread = remember(new Thread(() -> { }));
        openRoot();
        threads.enter("start", thread, args());
        TraceContext.restore(null);

        assertThat(threads.enter("run", thread, args())).isNull();
        assertThat(TraceContext.current()).isNull();
        assertThat(ContextStore.take(thread)).isSameAs(root);
    }

    @Test
    void aPoolWorkerDropsTheFrameItInheritedForItsWholeLoop() {
        ExecutorHandler pool = new ExecutorHandler(ThreadPoolExecutor.class);
        openRoot();
        CallScope loop = pool.enter("runWorker", null, args((Object) null));

        assertThat(TraceContext.current()).isNull();
        loop.exit(null, null);
        assertThat(TraceContext.current()).isSameAs(root);
    }

    @Test
    void outsideTracesThePoolWorkerLoopIsLeftAlone() {
        assertThat(new ExecutorHandler(ThreadPoolExecutor.class).enter("runWorker", null, args((Object) null)))
                .isNull();
    }

    /**
     * The handler is loaded in a plugin loader that sees TraceFlow's core but not Byte Buddy: it must not touch
     * ExecutorInstrumentation (which names Byte Buddy types) beyond its compile-time constants.
     */
    @Test
    void loadsWhereByteBuddyIsNotVisible() throws Exception {
        List<URL> urls = new ArrayList<>();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.contains("byte-buddy")) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), platform)) {
            assertThatThrownBy(() -> loader.loadClass("net.bytebuddy.matcher.ElementMatcher"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> handler = loader.loadClass(ExecutorHandler.class.getName());
            for (String type : new ExecutorInstrumentation().typePrefixes()) {
                Class<?> hooked;
                try {
                    hooked = Class.forName(type, false, null);
                } catch (ClassNotFoundException notInThisJava) {
                    continue;
                }
                Object instance = handler.getConstructor(Class.class).newInstance(hooked);
                handler.getMethod("enter", String.class, Object.class, Object[].class)
                        .invoke(instance, "start", new Thread(() -> { }), args());
            }
        }
    }

    private void openRoot() {
        root = TraceContext.open(TraceContext.place());
    }

    private <T> T remember(T task) {
        submitted.add(task);
        return task;
    }

    private static Object[] args(Object... values) {
        return values;
    }
}
