package io.traceflow.eval.judge;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.Settings;

/**
 * How to reach the judge: an OpenAI-compatible endpoint ({@code traceflow.judge.url}), the model
 * ({@code traceflow.judge.model}) and the API key ({@code traceflow.judge.api.key}, else the environment variable
 * {@code OPENAI_API_KEY}); the per-call time limit; the cache.
 */
public record JudgeSettings(String url, String model, String apiKey, long timeoutMs, JudgeCache cache) {
    public static JudgeSettings from(Config config, JudgeCache cache) {
        String key = config.get(Settings.JUDGE_API_KEY);
        if (key == null || key.isBlank()) {
            key = System.getenv("OPENAI_API_KEY");
        }
        return new JudgeSettings(config.get(Settings.JUDGE_URL), config.get(Settings.JUDGE_MODEL),
                key == null ? "" : key.trim(), config.get(Settings.EVALS_TIMEOUT_MS), cache);
    }

    @Override
    public String toString() { // never the key
        return "judge " + model + " at " + url;
    }
}
