package io.traceflow.eval.builtin;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.traceflow.core.pricing.PriceTable;

/** Parsing of built-in evaluators' arguments. */
final class Args {
    private Args() {
    }

    static String required(String name, String argument, String example) {
        if (argument == null || argument.isEmpty()) {
            throw new IllegalArgumentException(name + " needs an argument, e.g. " + name + ":" + example);
        }
        return argument;
    }

    /** A number > 0 (digits may be grouped with _). */
    static double positive(String name, String argument, String example) {
        String text = required(name, argument, example).replace("_", "").trim();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, e.g. " + name + ":" + example + " ('"
                    + argument + "' is not one)");
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " needs a number greater than 0, e.g. " + name + ":" + example);
        }
        return value;
    }

    /** {@code first;key=value;key=value}: the first part under key "", the rest by key (lower case). */
    static Map<String, String> options(String argument) {
        Map<String, String> out = new LinkedHashMap<>();
        if (argument == null) {
            return out;
        }
        String[] parts = argument.split(";");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            int eq = part.indexOf('=');
            if (eq < 0 && i == 0) {
                out.put("", part);
            } else if (eq > 0) {
                out.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
            } else if (!part.isEmpty()) {
                throw new IllegalArgumentException("'" + part + "' is not KEY=VALUE");
            }
        }
        return out;
    }

    /**
     * The price a cost evaluator's spec gives ({@code max_cost:0.01;in=0.15;out=0.60;cached=0.075}, USD per 1M
     * tokens; {@code cached} defaults to {@code in}), or null when it gives none: then the price table prices.
     */
    static PriceTable.Price priceOverride(Map<String, String> options, String evaluator) {
        if (!options.containsKey("in") && !options.containsKey("out")) {
            if (options.containsKey("cached")) {
                throw new IllegalArgumentException(evaluator + ": cached= needs in= and out= too");
            }
            return null;
        }
        double in = price(options, "in", evaluator);
        double out = price(options, "out", evaluator);
        Double cached = options.containsKey("cached") ? price(options, "cached", evaluator) : null;
        return new PriceTable.Price(in, cached, out);
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

    /** A number for a detail: 6 significant digits, plain (2000, 812.5, 0.000027). */
    static String number(double value) {
        if (value == 0) {
            return "0";
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(6)).stripTrailingZeros()
                .toPlainString();
    }
}
