package io.traceflow.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Strict replay of a call nobody recorded ({@code contract-miss}: "Contract miss"): it fails with TraceFlow's
 * {@code CacheReplayMissException}, naming what was asked and how to record it, without any network call; the step
 * says so.
 */
public interface ReplayMissContract extends Library {
    @Test
    default void anUnrecordedCallFailsWithoutReachingTheNetwork() throws Exception {
        assertThat(recording().requestsReplayed()).isZero();
        assertThat(Recording.printed(recording().replayed(), "contract-miss"))
                .contains("CacheReplayMissException: TraceFlow replay: no recorded answer for chat")
                .contains("Contract miss").contains("-Dtraceflow.cache=read-write");
        Map<String, Object> step = recording().replayedStep("Contract miss");
        assertThat(step.get("status")).isEqualTo("error");
        assertThat((String) step.get("error_type")).endsWith("CacheReplayMissException");
        assertThat(step.get("cache_hit")).isEqualTo(0);
    }
}
