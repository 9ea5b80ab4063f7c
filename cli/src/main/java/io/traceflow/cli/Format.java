package io.traceflow.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Durations, counts, costs and times for terminal output; unknown values are "-". */
final class Format {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Format() {
    }

    static String ms(Number value) {
        if (value == null) {
            return "-";
        }
        double v = value.doubleValue();
        if (v < 1000) {
            return String.format(Locale.ROOT, v < 10 ? "%.1f ms" : "%.0f ms", v);
        }
        return String.format(Locale.ROOT, "%.2f s", v / 1000);
    }

    static String count(Long value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%,d", value);
    }

    static String cost(Double usd) {
        if (usd == null) {
            return "-";
        }
        return usd == 0 ? "$0" : usd < 0.01 ? String.format(Locale.ROOT, "$%.6f", usd)
                : String.format(Locale.ROOT, "$%.4f", usd);
    }

    static String time(long epochMs) {
        return TIME.format(Instant.ofEpochMilli(epochMs));
    }

    static String oneLine(String text, int max) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }
}
