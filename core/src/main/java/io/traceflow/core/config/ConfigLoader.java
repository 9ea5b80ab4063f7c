package io.traceflow.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves every setting from, in order of precedence: system properties ({@code traceflow.x.y}), environment
 * variables ({@code TRACEFLOW_X_Y}), the properties file named by {@code traceflow.config}, the default.
 *
 * <p>Never throws: every bad input becomes one {@link ConfigProblem} and the setting keeps its default, so a typo
 * can cost a user a feature but never their application.
 */
public final class ConfigLoader {
    private static final String ENV_PREFIX = "TRACEFLOW_";

    private ConfigLoader() {
    }

    /** Reads the real system properties and environment. */
    public static Config fromEnvironment() {
        Map<String, String> props = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
        return load(props, System.getenv());
    }

    public static Config load(Map<String, String> systemProperties, Map<String, String> environment) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, String> sysprops = traceflowKeys(systemProperties);
        Map<String, String> env = new LinkedHashMap<>();
        environment.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX)) {
                env.put(k, v);
            }
        });
        Map<String, String> file = readConfigFile(sysprops, env, problems);

        reportUnknownKeys(sysprops, "system property", problems);
        reportUnknownEnv(env, problems);
        reportUnknownKeys(file, "config file", problems);

        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        Map<String, String> explicit = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.ALL) {
            String origin;
            String raw;
            if (sysprops.containsKey(setting.key())) {
                origin = "system property -D" + setting.key();
                raw = sysprops.get(setting.key());
            } else if (env.containsKey(setting.envName())) {
                origin = "environment variable " + setting.envName();
                raw = env.get(setting.envName());
            } else if (file.containsKey(setting.key())) {
                origin = "config file";
                raw = file.get(setting.key());
            } else {
                values.put(setting, setting.defaultValue());
                continue;
            }
            try {
                values.put(setting, setting.parse(raw));
                explicit.put(setting.key(), setting.secret() ? "[REDACTED]" : raw);
            } catch (InvalidValueException e) {
                values.put(setting, setting.defaultValue());
                String consequence = setting.essential()
                        ? "TraceFlow is off until this is fixed."
                        : "Using the default (" + display(setting.defaultText()) + ").";
                problems.add(new ConfigProblem(setting.key(), "invalid setting " + setting.key() + "=" + display(raw)
                        + " (" + origin + "): allowed: " + e.allowed() + ". " + consequence, setting.essential()));
            }
        }
        return new Config(values, explicit, problems);
    }

    private static Map<String, String> traceflowKeys(Map<String, String> source) {
        Map<String, String> out = new LinkedHashMap<>();
        source.forEach((k, v) -> {
            if (k.startsWith(Setting.PREFIX)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Map<String, String> readConfigFile(Map<String, String> sysprops, Map<String, String> env,
            List<ConfigProblem> problems) {
        String name = sysprops.getOrDefault(Settings.CONFIG.key(), env.get(Settings.CONFIG.envName()));
        if (name == null || name.isBlank()) {
            return Map.of();
        }
        Properties properties = new Properties();
        // Paths.get is inside the try: a name the platform rejects (a NUL byte) must become a problem, not a throw.
        try (Reader reader = Files.newBufferedReader(Paths.get(name.trim()), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            problems.add(new ConfigProblem(Settings.CONFIG.key(), "invalid setting traceflow.config=" + display(name)
                    + ": allowed: a readable properties file; this file does not exist. Its settings are ignored.",
                    false));
            return Map.of();
        } catch (IOException | IllegalArgumentException e) {
            problems.add(new ConfigProblem(Settings.CONFIG.key(), "invalid setting traceflow.config=" + display(name)
                    + ": allowed: a readable properties file; reading it failed (" + e.getMessage()
                    + "). Its settings are ignored.", false));
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            out.put(key.trim(), properties.getProperty(key));
        }
        return out;
    }

    // The value is in the message too: like a bad value, an unknown key is reported as the line the user wrote.
    private static void reportUnknownKeys(Map<String, String> settings, String origin, List<ConfigProblem> problems) {
        settings.forEach((key, value) -> {
            if (Settings.byKey(key) == null) {
                problems.add(new ConfigProblem(key, "unknown setting " + key + "=" + display(value) + " (" + origin
                        + ")" + suggestion(key) + "; it is ignored. See docs/configuration.md for the list.", false));
            }
        });
    }

    private static void reportUnknownEnv(Map<String, String> variables, List<ConfigProblem> problems) {
        variables.forEach((name, value) -> {
            boolean known = Settings.ALL.stream().anyMatch(s -> s.envName().equals(name));
            if (!known) {
                String guessedKey = name.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
                // Suggest the variable to rename it to: the user is editing the environment, not -D flags.
                Setting<?> near = nearest(guessedKey);
                String suggestion = near == null ? "" : ", did you mean " + near.envName() + "?";
                problems.add(new ConfigProblem(guessedKey, "unknown setting " + name + "=" + display(value)
                        + " (environment variable)" + suggestion
                        + "; it is ignored. See docs/configuration.md for the list.", false));
            }
        });
    }

    /** ", did you mean traceflow.x?" for a key within a small edit distance of a real one. */
    static String suggestion(String key) {
        Setting<?> near = nearest(key);
        return near == null ? "" : ", did you mean " + near.key() + "?";
    }

    /** The setting whose key is within a small edit distance of {@code key}, or null. */
    private static Setting<?> nearest(String key) {
        Setting<?> best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Setting<?> s : Settings.ALL) {
            int d = editDistance(key, s.key());
            if (d < bestDistance) {
                bestDistance = d;
                best = s;
            }
        }
        return best != null && bestDistance <= 3 ? best : null;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String display(String raw) {
        return raw.isEmpty() ? "''" : raw;
    }
}
