package io.traceflow.core.config;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The parsers the settings are built from. Each rejects bad text with a message saying what is allowed. */
public final class ValueParsers {
    private ValueParsers() {
    }

    public static ValueParser<Boolean> bool() {
        return raw -> {
            String v = raw.trim().toLowerCase(Locale.ROOT);
            if (v.equals("true")) {
                return Boolean.TRUE;
            }
            if (v.equals("false")) {
                return Boolean.FALSE;
            }
            throw new InvalidValueException("true or false");
        };
    }

    public static ValueParser<Integer> intRange(int min, int max) {
        return raw -> {
            String allowed = "an integer from " + min + " to " + max;
            int value;
            try {
                value = Integer.parseInt(raw.trim().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new InvalidValueException(allowed);
            }
            if (value < min || value > max) {
                throw new InvalidValueException(allowed);
            }
            return value;
        };
    }

    /** An optional integer: empty text means "not set". */
    public static ValueParser<java.util.Optional<Integer>> optionalIntRange(int min, int max) {
        ValueParser<Integer> number = intRange(min, max);
        return raw -> raw.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(number.parse(raw));
    }

    /** A host name or IP address literal (no scheme, port or path). */
    public static ValueParser<String> host() {
        Pattern allowed = Pattern.compile("[A-Za-z0-9.:\\[\\]%_-]+");
        return raw -> {
            String v = raw.trim();
            if (v.isEmpty() || !allowed.matcher(v).matches()) {
                throw new InvalidValueException("a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0");
            }
            return v;
        };
    }

    /** One of a fixed set of lower-case words; input is matched case-insensitively. */
    public static ValueParser<String> oneOf(String... allowedValues) {
        List<String> allowed = List.of(allowedValues);
        return raw -> {
            String v = raw.trim().toLowerCase(Locale.ROOT);
            if (!allowed.contains(v)) {
                throw new InvalidValueException("one of " + String.join(", ", allowed));
            }
            return v;
        };
    }

    public static ValueParser<Path> path() {
        return raw -> {
            if (raw.isBlank()) {
                throw new InvalidValueException("a file path");
            }
            try {
                return Paths.get(raw.trim());
            } catch (RuntimeException e) {
                throw new InvalidValueException("a valid file path");
            }
        };
    }

    /** An optional file path: empty text means "none". */
    public static ValueParser<String> optionalText() {
        return String::trim;
    }

    /** A comma-separated subset of {@code names}; {@code all} and {@code none} are shorthands. */
    /**
     * Names, comma-separated ({@code all} alone stands for every one, {@code none} or nothing for none): the names
     * themselves are known only to who reads the setting (the agent, from the instrumentation modules it finds), so
     * only their form is checked here.
     */
    public static ValueParser<List<String>> nameList(String all) {
        return raw -> {
            String v = raw.trim().toLowerCase(Locale.ROOT);
            if (v.equals(all)) {
                return List.of(all);
            }
            if (v.equals("none") || v.isEmpty()) {
                return List.of();
            }
            List<String> chosen = new ArrayList<>();
            for (String part : v.split(",")) {
                String name = part.trim();
                if (!name.matches("[a-z][a-z0-9_-]*")) {
                    throw new InvalidValueException("a comma-separated list of instrumentation names; or " + all
                            + "; or none");
                }
                if (!chosen.contains(name)) {
                    chosen.add(name);
                }
            }
            return Collections.unmodifiableList(chosen);
        };
    }

    /** A duration like {@code 7d} or {@code 12h}; empty text means "none" ({@code Duration.ZERO}). */
    public static ValueParser<java.time.Duration> optionalDuration() {
        return raw -> {
            if (raw.isBlank()) {
                return java.time.Duration.ZERO;
            }
            try {
                return io.traceflow.core.util.Durations.parse(raw);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException(io.traceflow.core.util.Durations.ALLOWED + "; or empty for none");
            }
        };
    }

    /** Evaluator specs, comma-separated (see {@link EvalSpec}); empty means none. */
    public static ValueParser<List<EvalSpec>> evalSpecs() {
        return raw -> {
            try {
                return EvalSpec.parseList(raw);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("comma-separated evaluator specs NAME[:ARGUMENT][{KEY=GLOB;...}], e.g."
                        + " json_valid,max_latency_ms:2000 (" + e.getMessage() + ")");
            }
        };
    }

    /** Comma-separated words (e.g. parameter names); empty means none. */
    public static ValueParser<List<String>> wordList() {
        return raw -> {
            List<String> out = new ArrayList<>();
            for (String part : raw.split(",")) {
                String word = part.trim();
                if (word.isEmpty()) {
                    continue;
                }
                if (!word.matches("[A-Za-z0-9_.-]+")) {
                    throw new InvalidValueException("comma-separated names made of letters, digits, _ . - ('" + word
                            + "' is not one)");
                }
                out.add(word);
            }
            return Collections.unmodifiableList(out);
        };
    }

    /** Files or folders, separated by commas or the platform's path separator; empty means none. */
    public static ValueParser<List<Path>> pathList() {
        return raw -> {
            List<Path> paths = new ArrayList<>();
            for (String part : raw.split("[," + Pattern.quote(java.io.File.pathSeparator) + "]")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                try {
                    paths.add(Paths.get(p));
                } catch (RuntimeException e) {
                    throw new InvalidValueException("jar files or folders separated by commas ('" + p
                            + "' is not a valid path)");
                }
            }
            return Collections.unmodifiableList(paths);
        };
    }

    /** An http or https URL. */
    public static ValueParser<String> httpUrl() {
        return raw -> {
            String v = raw.trim();
            try {
                java.net.URI uri = new java.net.URI(v);
                if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                        && uri.getHost() != null) {
                    return v;
                }
            } catch (java.net.URISyntaxException e) {
                // falls through to the message
            }
            throw new InvalidValueException("an http:// or https:// URL, e.g. https://api.openai.com/v1");
        };
    }

    /** Text that must not be blank. */
    public static ValueParser<String> text() {
        return raw -> {
            if (raw.isBlank()) {
                throw new InvalidValueException("a non-empty text");
            }
            return raw.trim();
        };
    }

    private static final Pattern METHOD_SPEC = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$.]*#([\\p{L}_$][\\p{L}\\p{N}_$]*|\\*)");

    /** Comma-separated {@code fully.qualified.Class#method} or {@code Class#*} entries. */
    public static ValueParser<List<String>> methodList() {
        return raw -> {
            List<String> specs = new ArrayList<>();
            for (String part : raw.split(",")) {
                String spec = part.trim();
                if (spec.isEmpty()) {
                    continue;
                }
                if (!METHOD_SPEC.matcher(spec).matches()) {
                    throw new InvalidValueException("comma-separated entries like com.acme.Agent#run or com.acme.Bot#*"
                            + " ('" + spec + "' is not one)");
                }
                specs.add(spec);
            }
            return Collections.unmodifiableList(specs);
        };
    }

    /**
     * Java regular expressions separated by {@code ;;} (a comma cannot separate them: {@code {16,}} is common in
     * a pattern). Every pattern must compile.
     */
    public static ValueParser<List<Pattern>> regexList() {
        return raw -> {
            List<Pattern> patterns = new ArrayList<>();
            for (String part : raw.split(";;")) {
                String regex = part.trim();
                if (regex.isEmpty()) {
                    continue;
                }
                try {
                    patterns.add(Pattern.compile(regex));
                } catch (PatternSyntaxException e) {
                    throw new InvalidValueException("Java regular expressions separated by ;; ("
                            + e.getDescription() + " in '" + regex + "')");
                }
            }
            return Collections.unmodifiableList(patterns);
        };
    }
}
