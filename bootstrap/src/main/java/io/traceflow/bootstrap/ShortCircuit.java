package io.traceflow.bootstrap;

/**
 * A {@link CallScope} that answers the call itself: the advice skips the library method's body (a response cache
 * hit, or a strict-replay miss that must fail without touching the network), and the exit hook supplies the
 * return value or the exception.
 */
public interface ShortCircuit extends CallScope {
}
