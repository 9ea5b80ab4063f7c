package io.traceflow.eval;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
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
import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;
import io.traceflow.eval.api.TraceView;

/**
 * Runs one evaluator on one step or trace under a time limit and turns whatever happens into at most one
 * {@link EvalRow}: a result, nothing (not applicable), or an error result (it threw, it overran its time limit).
 *
 * <p>Each call runs on a thread of its own pool, so a caller waits at most the time limit. A call that overruns is
 * interrupted and abandoned; if it ignores the interrupt, it keeps its thread. Each evaluator may have at most
 * {@link #MAX_OVERRUNNING} abandoned calls still running (checked before each call, so concurrent callers may each
 * add one more): past that its further calls are not started and become error results at once. So a hung
 * evaluator (or judge) costs a few threads and error results, never a pile-up, and never holds up the other
 * evaluators. Threads: one per concurrent caller, plus per evaluator at most two and one per concurrent caller.
 */
public final class EvalCalls implements AutoCloseable {
    /** Abandoned calls of one evaluator that may still be running before its further calls are refused. */
    public static final int MAX_OVERRUNNING = 2;

    private final ThreadPoolExecutor pool;
    private final long timeoutMs;
    private final LongAdder timeouts = new LongAdder();
    private final Map<ConfiguredEvaluator, AtomicInteger> overrunning = new ConcurrentHashMap<>();

    public EvalCalls(long timeoutMs, String threadName) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
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

    /** One call: whether it finished or was abandoned decides who gives back its overrun slot. */
    private static final class Call implements Callable<Outcome> {
        private static final int RUNNING = 0;
        private static final int DONE = 1;
        private static final int ABANDONED = 2;

        private final Callable<Outcome> body;
        private final AtomicInteger overrun;
        private final AtomicInteger state = new AtomicInteger(RUNNING);

        Call(Callable<Outcome> body, AtomicInteger overrun) {
            this.body = body;
            this.overrun = overrun;
        }

        @Override
        public Outcome call() throws Exception {
            try {
                return body.call();
            } finally {
                if (!state.compareAndSet(RUNNING, DONE)) {
                    overrun.decrementAndGet(); // it was abandoned, and has now ended after all
                }
            }
        }

        /** True when the call was still running and is now counted as overrunning. */
        boolean abandon() {
            if (state.compareAndSet(RUNNING, ABANDONED)) {
                overrun.incrementAndGet();
                return true;
            }
            return false;
        }
    }

    private EvalRow run(ConfiguredEvaluator evaluator, String stepId, Callable<Outcome> body) {
        AtomicInteger overrun = overrunning.computeIfAbsent(evaluator, e -> new AtomicInteger());
        if (overrun.get() >= MAX_OVERRUNNING) {
            return row(evaluator, stepId, EvalResult.error("not run: earlier calls of this evaluator are still running"
                    + " past their time limit (traceflow.evals.timeout.ms)"));
        }
        Call call = new Call(body, overrun);
        EvalResult result;
        Future<Outcome> future;
        try {
            future = pool.submit(call);
        } catch (RejectedExecutionException e) {
            return row(evaluator, stepId, EvalResult.error("not run: evaluation is shutting down"));
        }
        long waitMs = timeoutMs;
        while (true) {
            try {
                Outcome outcome = future.get(waitMs, TimeUnit.MILLISECONDS);
                if (!outcome.applies()) {
                    return null;
                }
                result = outcome.result();
            } catch (TimeoutException e) {
                if (!call.abandon()) {
                    waitMs = timeoutMs; // it finished at this very moment: collect its outcome
                    continue;
                }
                future.cancel(true);
                timeouts.increment();
                result = EvalResult.error("timed out after " + timeoutMs + " ms (traceflow.evals.timeout.ms)");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                result = EvalResult.error(cause.getClass().getName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
            } catch (InterruptedException e) {
                call.abandon();
                future.cancel(true);
                Thread.currentThread().interrupt();
                result = EvalResult.error("interrupted (TraceFlow is shutting down)");
            }
            break;
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
