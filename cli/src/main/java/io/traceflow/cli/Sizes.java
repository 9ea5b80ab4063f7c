package io.traceflow.cli;

import java.util.Locale;

/** Byte counts for people: {@code 1.4 MiB (1468006 bytes)}. */
final class Sizes {
    private Sizes() {
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s (%d bytes)", value, units[unit], bytes);
    }
}
