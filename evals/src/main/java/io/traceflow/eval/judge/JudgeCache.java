package io.traceflow.eval.judge;

/**
 * Where the judge keeps answers it already got, so that re-running {@code llm_judge} over the same steps does not
 * pay for the same judgement twice.
 *
 * <p>The agent wires TraceFlow's response cache in ({@code ResponseJudgeCache}) when {@code traceflow.cache} is on; otherwise, and
 * offline, the judge runs with {@link #NONE}. An implementation keys entries by the judge's request (URL and
 * request JSON: model, rubric, input and answer), e.g. in its own {@code llm_cache} namespace, and must be
 * thread-safe: several evaluation threads judge at once.
 */
public interface JudgeCache {
    /** No caching: every judgement is a call. */
    JudgeCache NONE = new JudgeCache() {
        @Override
        public String lookup(String url, String requestJson) {
            return null;
        }

        @Override
        public void store(String url, String requestJson, String responseJson, double latencyMs) {
            // nothing kept
        }
    };

    /** The stored response body for an equal request, or null. */
    String lookup(String url, String requestJson);

    /** Keeps a successful response (HTTP 200 whose judgement parsed) with the call's latency. */
    void store(String url, String requestJson, String responseJson, double latencyMs);
}
