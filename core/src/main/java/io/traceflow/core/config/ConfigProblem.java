package io.traceflow.core.config;

/**
 * One thing wrong with the configuration, already phrased as the single line a user sees: it names the key, the
 * value, where it came from and what is allowed.
 *
 * @param key the setting key (or the unknown key)
 * @param message the full line
 * @param fatal true when the agent must run untraced because of it
 */
public record ConfigProblem(String key, String message, boolean fatal) {
}
