package io.traceflow.it.apps;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

/**
 * An app that moves LangChain4j calls to other threads by hand: {@code ForkJoinPool} Runnables and Callables, raw
 * {@code Thread.start}, virtual threads (Java 21+), inside trace roots ({@link Root}, named in
 * {@code traceflow.trace.methods}) and outside any. Also threads that a root starts and that live on: a pool worker
 * and a job loop (like an HTTP client's I/O thread, started lazily during a traced call), which later run unrelated
 * work. The chat model itself, and so its HTTP client and that client's threads, is built inside the first root.
 * Usage: {@code ThreadContextApp <baseUrl>}.
 */
public final class ThreadContextApp {
    static final String API_KEY = "sk-threads-secret-0123456789abcdefghij";
    static final long WAIT_SECONDS = 30;

    static String baseUrl;
    static volatile ChatModel model;

    /** Its one worker starts inside a root; later tasks come from outside any trace. */
    static final ExecutorService POOL = Executors.newFixedThreadPool(1);
    /** The same, with the later task submitted while the root that started the worker is still running. */
    static final ExecutorService SHARED_POOL = Executors.newFixedThreadPool(1);
    /** Jobs for the loop thread a root starts lazily. */
    static final BlockingQueue<Runnable> JOBS = new LinkedBlockingQueue<>();
    /** Asks for a call on SHARED_POOL from a thread that is in no trace. */
    static final SynchronousQueue<Request> REQUESTS = new SynchronousQueue<>();

    record Request(String prompt, CompletableFuture<String> answer) {
    }

    /** The app's trace roots: {@code Root#*} in {@code traceflow.trace.methods}. */
    public static final class Root {
        public String threadStart(String prompt) throws Exception {
            return onThread(prompt);
        }

        public String forkJoinExecute(String prompt) throws Exception {
            return onForkJoinExecute(prompt);
        }

        public String forkJoinSubmit(String prompt) throws Exception {
            return onForkJoinSubmit(prompt);
        }

        public String forkJoinSubmitCallable(String prompt) throws Exception {
            return onForkJoinSubmitCallable(prompt);
        }

        public String virtualThreads(String prompt) throws Exception {
            return onVirtualThreads(prompt);
        }

        /** Starts POOL's worker, with no call of its own. */
        public String startPoolWorker() throws Exception {
            return POOL.submit(() -> "pool worker started").get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        /** Starts SHARED_POOL's worker, then has unrelated work run on it while still running. */
        public String shareWorkerWhileRunning(String prompt) throws Exception {
            SHARED_POOL.submit(() -> { }).get(WAIT_SECONDS, TimeUnit.SECONDS);
            CompletableFuture<String> answer = new CompletableFuture<>();
            REQUESTS.put(new Request(prompt, answer));
            return answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        /** Starts the job loop lazily, like a client's I/O thread, and runs one job on it. */
        public String startLoop(String prompt) throws Exception {
            Thread loop = new Thread(() -> {
                try {
                    while (true) {
                        JOBS.take().run();
                    }
                } catch (InterruptedException e) {
                    // the app is done
                }
            }, "job-loop");
            loop.setDaemon(true);
            loop.start();
            return onLoop(prompt);
        }
    }

    private ThreadContextApp() {
    }

    public static void main(String[] args) throws Exception {
        baseUrl = args[0];
        // In no trace: it serves shareWorkerWhileRunning's requests.
        Thread helper = new Thread(() -> {
            try {
                while (true) {
                    Request request = REQUESTS.take();
                    request.answer().complete(SHARED_POOL.submit(() -> chat(request.prompt()))
                            .get(WAIT_SECONDS, TimeUnit.SECONDS));
                }
            } catch (Exception e) {
                // the app is done
            }
        }, "helper");
        helper.setDaemon(true);
        helper.start();
        boolean virtual = Runtime.version().feature() >= 21;
        System.out.println("virtual threads: " + (virtual ? "yes" : "no"));

        Root root = new Root();
        System.out.println(root.threadStart("thread-start in a root"));
        System.out.println(root.forkJoinExecute("fjp-execute in a root"));
        System.out.println(root.forkJoinSubmit("fjp-submit in a root"));
        System.out.println(root.forkJoinSubmitCallable("fjp-callable in a root"));
        if (virtual) {
            System.out.println(root.virtualThreads("virtual in a root"));
        }
        System.out.println(root.startPoolWorker());
        System.out.println(root.shareWorkerWhileRunning("pool-during another root"));
        System.out.println(root.startLoop("loop-inside its root"));

        // Later, outside any root: unrelated work on the threads those roots started.
        System.out.println(POOL.submit(() -> chat("pool-later outside")).get(WAIT_SECONDS, TimeUnit.SECONDS));
        System.out.println(onLoop("loop-later outside"));
        // The same kinds of hand-over as above, outside any root.
        System.out.println(onThread("thread-start outside"));
        System.out.println(onForkJoinExecute("fjp-execute outside"));
        System.out.println(onForkJoinSubmit("fjp-submit outside"));
        System.out.println(onForkJoinSubmitCallable("fjp-callable outside"));
        if (virtual) {
            System.out.println(onVirtualThreads("virtual outside"));
        }
        POOL.shutdown();
        SHARED_POOL.shutdown();
    }

    static String chat(String prompt) {
        if (model == null) {
            synchronized (ThreadContextApp.class) {
                if (model == null) {
                    model = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey(API_KEY).modelName("gpt-4o-mini")
                            .maxRetries(0).build();
                }
            }
        }
        return model.chat(prompt);
    }

    static String onThread(String prompt) throws InterruptedException {
        AtomicReference<String> answer = new AtomicReference<>();
        Thread thread = new Thread(() -> answer.set(chat(prompt)));
        thread.start();
        thread.join();
        return answer.get();
    }

    /**
     * The caller waits on a latch, never in the task's get() or join(), with which a ForkJoinPool may run the task
     * on the caller's own thread.
     */
    static String onForkJoinExecute(String prompt) throws InterruptedException {
        AtomicReference<String> answer = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        ForkJoinPool.commonPool().execute(() -> {
            try {
                answer.set(chat(prompt));
            } finally {
                done.countDown();
            }
        });
        await(done);
        return answer.get();
    }

    static String onForkJoinSubmit(String prompt) throws Exception {
        AtomicReference<String> answer = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Future<?> future = ForkJoinPool.commonPool().submit(() -> {
            try {
                answer.set(chat(prompt));
            } finally {
                done.countDown();
            }
        });
        await(done);
        future.get();
        return answer.get();
    }

    static String onForkJoinSubmitCallable(String prompt) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Callable<String> task = () -> {
            try {
                return chat(prompt);
            } finally {
                done.countDown();
            }
        };
        Future<String> future = ForkJoinPool.commonPool().submit(task);
        await(done);
        return future.get();
    }

    /** Thread.startVirtualThread and Thread.ofVirtual().start, through reflection: compiled for Java 17. */
    static String onVirtualThreads(String prompt) throws Exception {
        AtomicReference<String> first = new AtomicReference<>();
        Runnable firstTask = () -> first.set(chat(prompt + " (startVirtualThread)"));
        Thread one = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, firstTask);
        one.join();
        AtomicReference<String> second = new AtomicReference<>();
        Runnable secondTask = () -> second.set(chat(prompt + " (ofVirtual)"));
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Thread two = (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class)
                .invoke(builder, secondTask);
        two.join();
        return first.get() + " | " + second.get();
    }

    static String onLoop(String prompt) throws InterruptedException {
        AtomicReference<String> answer = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        JOBS.put(() -> {
            try {
                answer.set(chat(prompt));
            } finally {
                done.countDown();
            }
        });
        await(done);
        return answer.get();
    }

    private static void await(CountDownLatch done) throws InterruptedException {
        if (!done.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the task did not run in " + WAIT_SECONDS + " s");
        }
    }
}
