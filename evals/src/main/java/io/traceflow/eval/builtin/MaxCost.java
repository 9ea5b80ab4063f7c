package io.traceflow.eval.builtin;

import java.util.Map;

import io.traceflow.core.pricing.PriceTable;
import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;

/**
 * {@code max_cost:USD[;in=P;out=P;cached=P]}: the call cost at most USD dollars, computed from its token counts
 * and a price per million tokens: the spec's own, else TraceFlow's price table (the viewer's: built-in list prices
 * and {@code traceflow.prices}). A model without a known price is an error result that says how to give one; a step
 * that reported no tokens gets no result. A cache hit cost nothing.
 */
public final class MaxCost implements Evaluator {
    private final PriceTable prices;
    private final double limit;
    private final PriceTable.Price override;

    /** @param prices the price table of the environment ({@code traceflow.prices} over the built-in one) */
    public MaxCost(PriceTable prices) {
        this(prices, 0, null);
    }

    private MaxCost(PriceTable prices, double limit, PriceTable.Price override) {
        this.prices = prices;
        this.limit = limit;
        this.override = override;
    }

    @Override
    public String name() {
        return "max_cost";
    }

    @Override
    public Evaluator configure(String argument) {
        Map<String, String> options = Args.options(argument);
        double limit = Args.positive(name(), options.get(""), "0.01");
        return new MaxCost(prices, limit, Args.priceOverride(options, name()));
    }

    @Override
    public EvalResult evaluate(StepView step) {
        if (step.cacheHit()) {
            return Threshold.atMost("cost (cache hit) USD", 0, limit, "");
        }
        PriceTable.Price price = priceOf(step, prices, override);
        if (price == null) {
            return EvalResult.error("no price known for model " + step.model() + "; give one, e.g. max_cost:"
                    + Args.number(limit) + ";in=0.15;out=0.60 (USD per 1M tokens)");
        }
        if (step.promptTokens() == null && step.completionTokens() == null) {
            return null;
        }
        double cost = price.cost(step.promptTokens(), step.cachedTokens(), step.completionTokens());
        return Threshold.atMost("cost USD", cost, limit, "");
    }

    /** The spec's price, else the table's for the step (its answering model, else its requested one), or null. */
    static PriceTable.Price priceOf(StepView step, PriceTable prices, PriceTable.Price override) {
        return override != null ? override : prices.find(step.model(), step.responseModel()).orElse(null);
    }
}
