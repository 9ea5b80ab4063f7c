package io.traceflow.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolved settings: every {@link Setting} has a value (its default when unset or invalid), plus the problems
 * found while resolving them. Immutable.
 */
public final class Config {
    private final Map<Setting<?>, Object> values;
    private final Map<String, String> sources;
    private final List<ConfigProblem> problems;

    Config(Map<Setting<?>, Object> values, Map<String, String> sources, List<ConfigProblem> problems) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        this.problems = List.copyOf(problems);
    }

    /** Defaults only; for tests and tools that take no user configuration. */
    public static Config defaults() {
        return ConfigLoader.load(Map.of(), Map.of());
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /** True when an essential setting was invalid, or tracing is switched off: the agent must not trace. */
    public boolean tracingOff() {
        return !get(Settings.ENABLED) || problems.stream().anyMatch(ConfigProblem::fatal);
    }

    /** The settings a user set explicitly, as raw text (secrets as [REDACTED]): recorded with each agent run. */
    public Map<String, String> explicitSettings() {
        return sources;
    }

    /** Returns a copy with one setting replaced; for tests and the CLI. */
    public <T> Config with(Setting<T> setting, T value) {
        Map<Setting<?>, Object> copy = new LinkedHashMap<>(values);
        copy.put(setting, value);
        return new Config(copy, sources, problems);
    }
}
