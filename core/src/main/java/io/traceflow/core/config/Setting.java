package io.traceflow.core.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One {@code traceflow.*} setting: its key, the type a user reads in the docs, its default, what it means, and how
 * its text is parsed. All settings are declared in {@link Settings}; docs/configuration.md is tested against them.
 */
public final class Setting<T> {
    static final String PREFIX = "traceflow.";

    private final String key;
    private final String type;
    private final String defaultText;
    private final String description;
    private final ValueParser<T> parser;
    private final boolean essential;
    private final boolean secret;

    Setting(String key, String type, String defaultText, String description, ValueParser<T> parser, boolean essential) {
        this(key, type, defaultText, description, parser, essential, false);
    }

    Setting(String key, String type, String defaultText, String description, ValueParser<T> parser, boolean essential,
            boolean secret) {
        if (!key.startsWith(PREFIX)) {
            throw new IllegalArgumentException(key);
        }
        this.key = key;
        this.type = type;
        this.defaultText = defaultText;
        this.description = description;
        this.parser = parser;
        this.essential = essential;
        this.secret = secret;
    }

    /** A secret's value is never written anywhere (not to agent_runs.settings_json, not to a log line). */
    public boolean secret() {
        return secret;
    }

    public String key() {
        return key;
    }

    /** The environment variable that also sets it: dots become underscores, upper case. */
    public String envName() {
        return toEnvName(key);
    }

    public String type() {
        return type;
    }

    public String defaultText() {
        return defaultText;
    }

    public String description() {
        return description;
    }

    /** When an essential setting is invalid, the agent cannot guess the user's intent and runs untraced. */
    public boolean essential() {
        return essential;
    }

    public T parse(String raw) throws InvalidValueException {
        return parser.parse(Objects.requireNonNull(raw));
    }

    T defaultValue() {
        try {
            return parser.parse(defaultText);
        } catch (InvalidValueException e) {
            throw new IllegalStateException("default of " + key + " does not parse: " + e.allowed(), e);
        }
    }

    static String toEnvName(String key) {
        return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return key;
    }
}
