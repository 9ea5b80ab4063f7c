package io.traceflow.core.model;

import java.util.function.Supplier;

/**
 * One row of {@code llm_cache} as the writer stores it (see docs/schema.md): the response cache hands its entries
 * over in this shape, so the model and the writer need nothing of the cache itself.
 *
 * @param answerJson the answer as stored in {@code llm_cache.response_json}, serialized when the writer calls it (on
 *     the writer thread); null from it means nothing storable
 */
public record CacheRow(String key, String namespace, String provider, String operation, String model,
        String canonicalRequest, Supplier<String> answerJson, double originalLatencyMs, long createdAt) {
}
