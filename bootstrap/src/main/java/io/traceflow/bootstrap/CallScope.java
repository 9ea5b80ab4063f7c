package io.traceflow.bootstrap;

/**
 * What an instrumented call's enter hook returns, handed back to the exit hook. It may replace the return value
 * (to observe a stream or a raw HTTP response) but never the thrown exception.
 */
public interface CallScope {
    /**
     * @param returned what the method returned (null when it threw)
     * @param thrown what it threw, or null; rethrown unchanged by the advice whatever this returns
     * @return the value the method returns to its caller: {@code returned} or an equivalent wrapper of it
     */
    Object exit(Object returned, Throwable thrown);

    /**
     * For hooks that may wrap an argument (a streaming callback handler): returns the arguments to call the method
     * with instead, or null to keep them. Each replacement must be an equivalent wrapper of the original.
     */
    default Object[] replaceArguments(Object[] arguments) {
        return null;
    }

    /**
     * The exception the call ends with: {@code thrown} unchanged, except for a {@link ShortCircuit} that must fail
     * the call (a strict-replay miss). Called after {@link #exit}.
     */
    default Throwable thrown(Throwable thrown) {
        return thrown;
    }
}
