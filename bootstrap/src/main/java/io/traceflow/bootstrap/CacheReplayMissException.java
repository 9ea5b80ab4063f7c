package io.traceflow.bootstrap;

/**
 * Thrown into the application when {@code traceflow.cache=replay} and a call has no recorded answer. No network
 * call was made. The message names the operation, the model, the cache key, the start of the last user message,
 * and how to record. Lives in the bootstrap loader so every class loader sees one type.
 */
public final class CacheReplayMissException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CacheReplayMissException(String message) {
        super(message);
    }
}
