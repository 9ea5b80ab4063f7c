package io.traceflow.core.eval.builtin;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.traceflow.eval.api.StepView;

/**
 * What a call cost, in US dollars, from its token counts and a price per million tokens. The built-in table holds
 * OpenAI list prices (standard tier) for common models and is matched by the longest prefix of the model name
 * ({@code gpt-4o-mini-2024-07-18} uses {@code gpt-4o-mini}); prices change, so a spec can give its own:
 * {@code max_cost:0.01;in=0.15;out=0.60;cached=0.075}.
 */
final class Prices {
    /** USD per 1M tokens: input, cached input, output. */
    record Price(double in, double cachedIn, double out) {
    }

    private static final Map<String, Price> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put("gpt-5", new Price(1.25, 0.125, 10.00));
        TABLE.put("gpt-5-mini", new Price(0.25, 0.025, 2.00));
        TABLE.put("gpt-5-nano", new Price(0.05, 0.005, 0.40));
        TABLE.put("gpt-4.1", new Price(2.00, 0.50, 8.00));
        TABLE.put("gpt-4.1-mini", new Price(0.40, 0.10, 1.60));
        TABLE.put("gpt-4.1-nano", new Price(0.10, 0.025, 0.40));
        TABLE.put("gpt-4o", new Price(2.50, 1.25, 10.00));
        TABLE.put("gpt-4o-mini", new Price(0.15, 0.075, 0.60));
        TABLE.put("o4-mini", new Price(1.10, 0.275, 4.40));
        TABLE.put("o3", new Price(2.00, 0.50, 8.00));
        TABLE.put("o3-mini", new Price(1.10, 0.55, 4.40));
        TABLE.put("gpt-3.5-turbo", new Price(0.50, 0.50, 1.50));
        TABLE.put("text-embedding-3-small", new Price(0.02, 0.02, 0));
        TABLE.put("text-embedding-3-large", new Price(0.13, 0.13, 0));
        TABLE.put("text-embedding-ada-002", new Price(0.10, 0.10, 0));
    }

    private Prices() {
    }

    /** The override from {@code in=}, {@code out=}, {@code cached=} options, or null when none is given. */
    static Price override(Map<String, String> options, String evaluator) {
        if (!options.containsKey("in") && !options.containsKey("out")) {
            if (options.containsKey("cached")) {
                throw new IllegalArgumentException(evaluator + ": cached= needs in= and out= too");
            }
            return null;
        }
        double in = price(options, "in", evaluator);
        double out = price(options, "out", evaluator);
        double cached = options.containsKey("cached") ? price(options, "cached", evaluator) : in;
        return new Price(in, cached, out);
    }

    private static double price(Map<String, String> options, String key, String evaluator) {
        String text = options.get(key);
        if (text == null) {
            throw new IllegalArgumentException(evaluator + ": give both in= and out= (USD per 1M tokens)");
        }
        try {
            double v = Double.parseDouble(text);
            if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(evaluator + ": " + key + "= needs a price in USD per 1M tokens, not '"
                    + text + "'");
        }
    }

    /** The built-in price of a model (longest matching prefix), or null. */
    static Price lookup(String model) {
        if (model == null) {
            return null;
        }
        String m = model.toLowerCase(Locale.ROOT);
        String best = null;
        for (String prefix : TABLE.keySet()) {
            if (m.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? null : TABLE.get(best);
    }

    /** The step's cost in USD, or null when it reported no tokens. */
    static Double cost(StepView step, Price price) {
        if (step.promptTokens() == null && step.completionTokens() == null) {
            return null;
        }
        long prompt = step.promptTokens() == null ? 0 : step.promptTokens();
        long cached = step.cachedTokens() == null ? 0 : Math.min(step.cachedTokens(), prompt);
        long completion = step.completionTokens() == null ? 0 : step.completionTokens();
        return ((prompt - cached) * price.in() + cached * price.cachedIn() + completion * price.out()) / 1_000_000.0;
    }

    /** The price for a step: the override, else the table by the answering model, else by the requested one. */
    static Price forStep(StepView step, Price override) {
        if (override != null) {
            return override;
        }
        Price p = lookup(step.responseModel());
        return p != null ? p : lookup(step.model());
    }
}
