package io.traceflow.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import io.traceflow.core.util.Durations;

/** {@code --since}: a duration back from now ({@code 7d}, {@code 12h}), a date ({@code 2026-01-31}, UTC) or an instant. */
final class Since {
    private Since() {
    }

    static Long parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        try {
            return System.currentTimeMillis() - Durations.parse(t).toMillis();
        } catch (IllegalArgumentException notADuration) {
            // try a date next
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException notADate) {
            // try an instant next
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since '" + text + "' is not a duration (e.g. 7d, 12h), a date"
                    + " (2026-01-31) or an instant (2026-01-31T12:00:00Z)");
        }
    }
}
