package io.traceflow.core.eval.builtin;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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

    /** A number for a detail: 6 significant digits, plain (2000, 812.5, 0.000027). */
    static String number(double value) {
        if (value == 0) {
            return "0";
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(6)).stripTrailingZeros()
                .toPlainString();
    }
}
