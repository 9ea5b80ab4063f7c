package io.traceflow.core.runtime;

import java.util.function.Predicate;

import io.traceflow.core.cache.ResponseCache;
import io.traceflow.core.config.Config;
import io.traceflow.core.model.WriteEvent;
import io.traceflow.core.write.CommitListener;

/**
 * Work the runtime does with what the writer commits, off the writer thread: online evaluation
 * ({@code traceflow.evals}). It lives in the evals module; core knows only this interface, and the agent hands a
 * {@link Factory} to {@link TraceFlowRuntime#start(Config, String, Factory)}.
 *
 * <p>The runtime drives it: {@link #start()} before the writer starts; {@link #committed} on the writer thread after
 * each commit (return at once, see {@link CommitListener}); at shutdown {@link #finishPending} before the writer
 * drains, so that results of the steps recorded so far are written with them, and {@link #close()} after.
 */
public interface CommitWorker extends CommitListener, AutoCloseable {
    /** Gets ready (e.g. loads evaluators on a thread of its own); must not block the caller. */
    void start();

    /**
     * Finishes the work on everything committed or queued so far, for at most {@code graceMillis}; whether all was
     * done. Results still go through the runtime's queue, which the writer drains next.
     */
    boolean finishPending(long graceMillis);

    /** Stops its threads; called once the writer has drained. */
    @Override
    void close();

    /** Creates the worker when the runtime starts. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param cache the runtime's response cache ({@code enabled()} false when {@code traceflow.cache} is off)
         * @param sink where results go ({@code runtime::record}); false means dropped
         * @return the worker, or null when the configuration asks for none (e.g. {@code traceflow.evals} is empty)
         */
        CommitWorker create(Config config, ResponseCache cache, Predicate<WriteEvent> sink);
    }
}
