package io.traceflow.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** A call the provider fails with HTTP 500 ({@code contract-error}): an error step, and the app's own exception. */
public interface ErrorContract extends Library {
    @Test
    default void aFailedCallIsAnErrorStepWithItsHttpStatus() throws Exception {
        Map<String, Object> step = recording().step("FAIL500 contract error");
        assertThat(step.get("status")).isEqualTo("error");
        assertThat(step.get("http_status")).isEqualTo(500);
        assertThat(step.get("error_type")).isNotNull();
        assertThat(step.get("error")).isNotNull();
        assertThat(step.get("output_messages_json")).isNull();
        assertThat(Recording.json(step.get("input_messages_json")).toString()).contains("FAIL500 contract error");
        assertThat(recording().traceOf(step).get("status")).isEqualTo("error");
        assertThat(Recording.printed(recording().recorded(), "contract-error")).contains("error ");
    }
}
