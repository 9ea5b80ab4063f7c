package io.traceflow.core.cache;

/**
 * The outcome of looking a call up: a hit (with its entry), a miss (with the key to store the answer under, if
 * storing is on), or bypass (cache off for this call).
 */
public record CacheLookup(Outcome outcome, String key, String canonicalRequest, CacheEntry entry, long lookupNanos) {
    public enum Outcome { HIT, MISS, BYPASS }

    public static final CacheLookup BYPASS = new CacheLookup(Outcome.BYPASS, null, null, null, 0);

    public boolean hit() {
        return outcome == Outcome.HIT;
    }

    public boolean miss() {
        return outcome == Outcome.MISS;
    }
}
