package io.traceflow.core.runtime;

import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

import io.traceflow.core.cache.ResponseCache;
import io.traceflow.core.config.ContentPolicy;
import io.traceflow.core.config.Config;
import io.traceflow.core.config.Settings;
import io.traceflow.core.log.AgentLog;
import io.traceflow.core.model.WriteEvent;
import io.traceflow.core.write.AgentRun;
import io.traceflow.core.write.EventQueue;
import io.traceflow.core.write.StoreWriter;

/**
 * The running recorder of one JVM: the configuration, the event queue and its writer thread. Capture sites reach
 * it through {@link #current()} and only ever call {@link #record}, which never blocks and never throws.
 */
public final class TraceFlowRuntime {
    /** How long JVM shutdown waits for the writer to drain; generous because losing accepted events is worse. */
    static final long SHUTDOWN_TIMEOUT_MS = 30_000;
    /** How long JVM shutdown waits for evaluations of steps already recorded (traceflow.evals) before giving up. */
    static final long EVAL_SHUTDOWN_GRACE_MS = 10_000;

    private static volatile TraceFlowRuntime current;

    private final Config config;
    private final EventQueue queue;
    private final StoreWriter writer;
    private final AgentRun run;
    private final LongAdder adviceErrors = new LongAdder();
    private final ContentPolicy contentPolicy;
    private final ResponseCache cache;
    /** Online evaluation, when traceflow.evals names any evaluator (and the agent wired it in); else null. */
    private final CommitWorker evaluation;

    private TraceFlowRuntime(Config config, String instrumentations, CommitWorker.Factory evaluations) {
        this.config = config;
        this.queue = new EventQueue(config.get(Settings.QUEUE_CAPACITY));
        this.contentPolicy = ContentPolicy.from(config);
        this.run = new AgentRun(config.explicitSettings(), instrumentations, adviceErrors::sum);
        Path db = config.get(Settings.DB);
        this.writer = new StoreWriter(db, queue, config.get(Settings.BATCH_SIZE),
                config.get(Settings.FLUSH_INTERVAL_MS), run);
        this.cache = new ResponseCache(config, this::storeReady, queue::offer, contentPolicy);
        this.evaluation = evaluations == null ? null : evaluations.create(config, cache, this::record);
        if (evaluation != null) {
            writer.onCommit(evaluation);
        }
    }

    /** {@link #start(Config, String, CommitWorker.Factory)} without online evaluation. */
    public static TraceFlowRuntime start(Config config, String instrumentations) {
        return start(config, instrumentations, null);
    }

    /**
     * Starts the writer (which opens the database on its own thread). Returns the runtime, also available from
     * {@link #current()}. The caller has the JVM call {@link #shutdown()} at exit (the agent registers that hook
     * in premain, before this runs on its installer thread).
     *
     * @param evaluations creates online evaluation ({@code traceflow.evals}, the evals module); null for none
     */
    public static synchronized TraceFlowRuntime start(Config config, String instrumentations,
            CommitWorker.Factory evaluations) {
        if (current != null) {
            return current;
        }
        TraceFlowRuntime runtime = new TraceFlowRuntime(config, instrumentations, evaluations);
        if (runtime.evaluation != null) {
            runtime.evaluation.start();
        }
        runtime.writer.start();
        current = runtime;
        return runtime;
    }

    /** The running instance, or null when the agent is off. */
    public static TraceFlowRuntime current() {
        return current;
    }

    /** Hands an event to the writer; false when dropped. Never blocks, never throws. */
    public boolean record(WriteEvent event) {
        return queue.offer(event);
    }

    /** Advice that swallowed an exception reports it here; the count is stored with the agent run. */
    public void adviceError(Throwable t) {
        adviceErrors.increment();
        AgentLog.debug("instrumentation error suppressed", t);
    }

    public long adviceErrorCount() {
        return adviceErrors.sum();
    }

    public Config config() {
        return config;
    }

    /** What of the prompt and response text may be stored, and how it is redacted and cut. */
    public ContentPolicy contentPolicy() {
        return contentPolicy;
    }

    /** The response cache ({@code traceflow.cache}); {@code enabled()} is false when off. */
    public ResponseCache cache() {
        return cache;
    }

    /** Waits up to 10 s for the writer to open the file; true when it is usable. */
    private boolean storeReady() {
        try {
            return writer.awaitOpened(10_000) && !writer.storeUnavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public EventQueue queue() {
        return queue;
    }

    public StoreWriter writer() {
        return writer;
    }

    public String runId() {
        return run.id();
    }

    /** Drains and closes; called by the agent's JVM shutdown hook. */
    public void shutdown() {
        if (evaluation != null) {
            // First let the steps recorded so far be evaluated, so their results are written with them.
            evaluation.finishPending(EVAL_SHUTDOWN_GRACE_MS);
        }
        if (!writer.shutdown(SHUTDOWN_TIMEOUT_MS)) {
            AgentLog.warn("the trace writer did not finish within " + SHUTDOWN_TIMEOUT_MS
                    + " ms at shutdown; the last events may be missing");
        }
        if (evaluation != null) {
            evaluation.close();
        }
    }

    /** Online evaluation, or null when {@code traceflow.evals} is empty. */
    public CommitWorker evaluation() {
        return evaluation;
    }
}
