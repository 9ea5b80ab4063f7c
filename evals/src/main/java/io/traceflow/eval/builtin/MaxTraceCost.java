package io.traceflow.eval.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.traceflow.core.pricing.PriceTable;
import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;
import io.traceflow.eval.api.TraceView;

/**
 * {@code max_trace_cost:USD[;in=P;out=P;cached=P]} (trace): all model calls of the trace together cost at most USD
 * dollars, priced as {@code max_cost} prices each. A call of a model without a known price makes it an error result.
 */
public final class MaxTraceCost implements Evaluator {
    private final PriceTable prices;
    private final double limit;
    private final PriceTable.Price override;

    /** @param prices the price table of the environment ({@code traceflow.prices} over the built-in one) */
    public MaxTraceCost(PriceTable prices) {
        this(prices, 0, null);
    }

    private MaxTraceCost(PriceTable prices, double limit, PriceTable.Price override) {
        this.prices = prices;
        this.limit = limit;
        this.override = override;
    }

    @Override
    public String name() {
        return "max_trace_cost";
    }

    @Override
    public Target target() {
        return Target.TRACE;
    }

    @Override
    public Evaluator configure(String argument) {
        Map<String, String> options = Args.options(argument);
        return new MaxTraceCost(prices, Args.positive(name(), options.get(""), "0.05"),
                Args.priceOverride(options, name()));
    }

    @Override
    public EvalResult evaluateTrace(TraceView trace) {
        double total = 0;
        int priced = 0;
        List<String> unknown = new ArrayList<>();
        for (StepView step : trace.modelCalls()) {
            if (step.cacheHit()) {
                continue;
            }
            boolean usage = step.promptTokens() != null || step.completionTokens() != null;
            PriceTable.Price price = MaxCost.priceOf(step, prices, override);
            if (price == null && usage) {
                unknown.add(String.valueOf(step.model()));
            } else if (price != null && usage) {
                total += price.cost(step.promptTokens(), step.cachedTokens(), step.completionTokens());
                priced++;
            }
        }
        if (!unknown.isEmpty()) {
            return EvalResult.error("no price known for model(s) " + String.join(", ", unknown.stream().distinct()
                    .toList()) + "; give one, e.g. max_trace_cost:" + Args.number(limit) + ";in=0.15;out=0.60");
        }
        if (priced == 0) {
            return null;
        }
        EvalResult r = Threshold.atMost("trace cost USD", total, limit, "");
        return new EvalResult(r.score(), r.passed(), r.detail() + " (" + priced + " model call(s))");
    }
}
