package io.traceflow.core.capture;

import io.traceflow.bootstrap.CallScope;

/**
 * For handlers that run an instrumented method in a trace frame carried over from another thread (an executor's
 * task, a token stream's start): makes the frame current and returns the scope that restores what was current
 * before, when the method returns or throws.
 */
public final class InFrame {
    private InFrame() {
    }

    /** Attaches {@code frame}; the returned scope leaves the method's result and exception untouched. */
    public static CallScope run(TraceContext.Frame frame) {
        TraceContext.Frame previous = TraceContext.attach(frame);
        return (returned, thrown) -> {
            TraceContext.restore(previous);
            return returned;
        };
    }
}
