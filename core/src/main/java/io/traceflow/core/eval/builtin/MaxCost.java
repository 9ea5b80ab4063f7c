package io.traceflow.core.eval.builtin;

import java.util.Map;

import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;

/**
 * {@code max_cost:USD[;in=P;out=P;cached=P]}: the call cost at most USD dollars, computed from its token counts
 * and a price per million tokens (built-in list prices, or the given ones). A model without a known price is an
 * error result that says how to give one; a step that reported no tokens gets no result. A cache hit cost nothing.
 */
public final class MaxCost implements Evaluator {
    private final double limit;
    private final Prices.Price override;

    public MaxCost() {
        this(0, null);
    }

    private MaxCost(double limit, Prices.Price override) {
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
        return new MaxCost(limit, Prices.override(options, name()));
    }

    @Override
    public EvalResult evaluate(StepView step) {
        if (step.cacheHit()) {
            return Threshold.atMost("cost (cache hit) USD", 0, limit, "");
        }
        Prices.Price price = Prices.forStep(step, override);
        if (price == null) {
            return EvalResult.error("no price known for model " + step.model() + "; give one, e.g. max_cost:"
                    + Args.number(limit) + ";in=0.15;out=0.60 (USD per 1M tokens)");
        }
        Double cost = Prices.cost(step, price);
        return cost == null ? null : Threshold.atMost("cost USD", cost, limit, "");
    }
}
