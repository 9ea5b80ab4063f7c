package io.traceflow.eval;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.traceflow.core.cache.ResponseCache;
import io.traceflow.core.config.Config;
import io.traceflow.core.config.EvalSpec;
import io.traceflow.core.config.Settings;
import io.traceflow.core.log.AgentLog;
import io.traceflow.core.model.EvalRow;
import io.traceflow.core.model.EventSink;
import io.traceflow.core.model.StepRow;
import io.traceflow.core.model.TraceFinished;
import io.traceflow.core.model.TraceStarted;
import io.traceflow.core.model.WriteEvent;
import io.traceflow.core.pricing.PriceTable;
import io.traceflow.core.runtime.CommitWorker;
import io.traceflow.core.store.TraceStore;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;
import io.traceflow.eval.api.TraceView;
import io.traceflow.eval.judge.ResponseJudgeCache;

/**
 * Online evaluation ({@code traceflow.evals}): after the writer commits a batch, its steps (and the traces that
 * finished) are judged here, on TraceFlow's own daemon threads, and the results come back as {@link EvalRow} events
 * through the normal event queue.
 *
 * <p>Nothing here can slow the application or the writer: the writer only hands a batch over ({@link #committed}
 * enqueues and returns); the work queue is bounded and a full queue drops the work and counts it; each evaluator
 * call has a time limit and a bounded pool of threads ({@link EvalCalls}), so a hung evaluator or judge costs a few
 * threads and error results, never a backlog. Loading the evaluators (and plugged-in jars) happens on an evaluation
 * thread too, not during the application's start-up.
 */
public final class OnlineEvaluation implements CommitWorker {
    /** Steps (or traces) waiting for evaluation at most; more are dropped and counted. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    static final int WORKERS = 2;
    private static final int TRACE_NAMES_MAX = 4096;

    private final List<EvalSpec> specs;
    private final EvalEnvironment env;
    private final Path db;
    private final Predicate<WriteEvent> sink;
    private final ThreadPoolExecutor workers;
    private final EvalCalls calls;
    private final LongAdder dropped = new LongAdder();
    private final AtomicBoolean dropReported = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile List<ConfiguredEvaluator> stepEvaluators = List.of();
    private volatile List<ConfiguredEvaluator> traceEvaluators = List.of();
    private final EvaluatorRegistry preloaded;
    private Connection reader;

    /** Trace id to name and kind, from the TraceStarted events committed; bounded, oldest evicted. Writer thread only. */
    private final Map<String, String[]> traces = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String[]> eldest) {
            return size() > TRACE_NAMES_MAX;
        }
    };

    /**
     * @param db the database, read (read-only) to load a finished trace for trace evaluators
     * @param sink where results go, e.g. {@code runtime::record}; false means dropped
     */
    public OnlineEvaluation(List<EvalSpec> specs, EvalEnvironment env, Path db, Predicate<WriteEvent> sink) {
        this(specs, env, null, db, sink, DEFAULT_QUEUE_CAPACITY);
    }

    /** With a given registry (tests, embedding) and queue capacity. */
    public OnlineEvaluation(List<EvalSpec> specs, EvalEnvironment env, EvaluatorRegistry registry, Path db,
            Predicate<WriteEvent> sink, int queueCapacity) {
        this.specs = List.copyOf(specs);
        this.env = env;
        this.preloaded = registry;
        this.db = db;
        this.sink = sink;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, "traceflow-eval-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, (task, executor) -> drop());
        this.calls = new EvalCalls(env.timeoutMs(), "traceflow-eval-call");
    }

    /**
     * For {@link io.traceflow.core.runtime.TraceFlowRuntime#start(Config, String, CommitWorker.Factory)}: online
     * evaluation of {@code traceflow.evals} (none when it is empty), whose judge keeps its answers in the runtime's
     * response cache ({@link ResponseJudgeCache}).
     *
     * @param prices the price table of the cost evaluators ({@code traceflow.prices} over the built-in one), asked
     *     for on an evaluation thread when a cost evaluator is configured
     */
    public static CommitWorker.Factory factory(Supplier<PriceTable> prices) {
        return (config, cache, sink) -> forRuntime(config, cache, sink, prices);
    }

    private static OnlineEvaluation forRuntime(Config config, ResponseCache cache, Predicate<WriteEvent> sink,
            Supplier<PriceTable> prices) {
        List<EvalSpec> specs = config.get(Settings.EVALS);
        if (specs.isEmpty()) {
            return null;
        }
        return new OnlineEvaluation(specs, EvalEnvironment.from(config, new ResponseJudgeCache(cache), prices),
                config.get(Settings.DB), sink);
    }

    /** Loads the evaluators on an evaluation thread; their problems are reported there, one line each. */
    @Override
    public void start() {
        pending.incrementAndGet();
        workers.execute(() -> {
            try {
                EvaluatorRegistry registry = preloaded != null ? preloaded
                        : EvaluatorRegistry.load(env, problem -> AgentLog.warn(problem));
                List<ConfiguredEvaluator> all = registry.configureAll(specs, problem -> AgentLog.warn(problem));
                stepEvaluators = all.stream().filter(e -> !e.isTraceEvaluator()).toList();
                traceEvaluators = all.stream().filter(ConfiguredEvaluator::isTraceEvaluator).toList();
            } catch (RuntimeException | LinkageError e) {
                AgentLog.warn("evaluators could not be loaded; nothing is evaluated", e);
            } finally {
                ready.countDown();
                pending.decrementAndGet();
            }
        });
    }

    /** On the writer thread: enqueue, never wait. */
    @Override
    public void committed(List<StepRow> steps, List<TraceStarted> started, List<TraceFinished> finished) {
        for (TraceStarted t : started) {
            if (t.name() != null || t.kind() != null) {
                traces.put(t.id(), new String[] {t.name(), t.kind()});
            }
        }
        for (StepRow row : steps) {
            String[] trace = traces.get(row.traceId);
            String name = trace == null ? null : trace[0];
            String kind = trace == null ? null : trace[1];
            submit(() -> evaluateStep(row, name, kind));
        }
        for (TraceFinished t : finished) {
            submit(() -> evaluateTrace(t.id()));
        }
    }

    private void submit(Runnable work) {
        pending.incrementAndGet();
        try {
            workers.execute(() -> {
                try {
                    if (awaitReady()) {
                        work.run();
                    }
                } catch (RuntimeException | LinkageError e) {
                    AgentLog.debug("evaluation failed", e);
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RuntimeException e) { // cannot happen with our rejection handler; stay safe regardless
            drop();
        }
    }

    private boolean awaitReady() {
        try {
            ready.await();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The work was not queued: undoes its {@code pending} count and counts it as dropped. */
    private void drop() {
        pending.decrementAndGet();
        dropped.increment();
        if (dropReported.compareAndSet(false, true)) {
            AgentLog.warn("evaluation cannot keep up; steps are left unevaluated rather than slowing anything down"
                    + " (the eval command can evaluate them later)");
        }
    }

    private void evaluateStep(StepRow row, String traceName, String traceKind) {
        List<ConfiguredEvaluator> evaluators = stepEvaluators;
        List<ConfiguredEvaluator> forTraces = traceEvaluators;
        if (evaluators.isEmpty() && !(row.ownsTrace && !forTraces.isEmpty())) {
            return;
        }
        StepView step = StepViews.of(row, traceName, traceKind);
        for (ConfiguredEvaluator e : evaluators) {
            if (e.accepts(step)) {
                emit(calls.evaluate(e, step));
            }
        }
        if (row.ownsTrace) { // an un-rooted call is a finished trace of its own
            evaluateTrace(StepViews.autoTrace(step), forTraces);
        }
    }

    private void evaluateTrace(String traceId) {
        List<ConfiguredEvaluator> evaluators = traceEvaluators;
        if (evaluators.isEmpty()) {
            return;
        }
        TraceView trace;
        try {
            trace = loadTrace(traceId);
        } catch (Exception e) {
            AgentLog.debug("cannot read trace " + traceId + " for evaluation", e);
            return;
        }
        if (trace != null) {
            evaluateTrace(trace, evaluators);
        }
    }

    private void evaluateTrace(TraceView trace, List<ConfiguredEvaluator> evaluators) {
        for (ConfiguredEvaluator e : evaluators) {
            if (e.accepts(trace)) {
                emit(calls.evaluate(e, trace));
            }
        }
    }

    /** Reads a committed trace through a read-only connection of our own (WAL: never in the writer's way). */
    private synchronized TraceView loadTrace(String traceId) throws Exception {
        if (reader == null) {
            reader = TraceStore.openReadOnly(db);
        }
        try {
            return StepViews.loadTrace(reader, traceId);
        } catch (SQLException e) {
            TraceStore.closeQuietly(reader);
            reader = null;
            throw e;
        }
    }

    private void emit(EvalRow row) {
        if (row != null) {
            sink.test(row);
        }
    }

    /**
     * At shutdown, before the writer stops: lets the steps already accepted be committed, handed over and
     * evaluated, and their results queued, for at most {@code graceMillis}. Returns whether everything was done.
     * Uses two marker events to know that the writer has handed over everything queued before this call.
     */
    @Override
    public boolean finishPending(long graceMillis) {
        long deadline = System.currentTimeMillis() + graceMillis;
        for (int i = 0; i < 2; i++) {
            CountDownLatch applied = new CountDownLatch(1);
            if (!sink.test(new Marker(applied)) || !await(applied, deadline)) {
                return false;
            }
        }
        while (pending.get() > 0) {
            if (System.currentTimeMillis() >= deadline) {
                AgentLog.warn("shutting down with " + pending.get() + " evaluations unfinished; run the eval command"
                        + " to evaluate those steps");
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static boolean await(CountDownLatch latch, long deadline) {
        try {
            return latch.await(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A no-op event that tells when the writer reached it. */
    private record Marker(CountDownLatch applied) implements WriteEvent {
        @Override
        public void applyTo(EventSink sink) {
            applied.countDown();
        }
    }

    /** Steps or traces left unevaluated because the work queue was full. */
    public long droppedCount() {
        return dropped.sum();
    }

    /** Evaluator calls that overran their time limit. */
    public long timeoutCount() {
        return calls.timeoutCount();
    }

    /** Work queued or running. */
    public long pendingCount() {
        return pending.get();
    }

    @Override
    public synchronized void close() {
        workers.shutdownNow();
        calls.close();
        TraceStore.closeQuietly(reader);
        reader = null;
        long d = dropped.sum();
        if (d > 0) {
            AgentLog.warn(d + " steps or traces were not evaluated because evaluation could not keep up");
        }
    }
}
