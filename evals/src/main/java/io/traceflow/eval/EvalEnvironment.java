package io.traceflow.eval;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.Settings;
import io.traceflow.core.pricing.PriceTable;
import io.traceflow.eval.judge.JudgeCache;
import io.traceflow.eval.judge.JudgeSettings;

/**
 * What evaluation needs besides the specs: the judge, where plugged-in evaluators live, the time limit of one
 * evaluator call, and the price table of the cost evaluators ({@code traceflow.prices} over the built-in table, the
 * same the viewer prices with).
 *
 * @param priceTable gives the price table when a cost evaluator is configured (so a run without one never reads it)
 */
public record EvalEnvironment(JudgeSettings judge, List<Path> evaluatorPath, long timeoutMs,
        Supplier<PriceTable> priceTable) {
    public EvalEnvironment {
        evaluatorPath = List.copyOf(evaluatorPath);
    }

    /**
     * From the settings; the judge runs without a cache ({@link JudgeCache#NONE}). The price table is
     * {@code traceflow.prices} over the built-in one, read when first needed; a file that cannot be read fails the
     * configuration of the cost evaluators with its one-line reason.
     */
    public static EvalEnvironment from(Config config) {
        return from(config, JudgeCache.NONE, () -> PriceTable.withOverrides(config.get(Settings.PRICES)));
    }

    /** With the judge's cache and the price table wired in (the agent: the response cache, its shared prices). */
    public static EvalEnvironment from(Config config, JudgeCache cache, Supplier<PriceTable> prices) {
        return new EvalEnvironment(JudgeSettings.from(config, cache), config.get(Settings.EVALS_PATH),
                config.get(Settings.EVALS_TIMEOUT_MS), prices);
    }

    /** The price table of {@code max_cost} and {@code max_trace_cost}. */
    public PriceTable prices() {
        return priceTable.get();
    }
}
