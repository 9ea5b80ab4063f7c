package io.traceflow.core.eval;

import java.nio.file.Path;
import java.util.List;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.Settings;
import io.traceflow.core.eval.judge.JudgeCache;
import io.traceflow.core.eval.judge.JudgeSettings;

/**
 * What evaluation needs besides the specs: the judge, where plugged-in evaluators live, and the time limit of one
 * evaluator call.
 */
public record EvalEnvironment(JudgeSettings judge, List<Path> evaluatorPath, long timeoutMs) {
    public EvalEnvironment {
        evaluatorPath = List.copyOf(evaluatorPath);
    }

    /** From the settings; the judge runs without a cache ({@link JudgeCache#NONE}) until one is wired in. */
    public static EvalEnvironment from(Config config) {
        return from(config, JudgeCache.NONE);
    }

    public static EvalEnvironment from(Config config, JudgeCache cache) {
        return new EvalEnvironment(JudgeSettings.from(config, cache), config.get(Settings.EVALS_PATH),
                config.get(Settings.EVALS_TIMEOUT_MS));
    }
}
