package io.traceflow.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions baked in at build time (src/main/resources-filtered). */
public final class TraceFlowVersion {
    private static final Properties PROPERTIES = load();

    private TraceFlowVersion() {
    }

    public static String agent() {
        return PROPERTIES.getProperty("version", "unknown");
    }

    public static String sqliteJdbc() {
        return PROPERTIES.getProperty("sqlite-jdbc", "unknown");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = TraceFlowVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // "unknown" versions are shown instead
        }
        return p;
    }
}
