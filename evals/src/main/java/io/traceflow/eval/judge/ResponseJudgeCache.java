package io.traceflow.eval.judge;

import io.traceflow.schema.Operations;
import io.traceflow.core.cache.CacheLookup;
import io.traceflow.core.cache.ResponseCache;

/**
 * The {@code llm_judge} evaluator's answers in the response cache ({@code llm_cache}, provider {@code judge}), so
 * re-judging the same answer with the same rubric and model costs nothing when {@code traceflow.cache} is on.
 * The judge only reads in {@code read-only} and {@code replay} (where a miss still asks the judge: judging is not
 * the app's traffic), and also stores in {@code read-write}.
 */
public final class ResponseJudgeCache implements JudgeCache {
    private static final String PROVIDER = "judge";
    private static final String OPERATION = Operations.CHAT;

    private final ResponseCache cache;

    public ResponseJudgeCache(ResponseCache cache) {
        this.cache = cache;
    }

    @Override
    public String lookup(String url, String requestJson) {
        if (!cache.enabled()) {
            return null;
        }
        CacheLookup lookup = cache.lookup(PROVIDER, OPERATION, url, requestJson, 0.0);
        return lookup.hit() ? lookup.entry().answerJson().get() : null;
    }

    @Override
    public void store(String url, String requestJson, String responseJson, double latencyMs) {
        if (!cache.mode().stores() || responseJson == null) {
            return;
        }
        CacheLookup miss = cache.lookup(PROVIDER, OPERATION, url, requestJson, 0.0);
        cache.store(miss, PROVIDER, OPERATION, null, responseJson, () -> responseJson, latencyMs);
    }
}
