package io.traceflow.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One evaluator as a user names it: {@code NAME[:ARGUMENT][{KEY=GLOB;...}]}, e.g. {@code json_valid},
 * {@code max_latency_ms:2000}, {@code contains:Paris{model=gpt-4o*}}. A list separates specs with commas; a
 * comma inside brackets ({@code a{1,3}}) does not separate, nor does an escaped one ({@code \,}).
 *
 * @param name the evaluator's name, lower case
 * @param argument the text after the first {@code :}, or null
 * @param filter which steps or traces it runs on ({@link StepFilter#ALL} when no braces were given)
 *
 * <p>Only the syntax lives here, with the settings, so that a bad {@code traceflow.evals} is reported when the
 * configuration is read; which evaluators exist, and what their arguments mean, the evals module knows.
 */
public record EvalSpec(String name, String argument, StepFilter filter) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern TRAILING_FILTER = Pattern.compile("\\{(\\s*[a-z]+\\s*=[^;{}]*(?:;\\s*[a-z]+\\s*=[^;{}]*)*)}\\s*$");

    /**
     * The name stored in {@code evals.name}: the spec without its filter, e.g. {@code max_latency_ms:2000}, so
     * that results for different thresholds stay apart and the same spec finds its earlier results.
     */
    public String label() {
        return argument == null ? name : name + ":" + argument;
    }

    @Override
    public String toString() {
        return filter.isAll() ? label() : label() + "{" + filter + "}";
    }

    /** Parses one spec; throws {@link IllegalArgumentException} saying what is wrong. */
    public static EvalSpec parse(String text) {
        String spec = text.trim();
        StepFilter filter = StepFilter.ALL;
        Matcher m = TRAILING_FILTER.matcher(spec);
        if (m.find() && looksLikeFilter(m.group(1))) {
            filter = StepFilter.parse(List.of(m.group(1).split(";")));
            spec = spec.substring(0, m.start()).trim();
        }
        int colon = spec.indexOf(':');
        String name = (colon < 0 ? spec : spec.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        String argument = colon < 0 ? null : spec.substring(colon + 1).trim();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not an evaluator spec (NAME[:ARGUMENT], e.g."
                    + " max_latency_ms:2000)");
        }
        return new EvalSpec(name, argument, filter);
    }

    private static boolean looksLikeFilter(String body) {
        for (String part : body.split(";")) {
            String key = part.substring(0, part.indexOf('=')).trim();
            if (!StepFilter.KEYS.contains(key)) {
                return false;
            }
        }
        return true;
    }

    /** Parses a comma-separated list of specs; blank entries are skipped. */
    public static List<EvalSpec> parseList(String text) {
        List<EvalSpec> out = new ArrayList<>();
        for (String part : splitTopLevel(text)) {
            if (!part.isBlank()) {
                out.add(parse(part));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Splits on commas outside (), [], {} and not escaped as {@code \,} (the escape is removed). */
    static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == ',') {
                current.append(',');
                i++;
                continue;
            }
            if (c == '\\' && i + 1 < text.length()) { // any other escape is the argument's (a regex's): keep it whole
                current.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString());
        return parts;
    }
}
