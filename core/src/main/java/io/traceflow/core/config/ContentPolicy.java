package io.traceflow.core.config;

import java.util.List;
import java.util.regex.Pattern;

import io.traceflow.core.model.StepRow;

/**
 * Applies the content settings to every text before it is stored: {@code traceflow.capture.content} (drop it),
 * {@code traceflow.redact} (mask secrets), {@code traceflow.capture.max.chars} (cut, and mark the step truncated).
 * Redaction runs before truncation so a secret cut in half cannot survive.
 */
public final class ContentPolicy {
    static final String REDACTED = "[REDACTED]";
    static final String TRUNCATED_MARK = "…[truncated]";

    private final boolean captureContent;
    private final int maxChars;
    private final List<Pattern> redact;

    public ContentPolicy(boolean captureContent, int maxChars, List<Pattern> redact) {
        this.captureContent = captureContent;
        this.maxChars = maxChars;
        this.redact = List.copyOf(redact);
    }

    public static ContentPolicy from(Config config) {
        return new ContentPolicy(config.get(Settings.CAPTURE_CONTENT), config.get(Settings.CAPTURE_MAX_CHARS),
                config.get(Settings.REDACT));
    }

    public boolean captureContent() {
        return captureContent;
    }

    /** Prompt or response text (also JSON carrying it): null when content capture is off. */
    public String content(String text, StepRow row) {
        return captureContent ? clean(text, row) : null;
    }

    /** Metadata that may still carry a secret (request parameters): redacted, never cut (it must stay JSON). */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Pattern pattern : redact) {
            out = pattern.matcher(out).replaceAll(REDACTED);
        }
        return out;
    }

    /** Text that is not prompt content (error messages, model names): always kept, still redacted and cut. */
    public String clean(String text, StepRow row) {
        if (text == null) {
            return null;
        }
        String out = redact(text);
        if (out.length() > maxChars) {
            out = out.substring(0, maxChars) + TRUNCATED_MARK;
            if (row != null) {
                row.truncated = true;
            }
        }
        return out;
    }
}
