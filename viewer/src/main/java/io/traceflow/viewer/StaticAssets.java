package io.traceflow.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The pages: plain HTML, CSS and JavaScript from this package's {@code ui/} resources, and Chart.js from its WebJar,
 * all inside the jar. Only names of the form {@code /name.ext} or {@code /js/name.js} are served, and only from the
 * class path; nothing here reads the file system.
 */
final class StaticAssets {
    record Asset(String contentType, byte[] bytes) {
    }

    private static final Pattern NAME = Pattern.compile("/(js/)?[a-z0-9][a-z0-9-]*\\.(html|css|js|svg)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml");
    private static final String UI = "ui";
    static final String CHART_JS = "/vendor/chart.umd.js";

    private final Map<String, Asset> cache = new ConcurrentHashMap<>();
    private final String chartJsResource;

    StaticAssets() {
        Properties vendor = new Properties();
        try (InputStream in = StaticAssets.class.getResourceAsStream("vendor.properties")) {
            if (in == null) {
                throw new IllegalStateException("vendor.properties is missing from the jar");
            }
            vendor.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        chartJsResource = "/META-INF/resources/webjars/chart.js/" + vendor.getProperty("chartjs.version")
                + "/dist/chart.umd.js";
    }

    /** The asset for a request path, or null when there is none. */
    Asset find(String path) {
        String p = path.equals("/") ? "/index.html" : path;
        if (p.equals(CHART_JS)) {
            return cache.computeIfAbsent(p, k -> load(chartJsResource, TYPES.get("js")));
        }
        if (!NAME.matcher(p).matches()) {
            return null;
        }
        String ext = p.substring(p.lastIndexOf('.') + 1);
        return cache.computeIfAbsent(p, k -> load(UI + p, TYPES.get(ext)));
    }

    private static Asset load(String resource, String type) {
        try (InputStream in = resource.startsWith("/") ? StaticAssets.class.getClassLoader()
                .getResourceAsStream(resource.substring(1)) : StaticAssets.class.getResourceAsStream(resource)) {
            return in == null ? null : new Asset(type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
