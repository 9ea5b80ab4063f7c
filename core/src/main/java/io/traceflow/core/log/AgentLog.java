package io.traceflow.core.log;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The agent's only logger: a few lines to stderr with a {@code [traceflow]} prefix. Deliberately not SLF4J or
 * java.util.logging, so the app's logging configuration neither sees nor changes what the agent says.
 */
public final class AgentLog {
    public enum Level { OFF, ERROR, WARN, INFO, DEBUG }

    private static volatile Level threshold = Level.INFO;

    private AgentLog() {
    }

    public static void setLevel(String level) {
        threshold = Level.valueOf(level.toUpperCase(Locale.ROOT));
    }

    public static boolean isEnabled(Level level) {
        return level != Level.OFF && threshold != Level.OFF && level.ordinal() <= threshold.ordinal();
    }

    public static void error(String message) {
        log(Level.ERROR, message, null);
    }

    public static void warn(String message) {
        log(Level.WARN, message, null);
    }

    public static void warn(String message, Throwable cause) {
        log(Level.WARN, message, cause);
    }

    public static void info(String message) {
        log(Level.INFO, message, null);
    }

    public static void debug(String message) {
        log(Level.DEBUG, message, null);
    }

    public static void debug(String message, Throwable cause) {
        log(Level.DEBUG, message, cause);
    }

    private static void log(Level level, String message, Throwable cause) {
        if (!isEnabled(level)) {
            return;
        }
        PrintStream err = System.err;
        String line = "[traceflow] " + level + " " + message;
        if (cause != null && !isEnabled(Level.DEBUG)) {
            line += " (" + cause + ")";
        }
        err.println(line);
        if (cause != null && isEnabled(Level.DEBUG)) {
            cause.printStackTrace(err);
        }
    }
}
