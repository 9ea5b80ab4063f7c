package io.traceflow.eval.api;

/**
 * An evaluator: looks at one recorded step (or one whole trace) and says how good it was, as an {@link EvalResult}
 * (a score, usually 0..1; passed or not; a short explanation). Results are stored in the {@code evals} table.
 *
 * <p><b>Writing your own.</b> Implement this interface with a public no-argument constructor, list the class in
 * {@code META-INF/services/io.traceflow.eval.api.Evaluator} of your jar, and name the jar in
 * {@code traceflow.evals.path} (online) or {@code --evaluators-path} (the {@code eval} command). Then use its
 * {@link #name()} in {@code traceflow.evals} like a built-in. Only JDK types cross this interface, so your jar
 * needs nothing but {@code io.traceflow:traceflow-eval-api} at compile time ({@code provided} scope: a jar of these
 * few types, without dependencies) and must not bundle it.
 * See docs/evaluations.md and {@code examples/evaluator-example}.
 *
 * <p><b>Threads.</b> One configured instance is called from several TraceFlow threads at once, never from an
 * application thread: keep it thread-safe. Each call has a time limit ({@code traceflow.evals.timeout.ms}); a call
 * that throws or overruns becomes an error result for that step only, and never reaches the application.
 */
public interface Evaluator {
    /** What an evaluator judges: one step, or a whole trace (its result is linked to the trace's root step). */
    enum Target { STEP, TRACE }

    /**
     * The name used in a spec ({@code traceflow.evals=NAME[:ARGUMENT]}): lower-case letters, digits and
     * {@code _}, starting with a letter. Must be the same for every instance of the class.
     */
    String name();

    /**
     * Stored in {@code evals.evaluator_version}. Change it whenever the same step would now get a different result:
     * a step already evaluated by this name and version is skipped by the {@code eval} command.
     */
    default String version() {
        return "1";
    }

    /** {@link Target#STEP} (the default): {@link #evaluate} is called; {@link Target#TRACE}: {@link #evaluateTrace}. */
    default Target target() {
        return Target.STEP;
    }

    /**
     * Returns the evaluator configured by a spec's argument, the text after the first {@code :}
     * ({@code 2000} in {@code max_latency_ms:2000}), or by {@code null} when the spec has none. Called once per spec
     * when the configuration is read, not per step. Throw {@link IllegalArgumentException} with a message that
     * says what is allowed; the spec is then reported and ignored. The default accepts no argument.
     */
    default Evaluator configure(String argument) {
        if (argument != null && !argument.isEmpty()) {
            throw new IllegalArgumentException(name() + " takes no argument");
        }
        return this;
    }

    /**
     * Whether this step is one to judge; a step it does not apply to gets no result at all. The default: model calls
     * ({@link StepView#isModelCall()}: chat, responses, embeddings), not tool executions or trace roots.
     */
    default boolean appliesTo(StepView step) {
        return step.isModelCall();
    }

    /**
     * Judges one step. Return {@code null} for "not applicable" (no row is stored). An exception becomes an error
     * result (score and passed {@code NULL}, the exception in {@code detail}).
     */
    default EvalResult evaluate(StepView step) throws Exception {
        throw new UnsupportedOperationException(name() + " evaluates whole traces, not single steps");
    }

    /** Judges a finished trace; only called when {@link #target()} is {@link Target#TRACE}. */
    default EvalResult evaluateTrace(TraceView trace) throws Exception {
        throw new UnsupportedOperationException(name() + " evaluates single steps, not whole traces");
    }
}
