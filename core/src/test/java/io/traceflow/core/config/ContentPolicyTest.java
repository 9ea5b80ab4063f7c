package io.traceflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.ConfigLoader;
import io.traceflow.core.model.StepRow;

/** traceflow.capture.content, traceflow.redact and traceflow.capture.max.chars, applied to one text. */
class ContentPolicyTest {
    static final String SECRET = "sk-proj-AbCdEfGh0123456789xyz";

    private static ContentPolicy policy(boolean content, int maxChars) {
        return ContentPolicy.from(ConfigLoader.load(Map.of("traceflow.capture.content", String.valueOf(content),
                "traceflow.capture.max.chars", String.valueOf(maxChars)), Map.of()));
    }

    @Test
    void defaultsKeepContentAndRedactKeysAndBearerTokens() {
        ContentPolicy policy = ContentPolicy.from(Config.defaults());
        StepRow row = new StepRow();

        assertThat(policy.captureContent()).isTrue();
        assertThat(policy.content("key " + SECRET + " and Authorization: Bearer abc.DEF-123_xyz", row))
                .isEqualTo("key [REDACTED] and Authorization: [REDACTED]");
        assertThat(row.truncated).isFalse();
    }

    @Test
    void contentOffDropsContentButCleansMetadata() {
        ContentPolicy policy = policy(false, 10_000);
        StepRow row = new StepRow();

        assertThat(policy.content("the prompt", row)).isNull();
        assertThat(policy.clean("IllegalStateException: " + SECRET, row)).isEqualTo("IllegalStateException: [REDACTED]");
        assertThat(policy.redact("{\"hint\":\"" + SECRET + "\"}")).isEqualTo("{\"hint\":\"[REDACTED]\"}");
    }

    @Test
    void longTextIsCutAndTheStepMarkedTruncated() {
        ContentPolicy policy = policy(true, 16);
        StepRow row = new StepRow();

        assertThat(policy.content("0123456789abcdef", row)).as("exactly the limit").isEqualTo("0123456789abcdef");
        assertThat(row.truncated).isFalse();
        assertThat(policy.content("0123456789abcdefg", row)).isEqualTo("0123456789abcdef…[truncated]");
        assertThat(row.truncated).isTrue();
        // without a row to mark, the text is still cut
        assertThat(policy.clean("0123456789abcdefg", null)).isEqualTo("0123456789abcdef…[truncated]");
    }

    @Test
    void aSecretStraddlingTheLimitNeverSurvives() {
        ContentPolicy policy = policy(true, 16);
        StepRow row = new StepRow();
        // cut first, "abcdefghij" + "sk-pro" would be too short for the pattern and its start would be kept
        String text = "abcdefghij" + SECRET + " rest";

        String stored = policy.content(text, row);

        assertThat(stored).isEqualTo("abcdefghij[REDAC…[truncated]").doesNotContain("sk-");
        assertThat(row.truncated).isTrue();
    }

    @Test
    void redactionIsNeverCutAndNullStaysNull() {
        ContentPolicy policy = new ContentPolicy(true, 16, List.of(Pattern.compile("secret-\\d+"), Pattern.compile("pin=\\d{4}")));
        String parameters = "{\"a\":\"secret-1\",\"b\":\"pin=1234\",\"c\":\"a long value that is much longer than sixteen\"}";

        assertThat(policy.redact(parameters))
                .isEqualTo("{\"a\":\"[REDACTED]\",\"b\":\"[REDACTED]\",\"c\":\"a long value that is much longer than sixteen\"}");
        assertThat(policy.redact(null)).isNull();
        assertThat(policy.clean(null, new StepRow())).isNull();
        assertThat(policy.content(null, new StepRow())).isNull();
    }
}
