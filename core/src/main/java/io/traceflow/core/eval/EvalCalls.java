package io.traceflow.core.eval;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.traceflow.core.model.EvalRow;
import io.traceflow.core.util.Ids;

/**
 * Runs one evaluator on one step or trace under a time limit and turns whatever happens into at most one
 * {@link EvalRow}: a result, nothing (not applicable), or an error result (it threw, it overran its time limit).
 *
 * <p>Each call runs on a thread of a small pool of its own, so a caller waits at most the time limit. A call that
 * overruns is interrupted and abandoned; if it ignores the interrupt, it keeps its thread. The pool never grows
 * past {@code maxThreads}: once that many calls hang, further calls are not started and become error results at
 * once, so a hung evaluator (or judge) costs a bounded number of threads and never piles up work.
 */
public final class EvalCalls implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final long timeoutMs;
    private final LongAdder timeouts = new LongAdder();

    public EvalCalls(int maxThreads, long timeoutMs, String threadName) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, maxThreads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timeoutMs = timeoutMs;
    }

    /** The result row of {@code evaluator} on {@code step}, or null when it does not apply. Never throws. */
    public EvalRow evaluate(ConfiguredEvaluator evaluator, StepView step) {
        return run(evaluator, step.id(), () -> {
            Evaluator e = evaluator.evaluator();
            return e.appliesTo(step) ? Outcome.of(e.evaluate(step)) : Outcome.NOT_APPLICABLE;
        });
    }

    /** The result row of a trace evaluator, stored against the trace's root step; null when it does not apply. */
    public EvalRow evaluate(ConfiguredEvaluator evaluator, TraceView trace) {
        String stepId = trace.linkStepId();
        if (stepId == null) {
            return null;
        }
        return run(evaluator, stepId, () -> Outcome.of(evaluator.evaluator().evaluateTrace(trace)));
    }

    private record Outcome(EvalResult result, boolean applies) {
        static final Outcome NOT_APPLICABLE = new Outcome(null, false);

        static Outcome of(EvalResult result) {
            return new Outcome(result, result != null);
        }
    }

    private EvalRow run(ConfiguredEvaluator evaluator, String stepId, Callable<Outcome> call) {
        EvalResult result;
        Future<Outcome> future;
        try {
            future = pool.submit(call);
        } catch (RejectedExecutionException e) {
            return row(evaluator, stepId, EvalResult.error("not run: all " + pool.getMaximumPoolSize()
                    + " evaluator threads are taken by calls that overran their time limit"));
        }
        try {
            Outcome outcome = future.get(timeoutMs, TimeUnit.MILLISECONDS);
            if (!outcome.applies()) {
                return null;
            }
            result = outcome.result();
        } catch (TimeoutException e) {
            future.cancel(true);
            timeouts.increment();
            result = EvalResult.error("timed out after " + timeoutMs + " ms (traceflow.evals.timeout.ms)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            result = EvalResult.error(cause.getClass().getName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            result = EvalResult.error("interrupted (TraceFlow is shutting down)");
        }
        return row(evaluator, stepId, result);
    }

    private static EvalRow row(ConfiguredEvaluator evaluator, String stepId, EvalResult result) {
        String detail = result.detail();
        if (detail != null && detail.length() > 4000) {
            detail = detail.substring(0, 4000) + "…";
        }
        return new EvalRow(Ids.newId(), stepId, evaluator.label(), result.score(), result.passed(), detail,
                evaluator.version(), System.currentTimeMillis());
    }

    /** How many calls overran their time limit so far. */
    public long timeoutCount() {
        return timeouts.sum();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
