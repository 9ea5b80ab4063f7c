package io.traceflow.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Which steps (or traces) an evaluator runs on: {@code KEY=GLOB} conditions that must all hold. Keys:
 * {@code model}, {@code operation}, {@code provider}, {@code status} (of the step), {@code trace} (the trace's
 * name), {@code kind} (the trace's kind). A glob matches the whole value, case-sensitively, with {@code *} (any
 * text) and {@code ?} (one character); {@code |} separates alternatives: {@code model=gpt-4o*|o3*}.
 *
 * <p>For a trace evaluator, {@code model}, {@code operation} and {@code provider} hold when any step of the trace
 * matches; {@code status} is the trace's status. (That matching is the evals module's: here is the syntax, the
 * conditions and their SQL.)
 */
public final class StepFilter {
    public static final Set<String> KEYS = Set.of("model", "operation", "provider", "status", "trace", "kind");
    public static final StepFilter ALL = new StepFilter(Map.of());

    private final Map<String, List<String>> conditions;
    private final Map<String, Pattern> patterns = new LinkedHashMap<>();

    private StepFilter(Map<String, List<String>> conditions) {
        this.conditions = conditions;
        conditions.forEach((key, globs) -> patterns.put(key, Pattern.compile(String.join("|",
                globs.stream().map(StepFilter::globToRegex).toList()))));
    }

    /** Parses {@code KEY=GLOB} entries; throws {@link IllegalArgumentException} for an unknown key or no {@code =}. */
    public static StepFilter parse(List<String> entries) {
        Map<String, List<String>> conditions = new LinkedHashMap<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String key = eq < 0 ? "" : entry.substring(0, eq).trim();
            if (eq < 0 || !KEYS.contains(key)) {
                throw new IllegalArgumentException("'" + entry.trim() + "' is not a filter; use KEY=GLOB with KEY one of"
                        + " model, operation, provider, status, trace, kind");
            }
            List<String> globs = new ArrayList<>();
            for (String g : entry.substring(eq + 1).trim().split("\\|", -1)) {
                globs.add(g.trim());
            }
            conditions.merge(key, globs, (a, b) -> {
                throw new IllegalArgumentException("filter key " + key + " given twice; use " + key + "=A|B");
            });
        }
        return conditions.isEmpty() ? ALL : new StepFilter(Collections.unmodifiableMap(conditions));
    }

    public boolean isAll() {
        return conditions.isEmpty();
    }

    public Map<String, List<String>> conditions() {
        return conditions;
    }

    /**
     * Whether every condition holds, {@code valueOf} giving the value of each key ({@code model}, {@code trace},
     * ...); a null value matches no condition.
     */
    public boolean matches(Function<String, String> valueOf) {
        for (Map.Entry<String, Pattern> c : patterns.entrySet()) {
            if (!test(c.getValue(), valueOf.apply(c.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the condition on {@code key} holds for {@code value}; true when there is no condition on that key. */
    public boolean test(String key, String value) {
        Pattern pattern = patterns.get(key);
        return pattern == null || test(pattern, value);
    }

    private static boolean test(Pattern pattern, String value) {
        return value != null && pattern.matcher(value).matches();
    }

    /**
     * The conditions as SQL over {@code steps s} joined with {@code traces t}: one {@code AND (...)} clause per key,
     * SQLite {@code GLOB} per alternative; the glob texts are appended to {@code args}.
     */
    public String toSql(List<Object> args) {
        StringBuilder sql = new StringBuilder();
        conditions.forEach((key, globs) -> {
            String column = switch (key) {
                case "model" -> "s.model";
                case "operation" -> "s.operation";
                case "provider" -> "s.provider";
                case "status" -> "s.status";
                case "trace" -> "t.name";
                default -> "t.kind";
            };
            sql.append(" AND (");
            for (int i = 0; i < globs.size(); i++) {
                sql.append(i > 0 ? " OR " : "").append(column).append(" GLOB ?");
                args.add(globs.get(i).replace("[", "[[]"));
            }
            sql.append(')');
        });
        return sql.toString();
    }

    /**
     * The conditions as SQL over {@code traces t}: {@code trace}, {@code kind}, {@code status} on the trace; the
     * step keys hold when some step of the trace matches.
     */
    public String toTraceSql(List<Object> args) {
        StringBuilder sql = new StringBuilder();
        conditions.forEach((key, globs) -> {
            String column = switch (key) {
                case "trace" -> "t.name";
                case "kind" -> "t.kind";
                case "status" -> "t.status";
                default -> "s." + key;
            };
            boolean stepKey = column.startsWith("s.");
            sql.append(stepKey ? " AND EXISTS (SELECT 1 FROM steps s WHERE s.trace_id = t.id AND (" : " AND (");
            for (int i = 0; i < globs.size(); i++) {
                sql.append(i > 0 ? " OR " : "").append(column).append(" GLOB ?");
                args.add(globs.get(i).replace("[", "[[]"));
            }
            sql.append(stepKey ? "))" : ")");
        });
        return sql.toString();
    }

    static String globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return "(?:" + re + ")";
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        conditions.forEach((k, v) -> parts.add(k + "=" + String.join("|", v)));
        return String.join(";", parts);
    }
}
