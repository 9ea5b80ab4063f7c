package io.traceflow.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Record, then replay offline: every recorded call is answered from {@code llm_cache} as the library's own type
 * (the app prints exactly what it printed live), recorded as a hit with the same neutral answer, and no request
 * reaches the server.
 */
public interface CacheHitContract extends Library {
    @Test
    default void replayedCallsAreHitsThatTheAppCannotTellFromTheLiveAnswer() throws Exception {
        assertThat(recording().requestsReplayed()).as(recording().replayed().toString()).isZero();
        for (String scenario : List.of("contract-chat", "contract-stream", "contract-tools", "contract-nested")) {
            assertThat(Recording.printed(recording().replayed(), scenario))
                    .isEqualTo(Recording.printed(recording().recorded(), scenario));
        }
        for (String prompt : List.of("Contract chat", "Contract stream", "Contract nested")) {
            Map<String, Object> live = recording().step(prompt);
            Map<String, Object> hit = recording().replayedStep(prompt);
            assertThat(hit.get("cache_hit")).isEqualTo(1);
            assertThat(hit.get("status")).isEqualTo("ok");
            assertThat(((Number) hit.get("saved_ms")).doubleValue()).isPositive();
            assertThat(((Number) hit.get("latency_ms")).doubleValue()).isGreaterThanOrEqualTo(0);
            assertThat(hit.get("output_messages_json")).isEqualTo(live.get("output_messages_json"));
            assertThat(hit.get("input_messages_json")).isEqualTo(live.get("input_messages_json"));
        }
    }
}
