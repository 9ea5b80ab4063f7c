package io.traceflow.core.capture;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.traceflow.bootstrap.CallScope;
import io.traceflow.bootstrap.ShortCircuit;

/**
 * The advice scopes of the common cases: a blocking call that runs, and a call the response cache answered
 * ({@link CacheDecision}), whose hooked method's body is skipped and whose exit returns the recorded answer, or fails
 * the call, as the library itself would.
 */
public final class LlmScopes {
    private LlmScopes() {
    }

    /** A blocking call that goes to the library: its return value is the answer, or what it throws the failure. */
    public static CallScope blocking(LlmCall call) {
        return (returned, thrown) -> {
            call.exitMethod();
            if (thrown != null) {
                call.fail(thrown);
            } else {
                call.end(returned);
            }
            return returned;
        };
    }

    /** A hit: the method returns {@code returnValue} (the answer as the library's own return type). */
    public static CallScope answered(LlmCall call, Object returnValue) {
        return new Answered(call, returnValue);
    }

    /**
     * A strict-replay miss: the call fails with {@code error}; with {@code viaFuture} the method returns a failed
     * future instead, wrapped as the library's own async failures are (a {@code CompletionException}, as dependent
     * stages deliver them).
     */
    public static CallScope refused(LlmCall call, RuntimeException error, boolean viaFuture) {
        return new Refused(call, error, viaFuture);
    }

    private record Answered(LlmCall call, Object returnValue) implements ShortCircuit {
        @Override
        public Object exit(Object returned, Throwable thrown) {
            call.exitMethod();
            return returnValue;
        }
    }

    private record Refused(LlmCall call, RuntimeException error, boolean viaFuture) implements ShortCircuit {
        @Override
        public Object exit(Object returned, Throwable thrown) {
            call.exitMethod();
            return viaFuture ? CompletableFuture.failedFuture(new CompletionException(error)) : null;
        }

        @Override
        public Throwable thrown(Throwable thrown) {
            return viaFuture ? thrown : error;
        }
    }
}
