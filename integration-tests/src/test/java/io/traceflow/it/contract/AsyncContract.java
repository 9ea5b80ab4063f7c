package io.traceflow.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** An async call ({@code contract-async}: "Contract async"): recorded when its future completes. */
public interface AsyncContract extends Library {
    @Test
    default void anAsyncCallIsRecordedWhenItsFutureCompletes() throws Exception {
        Map<String, Object> step = recording().step("Contract async");
        assertThat(step.get("status")).isEqualTo("ok");
        assertThat(Recording.json(step.get("output_messages_json")).at("/0/parts/0/content").asText())
                .isEqualTo(answerTo("Contract async"));
        assertThat(((Number) step.get("latency_ms")).doubleValue()).isPositive();
    }
}
