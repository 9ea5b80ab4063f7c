package io.traceflow.core.cache;

import java.util.function.Supplier;

/**
 * One recorded answer. Fresh from a live call it holds the library's own answer object (immutable in both
 * supported libraries), so a repeat right away needs no parsing; read from the file it holds the answer's JSON.
 *
 * @param answer the library's answer object, or null when read from the file
 * @param answerJson the answer as stored in {@code llm_cache.response_json} (computed lazily for fresh entries)
 */
public record CacheEntry(String key, String namespace, String provider, String operation, String model,
        String canonicalRequest, Object answer, Supplier<String> answerJson, double originalLatencyMs,
        long createdAt) {
    /** The same entry holding {@code parsed}, the library's own answer rebuilt from the JSON. */
    public CacheEntry withAnswer(Object parsed) {
        return new CacheEntry(key, namespace, provider, operation, model, canonicalRequest, parsed, answerJson,
                originalLatencyMs, createdAt);
    }
}
