package io.traceflow.core.capture;

import io.traceflow.bootstrap.CacheReplayMissException;

/**
 * What the response cache decided for a call, before it runs ({@link LlmCall#consultCache}). The hit and the miss
 * are already recorded as steps when this is returned; the library adapter only turns them into what the hooked
 * method returns.
 */
public sealed interface CacheDecision {
    /** Let the call run: the cache is off, or bypassed, or (read-write) the answer is stored if it succeeds. */
    record Live() implements CacheDecision {
    }

    /** A recorded answer, as the adapter's {@code replay} rebuilt it: return it without calling the library. */
    record Hit(Object answer) implements CacheDecision {
    }

    /** Strict replay found nothing: fail the call with this exception, without any network call. */
    record ReplayMiss(CacheReplayMissException error) implements CacheDecision {
    }

    CacheDecision LIVE = new Live();
}
