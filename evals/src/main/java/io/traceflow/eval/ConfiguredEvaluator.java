package io.traceflow.eval;

import io.traceflow.core.config.EvalSpec;
import io.traceflow.core.config.StepFilter;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;
import io.traceflow.eval.api.TraceView;

/**
 * An evaluator ready to run: configured from its spec, with the spec's filter. Its results are stored under
 * {@link #label()} and {@link #version()}.
 */
public record ConfiguredEvaluator(EvalSpec spec, Evaluator evaluator) {
    /** {@code evals.name}: the spec without its filter, e.g. {@code max_latency_ms:2000}. */
    public String label() {
        return spec.label();
    }

    /** {@code evals.evaluator_version}; never null ({@code ""} when the evaluator gives none). */
    public String version() {
        String v;
        try {
            v = evaluator.version();
        } catch (RuntimeException e) {
            v = null;
        }
        return v == null ? "" : v;
    }

    public boolean isTraceEvaluator() {
        return target() == Evaluator.Target.TRACE;
    }

    private Evaluator.Target target() {
        try {
            Evaluator.Target t = evaluator.target();
            return t == null ? Evaluator.Target.STEP : t;
        } catch (RuntimeException e) {
            return Evaluator.Target.STEP;
        }
    }

    public StepFilter filter() {
        return spec.filter();
    }

    /** Whether the spec's filter lets this step through. */
    public boolean accepts(StepView step) {
        return StepFilters.matches(spec.filter(), step);
    }

    /** Whether the spec's filter lets this trace through. */
    public boolean accepts(TraceView trace) {
        return StepFilters.matches(spec.filter(), trace);
    }

    @Override
    public String toString() {
        return spec.toString();
    }
}
